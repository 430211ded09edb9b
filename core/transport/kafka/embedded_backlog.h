#pragma once

#include "transport/kafka/topic_names.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <vector>

namespace syncline::kafka {

// The embedded (mock) broker keeps only about 5 MB per partition and silently drops the oldest
// messages beyond that. Its producer therefore waits while any partition holds more than a
// budget of bytes that some sink has not committed yet. Kept by the cluster, as its messages
// are: what one pipeline session produced and its sinks did not commit is still there when the
// next session starts.
class EmbeddedBacklog
{
public:
    using CommittedOffset = std::function<std::int64_t(const TopicPartition &)>;

    static constexpr std::int64_t kBudgetBytes = 2 * 1024 * 1024;

    // A new session's producer (nothing queued yet) and sinks.
    void startSession(std::vector<CommittedOffset> sinks)
    {
        m_sinks = std::move(sinks);
        m_queuedBytes = 0;
    }
    void queued(std::int64_t bytes) { m_queuedBytes += bytes; }
    void delivered(const TopicPartition &partition, std::int64_t offset, std::int64_t bytes);
    void failed(std::int64_t bytes) { m_queuedBytes -= bytes; }
    // True while a partition, counting what is still queued, is over the budget.
    bool full();

private:
    struct Delivered
    {
        std::int64_t offset;
        std::int64_t bytesThrough; // bytes of this partition up to and including this message
    };
    struct Partition
    {
        std::deque<Delivered> unconsumed;
        std::int64_t consumedBytes = 0;
    };
    std::int64_t committedByAll(const TopicPartition &partition) const;

    std::vector<CommittedOffset> m_sinks;
    std::map<TopicPartition, Partition> m_partitions;
    std::int64_t m_queuedBytes = 0;
};

} // namespace syncline::kafka
