#include "dlq/failure_ledger.h"

#include "util/time_text.h"

namespace syncline::dlq {

FailureLedger::Failure FailureLedger::recordFailure(Lsn commitLsn, const std::string &eventId,
                                                    const std::string &sqlstate,
                                                    const std::string &message)
{
    std::lock_guard lock(m_mutex);
    auto [it, added] = m_failures.try_emplace(eventId);
    if (added) {
        it->second.firstFailedAt = isoUtcNow();
        m_transactions.insert(commitLsn.value());
        ++m_count;
    }
    ++it->second.attempts;
    it->second.sqlstate = sqlstate;
    it->second.message = message;
    return it->second;
}

bool FailureLedger::hasFailuresIn(Lsn commitLsn) const
{
    if (m_count.load(std::memory_order_relaxed) == 0)
        return false;
    std::lock_guard lock(m_mutex);
    return m_transactions.count(commitLsn.value()) != 0;
}

std::optional<FailureLedger::Failure> FailureLedger::failure(const std::string &eventId) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_failures.find(eventId);
    if (it == m_failures.end())
        return std::nullopt;
    return it->second;
}

void FailureLedger::forget(Lsn commitLsn, const std::string &eventId)
{
    std::lock_guard lock(m_mutex);
    if (m_failures.erase(eventId) == 0)
        return;
    m_transactions.erase(m_transactions.find(commitLsn.value()));
    --m_count;
}

} // namespace syncline::dlq
