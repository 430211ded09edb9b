#pragma once

#include "model/lsn.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

namespace syncline::dlq {

// How often each change failed on one sink's target. The pipeline keeps it across sessions, so
// the count survives the reconnect that follows every failure; a change that has used up its
// retries is dead-lettered when its transaction is streamed again.
class FailureLedger
{
public:
    struct Failure
    {
        int attempts = 0;
        std::string firstFailedAt; // ISO 8601 UTC
        std::string sqlstate;
        std::string message;
    };

    // Counts one more failed attempt of the change and returns its record.
    Failure recordFailure(Lsn commitLsn, const std::string &eventId, const std::string &sqlstate,
                          const std::string &message);
    // Cheap tests for the hot path: has any change failed, any of this transaction?
    bool empty() const { return m_count.load(std::memory_order_relaxed) == 0; }
    bool hasFailuresIn(Lsn commitLsn) const;
    std::optional<Failure> failure(const std::string &eventId) const;
    void forget(Lsn commitLsn, const std::string &eventId);

private:
    mutable std::mutex m_mutex;
    std::atomic<int> m_count{0};
    std::unordered_map<std::string, Failure> m_failures;
    std::multiset<std::uint64_t> m_transactions;
};

} // namespace syncline::dlq
