#pragma once

#include <cstdint>
#include <map>
#include <string>

typedef struct rd_kafka_s rd_kafka_t;

namespace syncline::kafka {

// Which partition each message goes to, chosen by the emitter rather than by librdkafka, so
// that it knows where the halves of a key move land and how many partitions a truncate must
// reach. Keys are hashed with murmur2, as Java clients (Debezium, Kafka Connect) hash them.
class MessagePlacement
{
public:
    explicit MessagePlacement(rd_kafka_t *client) : m_client(client) {}

    // The topic's partitions, from the brokers' metadata (asked once per topic); throws
    // TransientError when the brokers do not know the topic yet.
    int partitions(const std::string &topic);
    std::int32_t partitionOf(const std::string &topic, const std::string &key);

private:
    rd_kafka_t *m_client;
    std::map<std::string, int> m_partitions;
};

} // namespace syncline::kafka
