#include "transport/kafka/kafka_sink_worker.h"

#include "codec/debezium_envelope.h"
#include "metrics/pipeline_metrics.h"
#include "sink/postgres/offsets_store.h"
#include "sink/postgres/postgres_sink.h"
#include "sink/postgres/target_catalog.h"
#include "transport/kafka/embedded_cluster.h"
#include "transport/kafka/topic_names.h"
#include "util/errors.h"
#include "util/log.h"

#include <libpq-fe.h>
#include <librdkafka/rdkafka.h>

#include <cstring>

namespace syncline::kafka {

namespace {

constexpr std::size_t kEventsPerChunk = 1000;

const char *const kOffsetsTable = R"sql(
CREATE SCHEMA IF NOT EXISTS syncline;
CREATE TABLE IF NOT EXISTS syncline.kafka_consumer_offsets (
    consumer_group text NOT NULL,
    topic text NOT NULL,
    kafka_partition int NOT NULL,
    next_offset bigint NOT NULL,
    cluster_id text NOT NULL,
    last_position text,
    pipeline text NOT NULL,
    sink text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, kafka_partition));
CREATE TABLE IF NOT EXISTS syncline.kafka_group_snapshots (
    consumer_group text PRIMARY KEY,
    snapshot_end pg_lsn NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now());
)sql";

// Commits a partition's offset, fenced: only where the stored offset is still the one this
// member last wrote (-1: none yet). Offsets are keyed by consumer group, so when runners share a
// group the one a partition moves to carries on where the other committed; a member that lost
// a partition in a rebalance but still applies a batch of it fails here and rolls back, instead
// of applying those changes a second time.
const char *const kCommitOffsetFunction = R"sql(
DO $do$ BEGIN
CREATE FUNCTION syncline.kafka_commit_offset(grp text, tpc text, part int, expected bigint,
    next bigint, cluster text, pos text, pl text, sk text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    IF expected < 0 THEN
        INSERT INTO syncline.kafka_consumer_offsets (consumer_group, topic, kafka_partition,
            next_offset, cluster_id, last_position, pipeline, sink)
        VALUES (grp, tpc, part, next, cluster, pos, pl, sk) ON CONFLICT DO NOTHING;
    ELSE
        UPDATE syncline.kafka_consumer_offsets SET next_offset = next, cluster_id = cluster,
            last_position = pos, pipeline = pl, sink = sk, updated_at = now()
        WHERE consumer_group = grp AND topic = tpc AND kafka_partition = part
            AND next_offset = expected;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%[%] was committed by another member of group % meanwhile', tpc, part,
            grp USING ERRCODE = '40001';
    END IF;
END $f$;
EXCEPTION WHEN duplicate_function OR unique_violation THEN NULL;
END $do$;
)sql";

const char *const kCommitOffset = "SELECT syncline.kafka_commit_offset($1, $2, $3::int, "
                                  "$4::bigint, $5::bigint, $6, $7, $8, $9)";

// "0/16B3748#5" -> (lsn, index)
std::optional<std::pair<std::uint64_t, std::uint64_t>> parsePosition(std::string_view text)
{
    const auto hash = text.find('#');
    if (hash == std::string_view::npos)
        return std::nullopt;
    const auto lsn = Lsn::parse(text.substr(0, hash));
    if (!lsn)
        return std::nullopt;
    std::uint64_t index = 0;
    for (char c : text.substr(hash + 1)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        index = index * 10 + std::uint64_t(c - '0');
    }
    return std::pair{lsn->value(), index};
}

std::string positionText(std::uint64_t lsn, std::uint64_t index)
{
    return Lsn(lsn).toString() + '#' + std::to_string(index);
}

std::optional<std::string> header(const rd_kafka_message_t &message, const char *name)
{
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(&message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return std::nullopt;
    const void *value = nullptr;
    size_t size = 0;
    if (rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        !value)
        return std::nullopt;
    return std::string(static_cast<const char *>(value), size);
}

void onRebalance(rd_kafka_t *, rd_kafka_resp_err_t error,
                 rd_kafka_topic_partition_list_t *partitions, void *opaque)
{
    static_cast<KafkaSinkWorker *>(opaque)->rebalance(error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS,
                                                      partitions);
}

} // namespace

KafkaSinkWorker::KafkaSinkWorker(const PipelineConfig &config, const PostgresSinkConfig &sinkConfig,
                                 PostgresSink &sink, std::string bootstrap,
                                 std::vector<std::string> tables, const EmbeddedCluster *embedded)
    : m_config(config), m_sinkConfig(sinkConfig), m_sink(sink), m_bootstrap(std::move(bootstrap)),
      m_embedded(embedded)
{
    // Mock clusters may all report the same cluster id; offsets stored against an earlier
    // embedded cluster must not be used on this one.
    if (embedded)
        m_clusterId = embedded->identity();
    for (const auto &table : tables)
        m_topics.push_back(tableTopic(config.transport.topicPrefix, table));
}

KafkaSinkWorker::~KafkaSinkWorker()
{
    abort();
}

void KafkaSinkWorker::ensureOffsetsTable(pg::Connection &connection)
{
    connection.exec(kOffsetsTable);
    connection.exec(kCommitOffsetFunction);
}

void KafkaSinkWorker::start()
{
    m_thread = std::thread([this, pipeline = log::currentPipeline()] {
        log::PipelineScope scope(pipeline);
        run();
    });
}

void KafkaSinkWorker::drainAndStop()
{
    m_stopping = true;
    if (m_thread.joinable())
        m_thread.join();
}

void KafkaSinkWorker::abort()
{
    m_aborting = true;
    drainAndStop();
}

std::int64_t KafkaSinkWorker::committedOffset(const TopicPartition &partition) const
{
    std::lock_guard lock(m_committedMutex);
    const auto it = m_committed.find(partition);
    return it == m_committed.end() ? -1 : it->second.nextOffset;
}

// The snapshot rows ("r" events) this sink's target already has: the snapshot its own
// pipeline copied into it, shared with the other members of its group, which apply to the
// same target.
void KafkaSinkWorker::recordOwnSnapshot()
{
    const auto own = OffsetsStore(m_config.name, m_sinkConfig.name).read(m_catalog);
    if (own)
        m_catalog.execParams("INSERT INTO syncline.kafka_group_snapshots (consumer_group, "
                             "snapshot_end) VALUES ($1, $2::pg_lsn) ON CONFLICT (consumer_group) "
                             "DO UPDATE SET snapshot_end = greatest(kafka_group_snapshots."
                             "snapshot_end, EXCLUDED.snapshot_end), updated_at = now()",
                             {m_sinkConfig.group, own->toString()});
}

void KafkaSinkWorker::loadCommitted()
{
    const std::string snapshotEnd = m_catalog.queryValue(
        "SELECT coalesce((SELECT snapshot_end::text FROM syncline.kafka_group_snapshots "
        "WHERE consumer_group = $1), '')",
        {m_sinkConfig.group});
    m_snapshotEnd = Lsn::parse(snapshotEnd);
    const pg::Result rows = m_catalog.execParams(
        "SELECT topic, kafka_partition, next_offset, cluster_id, coalesce(last_position, '') "
        "FROM syncline.kafka_consumer_offsets WHERE consumer_group = $1",
        {m_sinkConfig.group});
    std::lock_guard lock(m_committedMutex);
    m_storedOffsets.clear();
    for (int row = 0; row < PQntuples(rows.get()); ++row) {
        m_storedOffsets[{pg::resultValue(rows.get(), row, 0),
                         std::stoi(pg::resultValue(rows.get(), row, 1))}] =
            std::stoll(pg::resultValue(rows.get(), row, 2));
        PartitionState state;
        // Offsets of another cluster (an embedded one that is gone) mean nothing here; the
        // positions still tell which changes were applied.
        if (pg::resultValue(rows.get(), row, 3) == m_clusterId)
            state.nextOffset = std::stoll(pg::resultValue(rows.get(), row, 2));
        if (const auto position = parsePosition(pg::resultValue(rows.get(), row, 4))) {
            state.hasPosition = true;
            state.lastLsn = position->first;
            state.lastIndex = position->second;
        }
        m_committed[{pg::resultValue(rows.get(), row, 0),
                     std::stoi(pg::resultValue(rows.get(), row, 1))}] = state;
    }
    m_applied = m_committed;
}

void KafkaSinkWorker::rebalance(bool assigned, rd_kafka_topic_partition_list_t *partitions)
{
    try {
        if (assigned) {
            assign(partitions);
            return;
        }
        // Revoked: commit what was read from these partitions before another member takes them.
        if (m_aborting) {
            rd_kafka_assign(m_consumer.get(), nullptr);
            return;
        }
        commitBatch();
        m_sink.waitForCommits();
        collectCommitted();
        rd_kafka_assign(m_consumer.get(), nullptr);
    } catch (...) {
        if (!m_failure)
            m_failure = std::current_exception();
        rd_kafka_assign(m_consumer.get(), nullptr);
    }
}

void KafkaSinkWorker::assign(rd_kafka_topic_partition_list_t *partitions)
{
    // Another member of the group may have had these partitions since this one last looked.
    loadCommitted();
    std::string described;
    for (int i = 0; i < partitions->cnt; ++i) {
        auto &partition = partitions->elems[i];
        const TopicPartition key{partition.topic, partition.partition};
        PartitionState state;
        {
            std::lock_guard lock(m_committedMutex);
            if (const auto it = m_committed.find(key); it != m_committed.end())
                state = it->second;
        }
        m_applied[key] = state;
        partition.offset = state.nextOffset >= 0 ? state.nextOffset : RD_KAFKA_OFFSET_BEGINNING;
        described += (described.empty() ? "" : ", ") + key.first + '[' +
                     std::to_string(key.second) + "]@" +
                     (state.nextOffset >= 0 ? std::to_string(state.nextOffset) : "beginning");
    }
    log::info("kafka", "sink " + m_sinkConfig.name + ": assigned " + described);
    rd_kafka_assign(m_consumer.get(), partitions);
}

std::shared_ptr<const TableSchema> KafkaSinkWorker::tableSchema(const std::string &schema,
                                                                const std::string &table)
{
    const std::string name = schema + '.' + table;
    if (const auto it = m_tables.find(name); it != m_tables.end())
        return it->second;
    TargetCatalog catalog(m_catalog);
    auto columns = catalog.columns(schema, table);
    if (!columns)
        throw PermanentError("sink " + m_sinkConfig.name + ": target table " + name +
                             " does not exist");
    const auto keys = catalog.keyColumns(schema, table);
    auto definition = std::make_shared<TableSchema>();
    definition->schema = schema;
    definition->name = table;
    definition->columns = std::move(*columns);
    for (auto &column : definition->columns)
        column.isKey = std::find(keys.begin(), keys.end(), column.name) != keys.end();
    return m_tables[name] = definition;
}

void KafkaSinkWorker::handle(const rd_kafka_message_t &message)
{
    const TopicPartition partition{rd_kafka_topic_name(message.rkt), message.partition};
    PartitionState &state = m_applied[partition];
    if (state.nextOffset > message.offset)
        return; // read before (a seek can go back over what was applied)
    const auto position = header(message, "syncline.position");
    const auto parsed = position ? parsePosition(*position) : std::nullopt;
    // Snapshot rows ("r" events) this sink loaded itself, by COPY, before streaming began.
    const bool ownSnapshotRow = parsed && m_snapshotEnd &&
                                parsed->first <= m_snapshotEnd->value() &&
                                header(message, "syncline.snapshot");
    const bool applied = ownSnapshotRow || (parsed && state.hasPosition &&
                                            std::pair{parsed->first, parsed->second} <=
                                                std::pair{state.lastLsn, state.lastIndex});
    state.nextOffset = message.offset + 1;
    m_dirty[partition] = state;
    if (applied || !message.payload)
        return; // produced again by a restarted source, or a tombstone
    if (parsed) {
        state.hasPosition = true;
        state.lastLsn = parsed->first;
        state.lastIndex = parsed->second;
        m_dirty[partition] = state;
    }

    DecodedEnvelope envelope;
    try {
        envelope =
            decodeValue(std::string_view(static_cast<const char *>(message.payload), message.len));
    } catch (const CodecError &error) {
        throw PermanentError("sink " + m_sinkConfig.name + ": message " + partition.first + '[' +
                             std::to_string(partition.second) + "]@" +
                             std::to_string(message.offset) +
                             " is not a change event: " + error.what());
    }
    auto table = tableOfTopic(m_config.transport.topicPrefix, partition.first);
    if (!table)
        table = std::pair{envelope.schema, envelope.table};
    const auto schema = tableSchema(table->first, table->second);
    ChangeEvent event = toChangeEvent(envelope, schema);
    if (event.op == Operation::Truncate)
        event.truncatedTables = {schema};

    // The two halves of an update that moved its row to another key: put back together when
    // they arrive one after the other, so that TOASTed values it did not touch are kept.
    const auto keyMove = header(message, "syncline.key_move");
    if (m_pendingMove && keyMove == "create" && m_pendingMove->partition == partition) {
        ChangeEvent update = std::move(m_pendingMove->event);
        update.op = Operation::Update;
        update.after = std::move(event.after);
        m_pendingMove.reset();
        append(partition, std::move(update), message.offset, envelope.lsn);
        return;
    }
    appendPendingMove();
    if (keyMove == "delete") {
        m_pendingMove = PendingMove{partition, std::move(event), message.offset, envelope.lsn};
        return;
    }
    append(partition, std::move(event), message.offset, envelope.lsn);
}

void KafkaSinkWorker::appendPendingMove()
{
    if (!m_pendingMove)
        return;
    auto move = std::move(*m_pendingMove);
    m_pendingMove.reset();
    append(move.partition, std::move(move.event), move.offset, move.lsn);
}

void KafkaSinkWorker::append(const TopicPartition &partition, ChangeEvent event,
                             std::int64_t offset, Lsn lsn)
{
    if (m_chunk && (m_chunkPartition != partition || m_chunk->events.size() >= kEventsPerChunk))
        flushChunk();
    if (!m_chunk) {
        m_chunk = std::make_shared<TransactionChunk>();
        m_chunk->origin = partition.first + '/' + std::to_string(partition.second);
        m_chunk->isFirst = true;
        m_chunk->isLast = true;
        m_chunkPartition = partition;
    }
    m_chunk->events.push_back(std::move(event));
    m_chunk->offsets.push_back(offset);
    m_chunk->commitLsn = std::max(m_chunk->commitLsn, lsn);
    ++m_changesInBatch;
}

void KafkaSinkWorker::flushChunk()
{
    appendPendingMove();
    if (!m_chunk)
        return;
    m_chunk->endLsn = Lsn(m_batchSequence + 1);
    m_sink.apply(m_chunk);
    m_chunk.reset();
}

void KafkaSinkWorker::commitBatch()
{
    flushChunk();
    if (m_dirty.empty())
        return;
    for (const auto &[partition, state] : m_dirty) {
        const auto stored = m_storedOffsets.find(partition);
        const std::int64_t expected = stored == m_storedOffsets.end() ? -1 : stored->second;
        m_sink.sendInTransaction(
            kCommitOffset,
            {m_sinkConfig.group, partition.first, std::to_string(partition.second),
             std::to_string(expected), std::to_string(state.nextOffset), m_clusterId,
             state.hasPosition ? positionText(state.lastLsn, state.lastIndex) : std::string(),
             m_config.name, m_sinkConfig.name});
        m_storedOffsets[partition] = state.nextOffset;
    }
    m_commits.push_back({++m_batchSequence, std::move(m_dirty)});
    m_dirty.clear();
    m_sink.commitAt(Lsn(m_batchSequence));
    m_changesInBatch = 0;
}

// Publishes what the target confirmed, and tells Kafka too, so that consumer-group tools show
// the sink's lag (the target's offsets stay the ones that count).
void KafkaSinkWorker::reportLag()
{
    m_lagReported = std::chrono::steady_clock::now();
    PipelineMetrics *metrics = m_sink.metrics();
    rd_kafka_topic_partition_list_t *assigned = nullptr;
    if (!metrics || rd_kafka_assignment(m_consumer.get(), &assigned) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    std::map<std::string, long long> lag;
    for (int i = 0; i < assigned->cnt; ++i) {
        const auto &partition = assigned->elems[i];
        std::int64_t low = -1;
        std::int64_t high = -1;
        // From the consumer's last fetch: no request to the brokers.
        if (rd_kafka_get_watermark_offsets(m_consumer.get(), partition.topic, partition.partition,
                                           &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
            high < 0)
            continue;
        const std::int64_t next =
            std::max(committedOffset({partition.topic, partition.partition}), low);
        lag[std::string(partition.topic) + '[' + std::to_string(partition.partition) + ']'] =
            std::max<std::int64_t>(0, high - next);
    }
    rd_kafka_topic_partition_list_destroy(assigned);
    metrics->setConsumerLag(m_sinkConfig.name, std::move(lag));
}

void KafkaSinkWorker::collectCommitted()
{
    const std::uint64_t committed = m_sink.position().value_or(Lsn()).value();
    while (!m_commits.empty() && m_commits.front().sequence <= committed) {
        rd_kafka_topic_partition_list_t *list =
            rd_kafka_topic_partition_list_new(int(m_commits.front().partitions.size()));
        {
            std::lock_guard lock(m_committedMutex);
            for (const auto &[partition, state] : m_commits.front().partitions) {
                m_committed[partition] = state;
                rd_kafka_topic_partition_list_add(list, partition.first.c_str(), partition.second)
                    ->offset = state.nextOffset;
            }
        }
        rd_kafka_commit(m_consumer.get(), list, 1);
        rd_kafka_topic_partition_list_destroy(list);
        m_commits.pop_front();
    }
}

void KafkaSinkWorker::run()
{
    try {
        m_catalog = pg::Connection::open(m_sinkConfig.dsn, pg::Connection::Mode::Normal,
                                         "syncline kafka offsets " + m_sinkConfig.name);
        ensureOffsetsTable(m_catalog);
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set_rebalance_cb(conf, &onRebalance);
        rd_kafka_conf_set_opaque(conf, this);
        m_consumer =
            createHandle(HandleType::Consumer, m_config.transport, m_bootstrap,
                         // A stored offset the topic no longer holds means changes were deleted
                         // (retention) before this sink applied them: stop and say so rather
                         // than skip them silently.
                         {{"auto.offset.reset", "error"},
                          {"client.id", "syncline-" + m_config.name + '-' + m_sinkConfig.name},
                          // The embedded broker answers a fetch only after its maximum wait,
                          // even when messages arrive sooner; brokers answer at once.
                          {"fetch.wait.max.ms", m_embedded ? "5" : "500"}},
                         {{"group.id", m_sinkConfig.group},
                          {"enable.auto.commit", "false"},
                          {"enable.auto.offset.store", "false"}},
                         conf);
        if (m_clusterId.empty()) {
            char *clusterId = rd_kafka_clusterid(m_consumer.get(), 10000);
            if (!clusterId)
                throw TransientError("sink " + m_sinkConfig.name +
                                     ": cannot reach the Kafka brokers");
            m_clusterId = clusterId;
            rd_kafka_mem_free(m_consumer.get(), clusterId);
        }
        recordOwnSnapshot();
        loadCommitted();
        rd_kafka_poll_set_consumer(m_consumer.get());
        rd_kafka_topic_partition_list_t *topics =
            rd_kafka_topic_partition_list_new(int(m_topics.size()));
        for (const auto &topic : m_topics)
            rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
        const auto subscribed = rd_kafka_subscribe(m_consumer.get(), topics);
        rd_kafka_topic_partition_list_destroy(topics);
        if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR)
            throw TransientError(std::string("cannot subscribe: ") + rd_kafka_err2str(subscribed));
        m_sink.startStreaming();

        while (!m_aborting && !m_stopping) {
            rd_kafka_message_t *message = rd_kafka_consumer_poll(m_consumer.get(), 20);
            if (m_failure)
                std::rethrow_exception(m_failure);
            if (message) {
                const auto error = message->err;
                if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
                    try {
                        handle(*message);
                    } catch (...) {
                        rd_kafka_message_destroy(message);
                        throw;
                    }
                } else if (error == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET) {
                    const std::string reason = rd_kafka_message_errstr(message);
                    rd_kafka_message_destroy(message);
                    throw PermanentError(
                        "sink " + m_sinkConfig.name +
                        ": the topic no longer holds the next change this sink needs (" + reason +
                        "); changes were lost to retention. Re-snapshot the target, or set "
                        "transport.properties auto.offset.reset: earliest to skip them");
                } else if (error != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                    log::warning("kafka", "sink " + m_sinkConfig.name + ": " +
                                              rd_kafka_message_errstr(message));
                }
                rd_kafka_message_destroy(message);
            }
            const bool idle = !message;
            const bool full = m_changesInBatch >= std::size_t(m_sinkConfig.batchMaxChanges);
            if ((idle && m_changesInBatch + m_dirty.size() > 0) || (full && !m_pendingMove))
                commitBatch();
            if (idle)
                m_sink.waitForCommits();
            collectCommitted();
            if (std::chrono::steady_clock::now() - m_lagReported >= std::chrono::seconds(2))
                reportLag();
        }
        if (!m_aborting) {
            commitBatch();
            m_sink.waitForCommits();
            collectCommitted();
        }
    } catch (...) {
        m_failure = std::current_exception();
        m_aborting = true; // what was not committed is read again; nothing more to commit
    }
    // Leave the group now, so the next session is not kept waiting for this member's
    // session to time out before it gets the partitions.
    if (m_consumer)
        rd_kafka_consumer_close(m_consumer.get());
    m_failed = m_failure != nullptr;
    m_sink.abandon();
}

} // namespace syncline::kafka
