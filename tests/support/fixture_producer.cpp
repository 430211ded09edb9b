#include "fixture_producer.h"

#include <librdkafka/rdkafka.h>

#include <stdexcept>
#include <string>

namespace syncline::test {

namespace {

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
{
    if (message->err)
        static_cast<std::atomic<int> *>(opaque)->fetch_add(1);
}

} // namespace

FixtureProducer::FixtureProducer(const QString &bootstrap)
{
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const std::pair<const char *, std::string> settings[] = {
        {"bootstrap.servers", bootstrap.toStdString()},
        {"compression.codec", "lz4"},
        {"linger.ms", "20"},
        {"batch.num.messages", "10000"},
        {"queue.buffering.max.messages", "500000"},
        {"enable.idempotence", "true"}};
    for (const auto &[name, value] : settings)
        if (rd_kafka_conf_set(conf, name, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK)
            throw std::runtime_error(error);
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, &m_failed);
    m_handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!m_handle)
        throw std::runtime_error(error);
}

FixtureProducer::~FixtureProducer()
{
    rd_kafka_flush(m_handle, 10000);
    rd_kafka_destroy(m_handle);
}

void FixtureProducer::produce(const QString &topic, const FixtureMessage &message)
{
    const QByteArray name = topic.toUtf8();
    rd_kafka_headers_t *headers = rd_kafka_headers_new(size_t(message.headers.size()));
    for (const auto &[header, value] : message.headers)
        rd_kafka_header_add(headers, header.constData(), header.size(), value.constData(),
                            value.size());
    for (;;) {
        const auto error = rd_kafka_producev(
            m_handle, RD_KAFKA_V_TOPIC(name.constData()),
            RD_KAFKA_V_PARTITION(message.partition < 0 ? RD_KAFKA_PARTITION_UA : message.partition),
            RD_KAFKA_V_KEY(message.key.isNull() ? nullptr : message.key.constData(),
                           size_t(message.key.size())),
            RD_KAFKA_V_VALUE(message.value.isNull() ? nullptr
                                                    : const_cast<char *>(message.value.constData()),
                             size_t(message.value.size())),
            RD_KAFKA_V_TIMESTAMP(message.timestampMs), RD_KAFKA_V_HEADERS(headers),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR)
            break; // librdkafka owns the headers now
        if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_headers_destroy(headers);
            throw std::runtime_error(std::string("produce: ") + rd_kafka_err2str(error));
        }
        rd_kafka_poll(m_handle, 10);
    }
    rd_kafka_poll(m_handle, 0);
}

void FixtureProducer::flush()
{
    if (rd_kafka_flush(m_handle, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw std::runtime_error("flush timed out");
    if (m_failed.exchange(0) > 0)
        throw std::runtime_error("some fixture messages were not delivered");
}

} // namespace syncline::test
