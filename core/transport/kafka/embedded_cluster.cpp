#include "transport/kafka/embedded_cluster.h"

#include "util/errors.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdio>
#include <random>

namespace syncline::kafka {

EmbeddedCluster::EmbeddedCluster(int brokers)
{
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!handle) {
        rd_kafka_conf_destroy(conf);
        throw PermanentError(std::string("cannot start the embedded Kafka cluster: ") + error);
    }
    m_handle.reset(handle);
    m_cluster = rd_kafka_mock_cluster_new(handle, brokers);
    if (!m_cluster)
        throw PermanentError("cannot start the embedded Kafka cluster");
    std::random_device random;
    char identity[40];
    std::snprintf(identity, sizeof identity, "embedded-%08x%08x", random(), random());
    m_identity = identity;
}

EmbeddedCluster::~EmbeddedCluster()
{
    rd_kafka_mock_cluster_destroy(m_cluster);
}

std::string EmbeddedCluster::bootstrap() const
{
    return rd_kafka_mock_cluster_bootstraps(m_cluster);
}

void EmbeddedCluster::createTopic(const std::string &name, int partitions)
{
    const auto error = rd_kafka_mock_topic_create(m_cluster, name.c_str(), partitions, 1);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        throw TransientError("embedded Kafka: cannot create topic " + name + ": " +
                             rd_kafka_err2str(error));
}

} // namespace syncline::kafka
