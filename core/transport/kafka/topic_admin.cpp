#include "transport/kafka/topic_admin.h"

#include "transport/kafka/embedded_cluster.h"
#include "util/errors.h"
#include "util/log.h"

#include <librdkafka/rdkafka.h>

#include <set>

namespace syncline::kafka {

namespace {

// The topics of `wanted` the cluster does not have; throws TransientError when it cannot say.
std::vector<std::string> missingTopics(rd_kafka_t *client, const std::vector<std::string> &wanted)
{
    const rd_kafka_metadata_t *metadata = nullptr;
    const auto error = rd_kafka_metadata(client, 1, nullptr, &metadata, 10000);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw TransientError(std::string("cannot reach the Kafka brokers: ") +
                             rd_kafka_err2str(error));
    std::set<std::string> existing;
    for (int i = 0; i < metadata->topic_cnt; ++i)
        if (metadata->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR)
            existing.insert(metadata->topics[i].topic);
    rd_kafka_metadata_destroy(metadata);
    std::vector<std::string> missing;
    for (const auto &topic : wanted)
        if (!existing.count(topic))
            missing.push_back(topic);
    return missing;
}

} // namespace

void ensureTopics(rd_kafka_t *client, const TransportConfig &transport, EmbeddedCluster *embedded,
                  const std::vector<std::string> &wanted)
{
    if (embedded) {
        for (const auto &topic : wanted)
            embedded->createTopic(topic, transport.partitions);
        return;
    }
    const auto topics = missingTopics(client, wanted);
    if (topics.empty())
        return;
    std::vector<rd_kafka_NewTopic_t *> requests;
    char error[512];
    for (const auto &topic : topics)
        requests.push_back(rd_kafka_NewTopic_new(topic.c_str(), transport.partitions,
                                                 transport.replicationFactor, error, sizeof error));
    rd_kafka_queue_t *queue = rd_kafka_queue_new(client);
    rd_kafka_AdminOptions_t *options =
        rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_request_timeout(options, 10000, error, sizeof error);
    rd_kafka_CreateTopics(client, requests.data(), requests.size(), options, queue);
    rd_kafka_event_t *event = rd_kafka_queue_poll(queue, 15000);
    rd_kafka_AdminOptions_destroy(options);
    const auto *result = event ? rd_kafka_event_CreateTopics_result(event) : nullptr;
    if (!result) {
        log::warning("kafka", "could not create the topics (no answer from the brokers); "
                              "relying on automatic topic creation");
    } else {
        size_t count = 0;
        const rd_kafka_topic_result_t **results =
            rd_kafka_CreateTopics_result_topics(result, &count);
        for (size_t i = 0; i < count; ++i) {
            const auto code = rd_kafka_topic_result_error(results[i]);
            const std::string name = rd_kafka_topic_result_name(results[i]);
            if (code == RD_KAFKA_RESP_ERR_NO_ERROR)
                log::info("kafka", "created topic " + name);
            else if (code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                log::warning("kafka", "cannot create topic " + name + ": " +
                                          rd_kafka_err2str(code) +
                                          "; relying on automatic topic creation");
        }
    }
    if (event)
        rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());
}

} // namespace syncline::kafka
