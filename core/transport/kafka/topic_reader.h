#pragma once

#include "transport/kafka/browse_types.h"
#include "transport/kafka/kafka_handle.h"
#include "transport/kafka/message_filter.h"

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

namespace syncline::kafka {

struct StartPosition
{
    enum class Kind
    {
        Beginning, // each partition's low watermark
        End,       // the last `value` messages of each partition (0: only what comes next)
        Offset,    // offset `value` in each partition, kept within its watermarks
        Timestamp  // the first message at or after `value` (ms since the epoch)
    };
    Kind kind = Kind::Beginning;
    std::int64_t value = 0;
    int partition = -1; // one partition, or -1 for all
};

struct ReaderPartition
{
    int partition = 0;
    std::int64_t low = 0;
    std::int64_t high = 0;  // when the reader was opened
    std::int64_t start = 0; // where reading began
};

struct OpenResult
{
    BrowseOutcome outcome = BrowseOutcome::Done;
    std::string error;
    std::vector<ReaderPartition> partitions;
};

struct MessagePage
{
    // Done: `maxMatched` messages matched. EndOfData: every partition is at its end (nothing
    // more right now; a live tail asks again later). TimedOut: the deadline passed before
    // either; `error` then names the last broker problem, if any.
    BrowseOutcome outcome = BrowseOutcome::Done;
    std::string error;
    std::vector<BrowsedMessage> messages; // the ones that matched, in the order they came
    std::int64_t scanned = 0;             // messages read for this page, matching or not
};

// Reads one topic from a start position, page by page, across its partitions, keeping what
// matches a filter. Uses its own consumer with manual assignment: it joins no group and
// commits nothing. Blocking, for a worker thread; one thread at a time.
class TopicReader
{
public:
    explicit TopicReader(const BrowseConnection &connection);
    ~TopicReader();
    TopicReader(const TopicReader &) = delete;
    TopicReader &operator=(const TopicReader &) = delete;

    // Looks up the partitions and watermarks and positions the reader; resets the counts.
    // Timestamps go through the broker's offset-for-time lookup; when a broker answers "none"
    // although the partition's last message is recent enough (librdkafka's mock does), the
    // partition is searched by reading instead.
    OpenResult open(const std::string &topic, const StartPosition &start, MessageFilter filter,
                    BrowseDeadline deadline, const std::atomic<bool> *cancel = nullptr);

    MessagePage nextPage(std::size_t maxMatched, BrowseDeadline deadline,
                         const std::atomic<bool> *cancel = nullptr);

    std::int64_t scanned() const { return m_scanned; } // since open()
    std::int64_t matched() const { return m_matched; }
    const std::vector<ReaderPartition> &partitions() const { return m_partitions; }

private:
    BrowseOutcome startOffsets(const StartPosition &start, BrowseDeadline deadline,
                               const std::atomic<bool> *cancel, std::string &error);
    BrowseOutcome searchByReading(ReaderPartition &partition, std::int64_t timestampMs,
                                  BrowseDeadline deadline, const std::atomic<bool> *cancel);
    bool assign(const std::vector<std::pair<int, std::int64_t>> &offsets);
    bool allAtEnd() const;

    Handle m_consumer;
    std::string m_topic;
    MessageFilter m_filter;
    std::vector<ReaderPartition> m_partitions;
    std::vector<char> m_atEnd; // by index into m_partitions
    std::int64_t m_scanned = 0;
    std::int64_t m_matched = 0;
};

} // namespace syncline::kafka
