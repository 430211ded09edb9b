#pragma once

#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "transport/kafka/embedded_backlog.h"
#include "transport/kafka/kafka_handle.h"
#include "transport/kafka/message_placement.h"
#include "transport/kafka/topic_names.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

typedef struct rd_kafka_message_s rd_kafka_message_t;
typedef struct rd_kafka_headers_s rd_kafka_headers_t;

namespace syncline {
struct TableDefinition;
}

namespace syncline {
struct EnvelopeSource;
}

namespace syncline::kafka {

class EmbeddedCluster;

// The source side of the Kafka transport: every change becomes a Debezium-compatible message
// on <prefix>.<schema>.<table> (key: the row's key as JSON), produced by an idempotent
// producer with acks=all. A source transaction counts as delivered once Kafka acknowledged
// every one of its messages; only then may the slot be confirmed past it. Each table schema
// version is also written to <prefix>._schemas.
class KafkaEmitter
{
public:
    KafkaEmitter(const PipelineConfig &config, const std::string &bootstrap,
                 EmbeddedCluster *embedded);
    ~KafkaEmitter();

    void prepareTopics(const std::vector<TableDefinition> &tables);
    // Produces the chunk's events. While librdkafka's queue is full it serves delivery reports
    // and calls `waiting`, which may throw to give up.
    void emit(const TransactionChunk &chunk, const std::function<void()> &waiting);
    // Waits up to `timeoutMs` for everything produced to be acknowledged; false if it was not.
    bool flush(int timeoutMs);
    // Serves delivery reports; throws TransientError once Kafka failed a message for good.
    void poll(int timeoutMs = 0);
    // Where every transaction up to here has been acknowledged by Kafka.
    Lsn deliveredThrough() const { return m_deliveredThrough; }
    // Embedded cluster (not durable): where every delivered transaction up to here has also
    // been committed by every sink, given each sink's committed next offsets.
    // With the embedded cluster, producing also waits while the sinks are too far behind (see
    // EmbeddedBacklog); `waiting` is called meanwhile.
    using CommittedOffset = EmbeddedBacklog::CommittedOffset;
    void setSinks(std::vector<CommittedOffset> sinks);
    Lsn consumedThrough();

    long long producedMessages() const { return m_produced; }

private:
    struct PendingTransaction
    {
        std::uint64_t sequence = 0;
        Lsn end;
        bool complete = false; // its last chunk was emitted
        long outstanding = 0;
        std::map<TopicPartition, std::int64_t> lastOffsets;
    };
    struct Outgoing
    {
        const std::string &topic;
        std::int32_t partition;
        const std::string &key;
        const std::string *value; // null: a tombstone
        std::string position;
        std::vector<std::pair<const char *, std::string>> headers;
    };
    static Handle createProducer(const PipelineConfig &config, const std::string &bootstrap,
                                 KafkaEmitter *self);
    static void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque);
    void delivered(std::uint64_t sequence, const std::string &topic, int partition,
                   std::int64_t offset, std::int64_t bytes, int error);
    bool awaitedBySinks(const std::string &topic) const;
    void produce(const Outgoing &message, const std::function<void()> &waiting);
    void makeRoom(const Outgoing &message, const std::function<void()> &waiting);
    // awaited: the topic's messages count in the embedded broker's backlog.
    void send(const Outgoing &message, bool awaited, const std::function<void()> &waiting);
    rd_kafka_headers_t *headersOf(const Outgoing &message) const;
    static std::int64_t bytesOf(const Outgoing &message, const rd_kafka_headers_t *headers);
    // keyMove: "delete" or "create" for the two halves of an update that moved its row to
    // another key in the same partition (header syncline.key_move), which Syncline's sinks
    // apply together.
    void produceEvent(const std::string &topic, const ChangeEvent &event, const std::string &key,
                      const EnvelopeSource &source, std::int64_t now, std::string position,
                      const std::function<void()> &waiting, const char *keyMove = nullptr);
    void produceKeyMove(const std::string &topic, const ChangeEvent &event,
                        const EnvelopeSource &source, std::int64_t now,
                        const std::pair<std::string, std::string> &positions,
                        const std::function<void()> &waiting);
    void produceTruncate(const ChangeEvent &event, const EnvelopeSource &source, std::int64_t now,
                         const std::string &position, const std::function<void()> &waiting);
    const std::vector<int> &messageKey(const std::shared_ptr<const TableSchema> &table);
    std::int32_t partitionOf(const std::string &topic, const TableSchema &table,
                             const std::string &key);
    void recordSchema(const TableSchema &table, Lsn lsn, const std::function<void()> &waiting);
    void settle();

    const PipelineConfig &m_config;
    EmbeddedCluster *m_embedded;
    Handle m_producer;
    MessagePlacement m_placement;
    std::string m_database;
    std::deque<PendingTransaction> m_pending;
    std::deque<PendingTransaction> m_unconsumed; // embedded only: delivered, maybe not applied
    std::vector<CommittedOffset> m_sinks;        // embedded only
    std::uint64_t m_nextSequence = 1;
    Lsn m_deliveredThrough;
    Lsn m_consumedThrough;
    std::string m_failure;
    bool m_emittingSnapshot = false; // the chunk being emitted holds snapshot rows
    long long m_produced = 0;
    std::map<std::string, TableSchema> m_schemas; // last version written, per table
    // The shape each partition's last syncline.columns header announced.
    std::map<std::pair<std::string, std::int32_t>, std::shared_ptr<const TableSchema>>
        m_announcedShapes;
    std::map<std::string, std::vector<std::string>> m_keyNames; // per table, from the catalog
    struct MessageKey
    {
        std::shared_ptr<const TableSchema> schema; // held, so its address is never reused
        std::vector<int> columns;
    };
    // Per relation version (each Relation message makes a new TableSchema).
    std::map<const TableSchema *, MessageKey> m_messageKeys;
};

} // namespace syncline::kafka
