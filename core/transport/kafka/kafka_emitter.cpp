#include "transport/kafka/kafka_emitter.h"

#include "codec/debezium_envelope.h"
#include "codec/table_schema_json.h"
#include "model/table_definition.h"
#include "pg/conninfo.h"
#include "transport/kafka/embedded_cluster.h"
#include "transport/kafka/message_position.h"
#include "transport/kafka/topic_admin.h"
#include "transport/kafka/topic_names.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/json.h"
#include "util/log.h"
#include "util/time_text.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstring>
#include <memory>

namespace syncline::kafka {

namespace {

struct HeadersDeleter
{
    void operator()(rd_kafka_headers_t *headers) const { rd_kafka_headers_destroy(headers); }
};
using Headers = std::unique_ptr<rd_kafka_headers_t, HeadersDeleter>;

// What a record takes in a partition's log, at most: the embedded broker's retention counts
// these bytes, headers and framing included, not the payload. A record v2's framing is at most
// seven varints (35 bytes) and an attributes byte; a header's, two varints.
std::int64_t recordBytes(std::size_t keySize, std::size_t valueSize,
                         const rd_kafka_headers_t *headers)
{
    std::int64_t bytes = std::int64_t(keySize + valueSize) + 40;
    const char *name = nullptr;
    const void *value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0; headers && rd_kafka_header_get_all(headers, i, &name, &value, &size) ==
                                           RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i)
        bytes += std::int64_t(std::strlen(name) + size) + 10;
    return bytes;
}

// An update that moves its row to another message key.
bool changesKey(const ChangeEvent &event, const std::vector<int> &key)
{
    if (event.op != Operation::Update || !event.before || !event.after)
        return false;
    for (int index : key)
        if ((*event.before)[std::size_t(index)] != (*event.after)[std::size_t(index)])
            return true;
    return false;
}

// The delete of the old key and the create of the new one. TOASTed values the update left
// alone are taken from the old row where it carries them (replica identity full); otherwise
// they stay Debezium's placeholder, as in Debezium.
std::pair<ChangeEvent, ChangeEvent> splitKeyChange(const ChangeEvent &event)
{
    ChangeEvent removal;
    removal.op = Operation::Delete;
    removal.table = event.table;
    removal.before = event.before;
    removal.beforeIsKeyOnly = event.beforeIsKeyOnly;
    ChangeEvent creation;
    creation.op = Operation::Insert;
    creation.table = event.table;
    creation.after = event.after;
    for (std::size_t i = 0; i < creation.after->size(); ++i)
        if ((*creation.after)[i].isUnchangedToast() && !(*event.before)[i].isNull())
            (*creation.after)[i] = (*event.before)[i];
    return {std::move(removal), std::move(creation)};
}

} // namespace

Handle KafkaEmitter::createProducer(const PipelineConfig &config, const std::string &bootstrap,
                                    KafkaEmitter *self)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_dr_msg_cb(conf, &KafkaEmitter::onDelivery);
    rd_kafka_conf_set_opaque(conf, self);
    return createHandle(HandleType::Producer, config.transport, bootstrap,
                        {{"linger.ms", "5"},
                         // One request in flight per broker: a batch that failed is retried
                         // before the next is sent, so nothing overtakes it even where the
                         // broker does not check idempotent sequence numbers.
                         {"max.in.flight.requests.per.connection", "1"},
                         {"client.id", "syncline-" + config.name},
                         // Bounded memory: what waits for the brokers is counted in bytes
                         // (librdkafka's default is 1 GB). A message may take all of it: rows
                         // of several megabytes fit, up to 16 MB (brokers take 1 MB unless
                         // configured otherwise).
                         {"queue.buffering.max.kbytes", "16384"},
                         {"queue.buffering.max.messages", "20000"},
                         {"message.max.bytes", "16777216"}},
                        // No gaps: what lands in a partition is always everything produced to
                        // it up to some message. A message is never given up on (no timeout,
                        // no retry limit), and a failure that would leave a hole stops the
                        // producer instead (gapless guarantee); the session then starts again
                        // from the slot. So a sink that skips positions it has seen never skips
                        // one that did not land.
                        {{"enable.idempotence", "true"},
                         {"acks", "all"},
                         {"enable.gapless.guarantee", "true"},
                         {"message.timeout.ms", "0"},
                         {"message.send.max.retries", "2147483647"}},
                        conf);
}

KafkaEmitter::KafkaEmitter(const PipelineConfig &config, const std::string &bootstrap,
                           EmbeddedCluster *embedded)
    : m_config(config), m_embedded(embedded), m_producer(createProducer(config, bootstrap, this)),
      m_placement(m_producer.get()),
      m_database(config.source.type == "postgres" ? pg::databaseName(config.source.dsn) : "")
{}

KafkaEmitter::~KafkaEmitter() = default;

void KafkaEmitter::prepareTopics(const std::vector<TableDefinition> &tables)
{
    std::vector<std::string> topics;
    for (const auto &table : tables)
        topics.push_back(tableTopic(m_config.transport.topicPrefix, table.qualifiedName()));
    topics.push_back(m_config.transport.topicPrefix + "._schemas");
    for (const auto &table : tables)
        m_keyNames[table.qualifiedName()] = table.keyColumns;
    ensureTopics(m_producer.get(), m_config.transport, m_embedded, topics);
    for (const auto &topic : topics)
        m_placement.partitions(topic);
}

void KafkaEmitter::onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
{
    auto *self = static_cast<KafkaEmitter *>(opaque);
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR)
        headers = nullptr;
    self->delivered(std::uint64_t(reinterpret_cast<std::uintptr_t>(message->_private)),
                    rd_kafka_topic_name(message->rkt), message->partition, message->offset,
                    recordBytes(message->key_len, message->len, headers), message->err);
}

void KafkaEmitter::delivered(std::uint64_t sequence, const std::string &topic, int partition,
                             std::int64_t offset, std::int64_t bytes, int error)
{
    const bool awaitsSinks = awaitedBySinks(topic);
    if (awaitsSinks) {
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR)
            m_embedded->backlog().failed(bytes);
        else
            m_embedded->backlog().delivered({topic, partition}, offset, bytes);
    }
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (m_failure.empty())
            m_failure = "Kafka did not take a message for " + topic + ": " +
                        rd_kafka_err2str(rd_kafka_resp_err_t(error));
        return;
    }
    if (m_pending.empty() || sequence < m_pending.front().sequence)
        return;
    auto &transaction = m_pending[std::size_t(sequence - m_pending.front().sequence)];
    --transaction.outstanding;
    if (awaitsSinks) {
        auto &last = transaction.lastOffsets[{topic, partition}];
        last = std::max(last, offset);
    }
}

// Embedded cluster: what its sinks must consume before it is dropped. Sinks never read the
// schema history, so it neither waits for them nor counts as waiting.
bool KafkaEmitter::awaitedBySinks(const std::string &topic) const
{
    return m_embedded && !topic.ends_with("._schemas");
}

void KafkaEmitter::settle()
{
    while (!m_pending.empty() && m_pending.front().complete && m_pending.front().outstanding == 0) {
        SYNCLINE_FAILPOINT("kafka.acked_before_confirm");
        m_deliveredThrough = m_pending.front().end;
        if (m_embedded)
            m_unconsumed.push_back(std::move(m_pending.front()));
        m_pending.pop_front();
    }
}

void KafkaEmitter::poll(int timeoutMs)
{
    rd_kafka_poll(m_producer.get(), timeoutMs);
    if (!m_failure.empty())
        throw TransientError(m_failure);
    settle();
}

void KafkaEmitter::setSinks(std::vector<CommittedOffset> sinks)
{
    m_sinks = sinks;
    m_embedded->backlog().startSession(std::move(sinks));
}

Lsn KafkaEmitter::consumedThrough()
{
    while (!m_unconsumed.empty()) {
        for (const auto &[partition, offset] : m_unconsumed.front().lastOffsets)
            for (const auto &committed : m_sinks)
                if (committed(partition) <= offset)
                    return m_consumedThrough;
        m_consumedThrough = m_unconsumed.front().end;
        m_unconsumed.pop_front();
    }
    return m_consumedThrough;
}

void KafkaEmitter::produce(const Outgoing &message, const std::function<void()> &waiting)
{
    const bool awaited = awaitedBySinks(message.topic);
    if (awaited)
        makeRoom(message, waiting);
    send(message, awaited, waiting);
}

rd_kafka_headers_t *KafkaEmitter::headersOf(const Outgoing &message) const
{
    rd_kafka_headers_t *headers = rd_kafka_headers_new(message.headers.size() + 2);
    if (!message.position.empty())
        rd_kafka_header_add(headers, "syncline.position", -1, message.position.data(),
                            ssize_t(message.position.size()));
    for (const auto &[name, value] : message.headers)
        rd_kafka_header_add(headers, name, -1, value.data(), ssize_t(value.size()));
    if (m_emittingSnapshot)
        rd_kafka_header_add(headers, "syncline.snapshot", -1, "true", -1);
    return headers;
}

std::int64_t KafkaEmitter::bytesOf(const Outgoing &message, const rd_kafka_headers_t *headers)
{
    return recordBytes(message.key.size(), message.value ? message.value->size() : 0, headers);
}

// Embedded cluster: waits until the broker can keep the message until the sinks read it (see
// EmbeddedBacklog), with a spacer before it where it needs one.
void KafkaEmitter::makeRoom(const Outgoing &message, const std::function<void()> &waiting)
{
    auto &backlog = m_embedded->backlog();
    const std::int64_t bytes = bytesOf(message, Headers(headersOf(message)).get());
    if (bytes > EmbeddedBacklog::kLargestMessage)
        throw PermanentError("a change to " + message.topic + " is " + std::to_string(bytes) +
                             " bytes as a Kafka message; the embedded broker keeps at most " +
                             std::to_string(EmbeddedBacklog::kLargestMessage) +
                             " per message. Use a Kafka cluster for rows this large");
    const auto wait = [&](const std::function<bool()> &until) {
        while (!until()) {
            poll(10);
            waiting();
        }
    };
    wait([&] { return !backlog.full(bytes); });
    if (!backlog.needsSpacer({message.topic, message.partition}, bytes))
        return;
    wait([&] { return backlog.queuedMessages() == 0; });
    static const std::string none;
    send({message.topic, message.partition, none, nullptr, {}, {{"syncline.spacer", "true"}}}, true,
         waiting);
    wait([&] { return backlog.queuedMessages() == 0; });
}

void KafkaEmitter::send(const Outgoing &message, bool awaited, const std::function<void()> &waiting)
{
    Headers headers(headersOf(message));
    const std::int64_t bytes = bytesOf(message, headers.get());
    void *opaque = reinterpret_cast<void *>(std::uintptr_t(m_pending.back().sequence));
    const std::string &key = message.key;
    const std::string *value = message.value;
    for (;;) {
        const auto error = rd_kafka_producev(
            m_producer.get(), RD_KAFKA_V_TOPIC(message.topic.c_str()),
            RD_KAFKA_V_PARTITION(message.partition), RD_KAFKA_V_KEY(key.data(), key.size()),
            RD_KAFKA_V_VALUE(value ? const_cast<char *>(value->data()) : nullptr,
                             value ? value->size() : 0),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers.get()),
            RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
            headers.release(); // the message owns them now
            break;
        }
        if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            throw TransientError("cannot produce to " + message.topic + ": " +
                                 rd_kafka_err2str(error));
        poll(100); // bounded memory: wait for the brokers to take what is queued
        waiting();
    }
    ++m_pending.back().outstanding;
    ++m_produced;
    if (awaited)
        m_embedded->backlog().queued({message.topic, message.partition}, bytes);
}

void KafkaEmitter::recordSchema(const TableSchema &table, Lsn lsn,
                                const std::function<void()> &waiting)
{
    const auto known = m_schemas.find(table.qualifiedName());
    if (known != m_schemas.end() && known->second == table)
        return;
    const char *change = known == m_schemas.end() ? "CREATE" : "ALTER";
    m_schemas[table.qualifiedName()] = table;
    const std::string value = encodeTableSchema(table, lsn, unixMillisNow(), change);
    const std::string topic = m_config.transport.topicPrefix + "._schemas";
    const std::string key = jsonQuoted(table.qualifiedName());
    produce({topic,
             m_placement.partitionOf(topic, key),
             key,
             &value,
             MessagePosition{lsn.value(), 0}.toString(),
             {}},
            waiting);
}

void KafkaEmitter::produceEvent(const std::string &topic, const ChangeEvent &event,
                                const std::string &key, const EnvelopeSource &source,
                                std::int64_t now, std::string position,
                                const std::function<void()> &waiting, const char *keyMove)
{
    const std::string value = encodeValue(event, source, now);
    const std::int32_t partition = partitionOf(topic, *event.table, key);
    Outgoing message{topic, partition, key, &value, std::move(position), {}};
    if (keyMove)
        message.headers.emplace_back("syncline.key_move", keyMove);
    // The first message of each shape in each partition carries the shape (see
    // table_schema_json.h): a sink changes the target table when it gets there.
    auto &announced = m_announcedShapes[{topic, partition}];
    if (!announced || !(*announced == *event.table)) {
        announced = event.table;
        message.headers.emplace_back("syncline.columns",
                                     encodeTableSchema(*event.table, source.lsn, now));
    }
    produce(message, waiting);
    // A key move's tombstone would come between its two halves; the delete alone says enough.
    if (event.op == Operation::Delete && m_config.transport.tombstones && !keyMove)
        produce({topic, partition, key, nullptr, message.position, {}}, waiting);
}

// As Debezium does: a delete under the old key and a create under the new one, so that each
// key's changes stay in its own partition, in order. Where both keys land in one partition the
// two are adjacent there and marked, so that Syncline's sinks apply them as the one update they
// were and keep the TOASTed values it did not touch.
void KafkaEmitter::produceKeyMove(const std::string &topic, const ChangeEvent &event,
                                  const EnvelopeSource &source, std::int64_t now,
                                  const std::pair<std::string, std::string> &positions,
                                  const std::function<void()> &waiting)
{
    const auto [removal, creation] = splitKeyChange(event);
    const auto &key = messageKey(event.table);
    const std::string oldKey = encodeKey(removal, key);
    const std::string newKey = encodeKey(creation, key);
    const bool together =
        partitionOf(topic, *event.table, oldKey) == partitionOf(topic, *event.table, newKey);
    produceEvent(topic, removal, oldKey, source, now, positions.first, waiting,
                 together ? "delete" : nullptr);
    produceEvent(topic, creation, newKey, source, now, positions.second, waiting,
                 together ? "create" : nullptr);
}

// To every partition of each table's topic, marked with their number: a sink applies it once
// it has read it in all of them, so that it keeps its place among the changes of every row.
void KafkaEmitter::produceTruncate(const ChangeEvent &event, const EnvelopeSource &source,
                                   std::int64_t now, const std::string &position,
                                   const std::function<void()> &waiting)
{
    for (const auto &table : event.truncatedTables) {
        ChangeEvent one = event;
        one.table = table;
        const std::string value = encodeValue(one, source, now);
        const std::string topic =
            tableTopic(m_config.transport.topicPrefix, table->qualifiedName());
        const std::string key = "null";
        const int partitions = m_placement.partitions(topic);
        for (int partition = 0; partition < partitions; ++partition)
            produce({topic,
                     partition,
                     key,
                     &value,
                     position,
                     {{"syncline.truncate_partitions", std::to_string(partitions)}}},
                    waiting);
    }
}

// Rows of a table without a key all go to partition 0: keyed by their whole value, the
// changes of one row would spread over partitions and lose their order.
std::int32_t KafkaEmitter::partitionOf(const std::string &topic, const TableSchema &table,
                                       const std::string &key)
{
    const auto names = m_keyNames.find(table.qualifiedName());
    if (names == m_keyNames.end() || names->second.empty())
        return 0;
    return m_placement.partitionOf(topic, key);
}

// The primary key (or replica identity index), as Debezium keys its messages. A table without
// either is keyed by the whole row (replica identity full), so that every change of one row
// value lands in the same partition.
const std::vector<int> &KafkaEmitter::messageKey(const std::shared_ptr<const TableSchema> &schema)
{
    auto &cached = m_messageKeys[schema.get()];
    if (cached.schema)
        return cached.columns;
    cached.schema = schema;
    const TableSchema &table = *schema;
    for (const auto &name : m_keyNames[table.qualifiedName()])
        for (int i = 0; i < int(table.columns.size()); ++i)
            if (table.columns[std::size_t(i)].name == name)
                cached.columns.push_back(i);
    if (cached.columns.empty())
        cached.columns = table.keyColumnIndexes();
    return cached.columns;
}

bool KafkaEmitter::flush(int timeoutMs)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!m_pending.empty() && std::chrono::steady_clock::now() < until)
        poll(50);
    return m_pending.empty();
}

void KafkaEmitter::emit(const TransactionChunk &chunk, const std::function<void()> &waiting)
{
    if (chunk.isFirst || m_pending.empty() || m_pending.back().complete)
        m_pending.push_back({m_nextSequence++, chunk.endLsn, false, 0, {}});
    EnvelopeSource source;
    if (m_config.source.type == "mysql")
        source.connector = "mysql";
    source.binlog = chunk.binlog.get();
    source.name = m_config.transport.topicPrefix;
    source.db = m_database;
    source.lsn = chunk.commitLsn;
    source.txId = chunk.xid;
    source.commitTimeMicros = chunk.commitTimeMicros;
    m_emittingSnapshot = !chunk.events.empty() && chunk.events.front().op == Operation::Read;
    source.snapshot = m_emittingSnapshot;
    const std::int64_t now = unixMillisNow();
    for (std::size_t i = 0; i < chunk.events.size(); ++i) {
        const ChangeEvent &event = chunk.events[i];
        // Increasing within the transaction; each change may become two messages.
        const auto position = [&](int part) {
            const std::uint64_t index = 2 * (chunk.firstEventIndex + i) + std::uint64_t(part);
            return (m_emittingSnapshot ? snapshotPosition(chunk.commitLsn, index)
                                       : MessagePosition{chunk.commitLsn.value(), index})
                .toString();
        };
        recordSchema(*event.table, chunk.commitLsn, waiting);
        if (event.op == Operation::Truncate) {
            produceTruncate(event, source, now, position(0), waiting);
            continue;
        }
        const std::string topic =
            tableTopic(m_config.transport.topicPrefix, event.table->qualifiedName());
        if (changesKey(event, messageKey(event.table))) {
            produceKeyMove(topic, event, source, now, {position(0), position(1)}, waiting);
            continue;
        }
        produceEvent(topic, event, encodeKey(event, messageKey(event.table)), source, now,
                     position(0), waiting);
    }
    if (chunk.isLast) {
        m_pending.back().end = chunk.endLsn;
        m_pending.back().complete = true;
    }
    poll(0);
}

} // namespace syncline::kafka
