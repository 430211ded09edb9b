#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>
#include <utility>

typedef struct rd_kafka_s rd_kafka_t;

namespace syncline::test {

// Messages exactly as a test wants them on a topic: partition, timestamp, headers, tombstones.
struct FixtureMessage
{
    int partition = -1;     // -1: librdkafka's partitioner picks by key
    QByteArray key;         // null: no key
    QByteArray value;       // null: a tombstone
    qint64 timestampMs = 0; // 0: now
    QList<std::pair<QByteArray, QByteArray>> headers;
};

// A producer for test fixtures and benchmarks: queues messages (waiting while librdkafka's
// queue is full) and flushes; lz4-compressed batches let librdkafka's mock cluster keep
// 1,000,000 small messages (it keeps only about 5 MB per partition).
class FixtureProducer
{
public:
    explicit FixtureProducer(const QString &bootstrap);
    ~FixtureProducer();
    FixtureProducer(const FixtureProducer &) = delete;
    FixtureProducer &operator=(const FixtureProducer &) = delete;

    void produce(const QString &topic, const FixtureMessage &message);
    // Waits for every delivery; throws std::runtime_error when one failed.
    void flush();

private:
    rd_kafka_t *m_handle = nullptr;
    std::atomic<int> m_failed{0};
};

} // namespace syncline::test
