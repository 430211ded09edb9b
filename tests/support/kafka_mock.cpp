#include "kafka_mock.h"

#include <QDateTime>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <stdexcept>

namespace syncline::test {

namespace {

rd_kafka_t *newClient(rd_kafka_type_t type, const QString &bootstrap, bool consumer)
{
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (!bootstrap.isEmpty())
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), error,
                          sizeof error);
    if (consumer) {
        rd_kafka_conf_set(conf, "group.id", "syncline-test-reader", error, sizeof error);
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
        rd_kafka_conf_set(conf, "enable.partition.eof", "true", error, sizeof error);
    }
    rd_kafka_t *handle = rd_kafka_new(type, conf, error, sizeof error);
    if (!handle)
        throw std::runtime_error(error);
    return handle;
}

} // namespace

KafkaMockCluster::KafkaMockCluster(int brokers)
    : m_handle(newClient(RD_KAFKA_PRODUCER, {}, false)),
      m_cluster(rd_kafka_mock_cluster_new(m_handle, brokers))
{}

KafkaMockCluster::~KafkaMockCluster()
{
    rd_kafka_mock_cluster_destroy(m_cluster);
    rd_kafka_destroy(m_handle);
}

QString KafkaMockCluster::bootstrap() const
{
    return QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(m_cluster));
}

int KafkaMockCluster::partitionOf(const QByteArray &key, int partitions)
{
    return rd_kafka_msg_partitioner_murmur2_random(nullptr, key.constData(), size_t(key.size()),
                                                   partitions, nullptr, nullptr);
}

void KafkaMockCluster::createTopic(const QString &topic, int partitions)
{
    rd_kafka_mock_topic_create(m_cluster, topic.toUtf8().constData(), partitions, 1);
}

void KafkaMockCluster::failProduceRequests(int count, int error, int delayMs)
{
    for (int i = 0; i < count; ++i)
        if (delayMs > 0)
            rd_kafka_mock_broker_push_request_error_rtts(m_cluster, 1, 0 /* Produce */, 1,
                                                         rd_kafka_resp_err_t(error), delayMs);
        else
            rd_kafka_mock_push_request_errors(m_cluster, 0 /* Produce */, 1,
                                              rd_kafka_resp_err_t(error));
}

void KafkaMockCluster::setBrokerDown(int brokerId, bool down)
{
    if (down)
        rd_kafka_mock_broker_set_down(m_cluster, brokerId);
    else
        rd_kafka_mock_broker_set_up(m_cluster, brokerId);
}

void KafkaMockCluster::setBrokerRoundTrip(int brokerId, int milliseconds)
{
    rd_kafka_mock_broker_set_rtt(m_cluster, brokerId, milliseconds);
}

QList<KafkaMockCluster::Message> KafkaMockCluster::readAll(const QString &topic,
                                                           int timeoutMs) const
{
    rd_kafka_t *consumer = newClient(RD_KAFKA_CONSUMER, bootstrap(), true);
    const QByteArray name = topic.toUtf8();
    const rd_kafka_metadata_t *metadata = nullptr;
    rd_kafka_topic_t *handle = rd_kafka_topic_new(consumer, name.constData(), nullptr);
    int partitions = 1;
    if (rd_kafka_metadata(consumer, 0, handle, &metadata, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR &&
        metadata->topic_cnt == 1) {
        partitions = metadata->topics[0].partition_cnt;
        rd_kafka_metadata_destroy(metadata);
    }
    rd_kafka_topic_destroy(handle);
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, name.constData(), p)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(consumer, list);
    rd_kafka_topic_partition_list_destroy(list);
    QList<Message> messages;
    int atEnd = 0;
    const qint64 until = QDateTime::currentMSecsSinceEpoch() + timeoutMs;
    while (atEnd < partitions && QDateTime::currentMSecsSinceEpoch() < until) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(consumer, 200);
        if (!message)
            continue;
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            ++atEnd;
        } else if (!message->err) {
            Message copy;
            copy.partition = message->partition;
            copy.offset = message->offset;
            copy.key = QByteArray(static_cast<const char *>(message->key), int(message->key_len));
            copy.tombstone = !message->payload;
            if (message->payload)
                copy.value =
                    QByteArray(static_cast<const char *>(message->payload), int(message->len));
            rd_kafka_headers_t *headers = nullptr;
            if (!rd_kafka_message_headers(message, &headers)) {
                const char *headerName = nullptr;
                const void *value = nullptr;
                size_t size = 0;
                for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &headerName, &value, &size);
                     ++i)
                    copy.headers.append({QByteArray(headerName),
                                         QByteArray(static_cast<const char *>(value), int(size))});
            }
            messages.append(copy);
        }
        rd_kafka_message_destroy(message);
    }
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    return messages;
}

void KafkaMockCluster::produce(const QString &topic, const QByteArray &key, const QByteArray &value,
                               const QList<std::pair<QByteArray, QByteArray>> &headers,
                               int partition)
{
    rd_kafka_t *producer = newClient(RD_KAFKA_PRODUCER, bootstrap(), false);
    const QByteArray name = topic.toUtf8();
    rd_kafka_headers_t *list = rd_kafka_headers_new(size_t(headers.size()));
    for (const auto &[header, headerValue] : headers)
        rd_kafka_header_add(list, header.constData(), header.size(), headerValue.constData(),
                            headerValue.size());
    rd_kafka_producev(
        producer, RD_KAFKA_V_TOPIC(name.constData()), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_KEY(key.constData(), size_t(key.size())),
        RD_KAFKA_V_VALUE(value.isNull() ? nullptr : const_cast<char *>(value.constData()),
                         size_t(value.size())),
        RD_KAFKA_V_HEADERS(list), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    rd_kafka_flush(producer, 10000);
    rd_kafka_destroy(producer);
}

} // namespace syncline::test
