#include "transport/kafka/message_placement.h"

#include "util/errors.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <thread>

namespace syncline::kafka {

namespace {

// 0 while the brokers do not know the topic (yet: one created a moment ago, or on first use).
int askPartitions(rd_kafka_t *client, const std::string &topic)
{
    rd_kafka_topic_t *handle = rd_kafka_topic_new(client, topic.c_str(), nullptr);
    const rd_kafka_metadata_t *metadata = nullptr;
    const auto error = rd_kafka_metadata(client, 0, handle, &metadata, 10000);
    rd_kafka_topic_destroy(handle);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw TransientError("cannot reach the Kafka brokers: " +
                             std::string(rd_kafka_err2str(error)));
    int partitions = 0;
    if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
        partitions = metadata->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(metadata);
    return partitions;
}

} // namespace

int MessagePlacement::partitions(const std::string &topic)
{
    if (const auto known = m_partitions.find(topic); known != m_partitions.end())
        return known->second;
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (const int count = askPartitions(m_client, topic); count > 0)
            return m_partitions[topic] = count;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    throw TransientError("the Kafka brokers do not know topic " + topic);
}

std::int32_t MessagePlacement::partitionOf(const std::string &topic, const std::string &key)
{
    return rd_kafka_msg_partitioner_murmur2_random(nullptr, key.data(), key.size(),
                                                   partitions(topic), nullptr, nullptr);
}

} // namespace syncline::kafka
