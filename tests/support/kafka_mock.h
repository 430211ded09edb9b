#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace syncline::test {

// librdkafka's mock cluster, hosted by the test process, so that it outlives the runners the
// test kills; with the fault injection the tests need.
class KafkaMockCluster
{
public:
    explicit KafkaMockCluster(int brokers = 1);
    ~KafkaMockCluster();
    KafkaMockCluster(const KafkaMockCluster &) = delete;
    KafkaMockCluster &operator=(const KafkaMockCluster &) = delete;

    QString bootstrap() const;
    // The partition of `partitions` that murmur2 (Syncline's and Java clients' placement) gives
    // `key`.
    static int partitionOf(const QByteArray &key, int partitions);
    void createTopic(const QString &topic, int partitions);
    // The next `count` Produce requests fail with `error` (a Kafka error code, retriable ones
    // such as 6 NOT_LEADER_FOR_PARTITION or 7 REQUEST_TIMED_OUT), each answered after
    // `delayMs` when that is not 0 (broker 1 only).
    void failProduceRequests(int count, int error, int delayMs = 0);
    void setBrokerDown(int brokerId, bool down);
    // Every answer of the broker comes `milliseconds` late (0: at once again).
    void setBrokerRoundTrip(int brokerId, int milliseconds);

    struct Message
    {
        int partition = 0;
        qint64 offset = 0;
        QByteArray key;
        QByteArray value; // empty for a tombstone
        bool tombstone = false;
        QList<std::pair<QByteArray, QByteArray>> headers;
    };
    // Everything in the topic's partitions, read with a throw-away consumer.
    QList<Message> readAll(const QString &topic, int timeoutMs = 10000) const;
    // A null `value` produces a tombstone. `partition` -1: librdkafka's default partitioner.
    void produce(const QString &topic, const QByteArray &key, const QByteArray &value,
                 const QList<std::pair<QByteArray, QByteArray>> &headers = {}, int partition = -1);

private:
    rd_kafka_t *m_handle = nullptr;
    rd_kafka_mock_cluster_t *m_cluster = nullptr;
};

} // namespace syncline::test
