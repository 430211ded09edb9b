#pragma once

#include "transport/kafka/embedded_backlog.h"
#include "transport/kafka/kafka_handle.h"

#include <string>

typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace syncline::kafka {

// librdkafka's in-process mock cluster (`brokers: embedded`): real Kafka protocol on local
// ports, kept in memory. For the demo and tests only: it is gone when the process ends.
class EmbeddedCluster
{
public:
    explicit EmbeddedCluster(int brokers = 1);
    ~EmbeddedCluster();
    EmbeddedCluster(const EmbeddedCluster &) = delete;
    EmbeddedCluster &operator=(const EmbeddedCluster &) = delete;

    std::string bootstrap() const;
    // Unique to this cluster: mock clusters may all report the same cluster id, and offsets
    // stored against an earlier one must not be used on this one.
    const std::string &identity() const { return m_identity; }
    // The mock broker does not take CreateTopics requests; topics are made here instead.
    void createTopic(const std::string &name, int partitions);
    rd_kafka_mock_cluster_t *mock() const { return m_cluster; }
    EmbeddedBacklog &backlog() { return m_backlog; }

private:
    Handle m_handle;
    rd_kafka_mock_cluster_t *m_cluster = nullptr;
    std::string m_identity;
    EmbeddedBacklog m_backlog;
};

} // namespace syncline::kafka
