#include "transport/kafka/dead_letter_topic.h"

#include "transport/kafka/topic_admin.h"
#include "util/errors.h"

#include <librdkafka/rdkafka.h>

namespace syncline::kafka {

DeadLetterTopic::DeadLetterTopic(const PipelineConfig &config, const std::string &sink,
                                 const std::string &bootstrap, EmbeddedCluster *embedded)
    : m_config(config), m_sink(sink), m_topic(config.transport.topicPrefix + ".dlq." + sink),
      m_producer(createHandle(HandleType::Producer, config.transport, bootstrap,
                              {{"client.id", "syncline-" + config.name + "-dlq"}},
                              {{"enable.idempotence", "true"}, {"acks", "all"}})),
      m_embedded(embedded)
{}

void DeadLetterTopic::publish(const dlq::DeadLetter &letter, const std::string &fromTopic,
                              int partition, std::int64_t offset)
{
    if (!m_topicReady) { // made on the first dead letter: most pipelines never need it
        ensureTopics(m_producer.get(), m_config.transport, m_embedded, {m_topic});
        m_topicReady = true;
    }
    rd_kafka_headers_t *headers = rd_kafka_headers_new(16);
    auto add = [&](const char *name, const std::string &value) {
        rd_kafka_header_add(headers, name, -1, value.data(), ssize_t(value.size()));
    };
    // Kafka Connect's dead-letter headers (errors.deadletterqueue.context.headers.enable).
    add("__connect.errors.topic", fromTopic);
    add("__connect.errors.partition", std::to_string(partition));
    add("__connect.errors.offset", std::to_string(offset));
    add("__connect.errors.connector.name", "syncline-" + m_config.name + '-' + m_sink);
    add("__connect.errors.task.id", "0");
    add("__connect.errors.stage", "TASK_PUT");
    add("__connect.errors.class.name", "syncline.sink.postgres");
    add("__connect.errors.exception.class.name", "syncline.TargetRejected." + letter.errorClass);
    add("__connect.errors.exception.message", letter.message);
    add("__connect.errors.exception.stacktrace",
        letter.message + "\n\tat sink " + m_sink + " (SQLSTATE " + letter.sqlstate + ")");
    add("syncline.error.class", letter.errorClass);
    add("syncline.attempts", std::to_string(letter.attempts));
    add("syncline.first_failed_at", letter.firstFailedAt);
    add("syncline.replay.count", std::to_string(letter.replayCount));
    add("syncline.dead_letter.id", std::to_string(letter.id));
    add("syncline.event", letter.eventId);
    const auto error = rd_kafka_producev(
        m_producer.get(), RD_KAFKA_V_TOPIC(m_topic.c_str()),
        RD_KAFKA_V_KEY(letter.key.data(), letter.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char *>(letter.value.data()), letter.value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_headers_destroy(headers);
        throw TransientError("cannot produce to " + m_topic + ": " + rd_kafka_err2str(error));
    }
    if (rd_kafka_flush(m_producer.get(), 30000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw TransientError("Kafka did not acknowledge dead letter #" + std::to_string(letter.id) +
                             " on " + m_topic);
}

} // namespace syncline::kafka
