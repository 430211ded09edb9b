#include "transport/kafka/browse_client.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>
#include <random>

namespace syncline::kafka {

namespace {

bool isRetriable(rd_kafka_resp_err_t error)
{
    return error == RD_KAFKA_RESP_ERR__TIMED_OUT || error == RD_KAFKA_RESP_ERR__TRANSPORT ||
           error == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
           error == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
           error == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION ||
           error == RD_KAFKA_RESP_ERR__WAIT_COORD;
}

struct ListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t *list) const
    {
        rd_kafka_topic_partition_list_destroy(list);
    }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

// Offsets for `timestamp` (-2 earliest, -1 latest) of every partition of `topics`.
PartitionList listOffsets(rd_kafka_t *client, const std::vector<TopicInfo> &topics,
                          std::int64_t timestamp, BrowseDeadline deadline,
                          const std::atomic<bool> *cancel, BrowseOutcome &outcome,
                          std::string &error)
{
    for (;;) {
        PartitionList list(rd_kafka_topic_partition_list_new(1));
        for (const auto &topic : topics)
            for (const auto &partition : topic.partitions)
                rd_kafka_topic_partition_list_add(list.get(), topic.name.c_str(),
                                                  partition.partition)
                    ->offset = timestamp;
        // Not cut into slices: a retry would resend every request. One round trip per broker.
        const auto remaining =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - BrowseClock::now())
                .count();
        const auto result = rd_kafka_offsets_for_times(
            client, list.get(), int(std::clamp<std::int64_t>(remaining, 1, 1 << 30)));
        if (result == RD_KAFKA_RESP_ERR_NO_ERROR)
            return list;
        error = rd_kafka_err2str(result);
        if (isCancelled(cancel)) {
            outcome = BrowseOutcome::Cancelled;
        } else if (!isRetriable(result)) {
            outcome = BrowseOutcome::Failed;
        } else if (BrowseClock::now() < deadline) {
            continue;
        } else {
            outcome = BrowseOutcome::TimedOut;
        }
        return nullptr;
    }
}

} // namespace

Handle createBrowseConsumer(const BrowseConnection &connection)
{
    TransportConfig transport;
    transport.properties = connection.properties;
    std::random_device random;
    const std::string group = "syncline-browser-" + std::to_string(random());
    return createHandle(HandleType::Consumer, transport, connection.bootstrap,
                        {{"fetch.wait.max.ms", "100"},
                         {"queued.max.messages.kbytes", "16384"},
                         {"topic.metadata.refresh.interval.ms", "30000"}},
                        {{"group.id", group},
                         {"enable.auto.commit", "false"},
                         {"enable.auto.offset.store", "false"},
                         {"enable.partition.eof", "true"},
                         {"auto.offset.reset", "earliest"}});
}

bool isCancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

int sliceMs(BrowseDeadline deadline)
{
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - BrowseClock::now())
            .count();
    return int(std::clamp<std::int64_t>(remaining, 0, kBrowseSliceMs));
}

MetadataResult fetchMetadata(rd_kafka_t *client, const std::string &topic, BrowseDeadline deadline,
                             const std::atomic<bool> *cancel)
{
    MetadataResult result;
    rd_kafka_topic_t *only =
        topic.empty() ? nullptr : rd_kafka_topic_new(client, topic.c_str(), nullptr);
    const rd_kafka_metadata_t *metadata = nullptr;
    for (;;) {
        if (isCancelled(cancel)) {
            result.outcome = BrowseOutcome::Cancelled;
            break;
        }
        const auto error = rd_kafka_metadata(client, only ? 0 : 1, only, &metadata,
                                             std::max(sliceMs(deadline), 1));
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR)
            break;
        if (error != RD_KAFKA_RESP_ERR__TIMED_OUT || result.error.empty())
            result.error = rd_kafka_err2str(error);
        if (!isRetriable(error)) {
            result.outcome = BrowseOutcome::Failed;
            break;
        }
        if (BrowseClock::now() >= deadline) {
            result.outcome = BrowseOutcome::TimedOut;
            break;
        }
    }
    if (only)
        rd_kafka_topic_destroy(only);
    if (!metadata)
        return result;
    for (int t = 0; t < metadata->topic_cnt; ++t) {
        const auto &source = metadata->topics[t];
        TopicInfo info;
        info.name = source.topic;
        if (source.err)
            info.error = rd_kafka_err2str(source.err);
        for (int p = 0; p < source.partition_cnt; ++p)
            info.partitions.push_back({source.partitions[p].id, 0, 0, {}});
        std::sort(info.partitions.begin(), info.partitions.end(),
                  [](const auto &a, const auto &b) { return a.partition < b.partition; });
        result.topics.push_back(std::move(info));
    }
    rd_kafka_metadata_destroy(metadata);
    std::sort(result.topics.begin(), result.topics.end(),
              [](const auto &a, const auto &b) { return a.name < b.name; });
    result.error.clear();
    return result;
}

BrowseOutcome queryWatermarks(rd_kafka_t *client, std::vector<TopicInfo> &topics,
                              BrowseDeadline deadline, const std::atomic<bool> *cancel,
                              std::string &error)
{
    BrowseOutcome outcome = BrowseOutcome::Done;
    if (std::ranges::all_of(topics, [](const auto &topic) { return topic.partitions.empty(); }))
        return outcome; // nothing to ask; librdkafka rejects an empty list as invalid
    const auto low =
        listOffsets(client, topics, RD_KAFKA_OFFSET_BEGINNING, deadline, cancel, outcome, error);
    const auto high =
        low ? listOffsets(client, topics, RD_KAFKA_OFFSET_END, deadline, cancel, outcome, error)
            : nullptr;
    if (!high)
        return outcome;
    for (auto &topic : topics)
        for (auto &partition : topic.partitions) {
            const auto *first = rd_kafka_topic_partition_list_find(low.get(), topic.name.c_str(),
                                                                   partition.partition);
            const auto *next = rd_kafka_topic_partition_list_find(high.get(), topic.name.c_str(),
                                                                  partition.partition);
            const auto err = first && first->err ? first->err
                             : next              ? next->err
                                                 : RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;
            if (err || !first || first->offset < 0 || next->offset < 0) {
                partition.error =
                    rd_kafka_err2str(err ? err : RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION);
                continue;
            }
            partition.low = first->offset;
            partition.high = std::max(next->offset, first->offset);
        }
    return outcome;
}

} // namespace syncline::kafka
