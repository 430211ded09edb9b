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
//
// The mock (librdkafka 2.0) also loses a message when appending it makes the partition drop
// every message set it held: its log then starts after the new message. So a large message
// gets a spacer, an empty message in a set of its own, before it and after it: every append
// then keeps at least the set before it.
class EmbeddedBacklog
{
public:
    using CommittedOffset = std::function<std::int64_t(const TopicPartition &)>;

    // Counted as the log counts them, headers and framing included (KafkaEmitter's
    // recordBytes). 3.5 MB would be safe too, but measured no faster: the drain waits on the
    // round trip through librdkafka, not on the budget.
    static constexpr std::int64_t kBudgetBytes = 2 * 1024 * 1024;
    static constexpr std::int64_t kRetainedBytes = 5 * 1024 * 1024;
    static constexpr std::int64_t kLargestMessage = kRetainedBytes - 64 * 1024;

    // A new session's producer (nothing queued yet) and sinks.
    void startSession(std::vector<CommittedOffset> sinks)
    {
        m_sinks = std::move(sinks);
        m_queuedBytes = 0;
        m_queuedMessages = 0;
    }
    void queued(const TopicPartition &partition, std::int64_t bytes);
    void delivered(const TopicPartition &partition, std::int64_t offset, std::int64_t bytes);
    void failed(std::int64_t bytes);
    // True while a partition, counting what is still queued, would go over the budget with
    // `incoming` more bytes.
    bool full(std::int64_t incoming);
    // A message of `bytes` to `partition` must wait for a spacer first.
    bool needsSpacer(const TopicPartition &partition, std::int64_t bytes) const;
    long queuedMessages() const { return m_queuedMessages; }

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
    long m_queuedMessages = 0;
    std::map<TopicPartition, bool> m_lastWasLarge;
};

} // namespace syncline::kafka
