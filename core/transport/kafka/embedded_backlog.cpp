#include "transport/kafka/embedded_backlog.h"

#include <algorithm>
#include <limits>

namespace syncline::kafka {

void EmbeddedBacklog::delivered(const TopicPartition &partition, std::int64_t offset,
                                std::int64_t bytes)
{
    m_queuedBytes -= bytes;
    auto &log = m_partitions[partition];
    const std::int64_t before =
        log.unconsumed.empty() ? log.consumedBytes : log.unconsumed.back().bytesThrough;
    log.unconsumed.push_back({offset, before + bytes});
}

std::int64_t EmbeddedBacklog::committedByAll(const TopicPartition &partition) const
{
    std::int64_t committed = std::numeric_limits<std::int64_t>::max();
    for (const auto &sink : m_sinks)
        committed = std::min(committed, sink(partition));
    return committed;
}

bool EmbeddedBacklog::full()
{
    if (m_queuedBytes > kBudgetBytes)
        return true;
    for (auto &[partition, log] : m_partitions) {
        const std::int64_t committed = committedByAll(partition);
        while (!log.unconsumed.empty() && log.unconsumed.front().offset < committed) {
            log.consumedBytes = log.unconsumed.front().bytesThrough;
            log.unconsumed.pop_front();
        }
        const std::int64_t unconsumed =
            log.unconsumed.empty() ? 0 : log.unconsumed.back().bytesThrough - log.consumedBytes;
        if (unconsumed + m_queuedBytes > kBudgetBytes)
            return true;
    }
    return false;
}

} // namespace syncline::kafka
