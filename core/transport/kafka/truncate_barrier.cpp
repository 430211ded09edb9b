#include "transport/kafka/truncate_barrier.h"

#include "util/errors.h"

#include <librdkafka/rdkafka.h>

namespace syncline::kafka {

bool TruncateBarriers::holds(const TopicPartition &partition) const
{
    for (const auto &barrier : m_barriers)
        if (barrier.topic == partition.first && barrier.held.count(partition.second))
            return true;
    return false;
}

void TruncateBarriers::hold(const std::string &topic, int partition, std::int64_t offset,
                            const MessagePosition &position, int partitions,
                            std::optional<ChangeEvent> truncate, Lsn lsn)
{
    auto barrier = m_barriers.begin();
    while (barrier != m_barriers.end() &&
           !(barrier->topic == topic && barrier->position == position))
        ++barrier;
    if (barrier == m_barriers.end())
        barrier = m_barriers.insert(m_barriers.end(), {topic, position, partitions, {}, {}, {}});
    barrier->held[partition] = offset;
    if (truncate) {
        barrier->truncate = std::move(truncate);
        barrier->lsn = lsn;
    }
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partition);
    rd_kafka_pause_partitions(m_consumer, list);
    rd_kafka_topic_partition_list_destroy(list);
}

void TruncateBarriers::release(std::list<Barrier>::iterator barrier)
{
    const std::string topic = barrier->topic;
    rd_kafka_topic_partition_list_t *list =
        rd_kafka_topic_partition_list_new(int(barrier->held.size()));
    for (const auto &[partition, offset] : barrier->held)
        rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset = offset + 1;
    m_barriers.erase(barrier);
    // Messages fetched past the truncate before the pause took effect were dropped unread:
    // read on from right after it.
    rd_kafka_error_t *error = rd_kafka_seek_partitions(m_consumer, list, 10000);
    std::string problem = error ? rd_kafka_error_string(error) : "";
    if (error)
        rd_kafka_error_destroy(error);
    for (int i = 0; i < list->cnt && problem.empty(); ++i)
        if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR)
            problem = rd_kafka_err2str(list->elems[i].err);
    rd_kafka_resume_partitions(m_consumer, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (!problem.empty())
        throw TransientError("cannot read " + topic + " on after a truncate: " + problem);
}

} // namespace syncline::kafka
