#include "transport/kafka/embedded_backlog.h"

#include <algorithm>
#include <limits>

namespace syncline::kafka {

namespace {

// Larger than what the producer batches into one message set (batch.size, 1 MB): two of them
// need not fit the retention together.
constexpr std::int64_t kLargeMessage = 1024 * 1024;

} // namespace

void EmbeddedBacklog::queued(const TopicPartition &partition, std::int64_t bytes)
{
    m_queuedBytes += bytes;
    ++m_queuedMessages;
    m_lastWasLarge[partition] = bytes > kLargeMessage;
}

void EmbeddedBacklog::failed(std::int64_t bytes)
{
    m_queuedBytes -= bytes;
    --m_queuedMessages;
}

bool EmbeddedBacklog::needsSpacer(const TopicPartition &partition, std::int64_t bytes) const
{
    const auto last = m_lastWasLarge.find(partition);
    return bytes > kLargeMessage || (last != m_lastWasLarge.end() && last->second);
}

void EmbeddedBacklog::delivered(const TopicPartition &partition, std::int64_t offset,
                                std::int64_t bytes)
{
    m_queuedBytes -= bytes;
    --m_queuedMessages;
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

bool EmbeddedBacklog::full(std::int64_t incoming)
{
    // One message larger than the budget goes alone, once everything before it is consumed.
    const auto over = [&](std::int64_t held) { return held > 0 && held + incoming > kBudgetBytes; };
    if (over(m_queuedBytes))
        return true;
    for (auto &[partition, log] : m_partitions) {
        const std::int64_t committed = committedByAll(partition);
        while (!log.unconsumed.empty() && log.unconsumed.front().offset < committed) {
            log.consumedBytes = log.unconsumed.front().bytesThrough;
            log.unconsumed.pop_front();
        }
        const std::int64_t unconsumed =
            log.unconsumed.empty() ? 0 : log.unconsumed.back().bytesThrough - log.consumedBytes;
        if (over(unconsumed + m_queuedBytes))
            return true;
    }
    return false;
}

} // namespace syncline::kafka
