#include "transport/kafka/kafka_sink_worker.h"

#include "codec/debezium_envelope.h"
#include "connector/sink.h"
#include "metrics/pipeline_metrics.h"
#include "model/table_definition.h"
#include "transport/kafka/embedded_cluster.h"
#include "transport/kafka/topic_names.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/log.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cstring>

namespace syncline::kafka {

namespace {

// What the worker gathers before handing it to the sink, and what one target transaction
// holds at most besides batch_max_changes: with rows of megabytes, counts alone would let
// gigabytes pile up.
constexpr std::size_t kEventsPerChunk = 1000;
constexpr std::size_t kChunkBytes = 4 * 1024 * 1024;
constexpr std::size_t kBatchBytes = 16 * 1024 * 1024;

void onRebalance(rd_kafka_t *, rd_kafka_resp_err_t error,
                 rd_kafka_topic_partition_list_t *partitions, void *opaque)
{
    static_cast<KafkaSinkWorker *>(opaque)->rebalance(error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS,
                                                      partitions);
}

int truncatePartitions(const rd_kafka_message_t &message)
{
    const auto value = messageHeader(message, "syncline.truncate_partitions");
    return value ? std::atoi(value->c_str()) : 0;
}

} // namespace

KafkaSinkWorker::KafkaSinkWorker(const PipelineConfig &config, const PostgresSinkConfig &sinkConfig,
                                 Sink &sink, std::string bootstrap, std::vector<std::string> tables,
                                 const EmbeddedCluster *embedded)
    : m_config(config), m_sinkConfig(sinkConfig), m_sink(sink), m_bootstrap(std::move(bootstrap)),
      m_embedded(embedded),
      m_shapes(sinkConfig.name, [this](const std::string &schema, const std::string &table) {
          return tableSchema(schema, table);
      })
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

void KafkaSinkWorker::loadCommitted()
{
    const auto stored = m_offsets->load(m_clusterId);
    std::lock_guard lock(m_committedMutex);
    m_storedOffsets.clear();
    for (const auto &[partition, one] : stored) {
        m_storedOffsets[partition] = one.storedOffset;
        m_committed[partition] = {one.nextOffset, one.position};
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
        // A key move still missing its second half and a truncate still waiting are read again
        // by whoever gets their partitions.
        if (!m_aborting)
            commitAndWait();
        m_pendingMoves.clear();
        m_barriers->clear();
        rd_kafka_assign(m_consumer.get(), nullptr);
        SYNCLINE_FAILPOINT("kafka.rebalance_midway");
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
    if (!m_offsets->sharedByTheGroup())
        adoptGroupOffsets(*partitions);
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
    // A partition paused at a truncate before it was revoked starts unpaused.
    rd_kafka_resume_partitions(m_consumer.get(), partitions);
}

void KafkaSinkWorker::adoptGroupOffsets(const rd_kafka_topic_partition_list_t &partitions)
{
    rd_kafka_topic_partition_list_t *committed = rd_kafka_topic_partition_list_copy(&partitions);
    const auto error = rd_kafka_committed(m_consumer.get(), committed, 10000);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_topic_partition_list_destroy(committed);
        throw TransientError(
            "sink " + m_sinkConfig.name +
            ": cannot read the group's committed offsets: " + rd_kafka_err2str(error));
    }
    std::lock_guard lock(m_committedMutex);
    for (int i = 0; i < committed->cnt; ++i) {
        const auto &partition = committed->elems[i];
        PartitionState &state = m_committed[{partition.topic, partition.partition}];
        if (partition.err != RD_KAFKA_RESP_ERR_NO_ERROR || partition.offset <= state.nextOffset)
            continue;
        // Committed (after its target acknowledged) by another member, with the position of
        // its last change as metadata: what this one recorded is older.
        log::info("kafka", "sink " + m_sinkConfig.name + ": " + partition.topic + '[' +
                               std::to_string(partition.partition) + "] goes on from offset " +
                               std::to_string(partition.offset) +
                               ", which the group committed after this runner's last record");
        state.nextOffset = partition.offset;
        state.position = MessagePosition::parse(
            partition.metadata ? std::string(static_cast<const char *>(partition.metadata),
                                             partition.metadata_size)
                               : std::string());
    }
    rd_kafka_topic_partition_list_destroy(committed);
}

std::shared_ptr<const TableSchema> KafkaSinkWorker::tableSchema(const std::string &schema,
                                                                const std::string &table)
{
    const std::string name = schema + '.' + table;
    if (const auto it = m_tables.find(name); it != m_tables.end())
        return it->second;
    auto definition = m_sink.describeTable(schema, table);
    if (!definition)
        throw PermanentError("sink " + m_sinkConfig.name + ": target table " + name +
                             " does not exist");
    return m_tables[name] = std::move(definition);
}

void KafkaSinkWorker::skip(const TopicPartition &partition, PartitionState &state,
                           std::int64_t offset)
{
    state.nextOffset = offset + 1;
    m_dirty[partition] = state;
}

ChangeEvent KafkaSinkWorker::decode(const rd_kafka_message_t &message,
                                    const TopicPartition &partition, Lsn &lsn)
{
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
    const auto schema = m_shapes.shapeOf(message, partition, *table, envelope);
    ChangeEvent event = toChangeEvent(envelope, schema);
    if (event.op == Operation::Truncate)
        event.truncatedTables = {schema};
    lsn = envelope.lsn;
    return event;
}

void KafkaSinkWorker::handle(const rd_kafka_message_t &message)
{
    const TopicPartition partition{rd_kafka_topic_name(message.rkt), message.partition};
    if (m_barriers->holds(partition))
        return; // fetched before its pause took effect: read again once it goes on
    PartitionState &state = m_applied[partition];
    if (state.nextOffset > message.offset)
        return; // read before (a seek can go back over what was applied)
    const auto position =
        MessagePosition::parse(messageHeader(message, "syncline.position").value_or(std::string()));
    // As in direct mode, a change from before the snapshot the target holds is in it already:
    // the snapshot's own rows, and the history of earlier snapshots.
    const bool beforeSnapshot = position && m_snapshotEnd && position->lsn < m_snapshotEnd->value();
    // Produced again by a restarted source.
    const bool seen = position && state.position && *position <= *state.position;
    if (beforeSnapshot || !message.payload)
        return skip(partition, state, message.offset); // old, or a tombstone
    if (const int partitions = truncatePartitions(message); partitions > 1 && position)
        return reachTruncate(message, partition, *position, partitions, seen);
    if (seen)
        return skip(partition, state, message.offset);

    const PartitionState before = state;
    state.nextOffset = message.offset + 1;
    if (position)
        state.position = position;
    m_dirty[partition] = state;
    Lsn lsn;
    ChangeEvent event = decode(message, partition, lsn);
    const auto keyMove = messageHeader(message, "syncline.key_move");
    if (const auto pending = m_pendingMoves.find(partition); pending != m_pendingMoves.end()) {
        if (keyMove == "create") {
            ChangeEvent update = std::move(pending->second.event);
            update.op = Operation::Update;
            update.after = std::move(event.after);
            const std::size_t bytes = pending->second.bytes + message.len;
            m_pendingMoves.erase(pending);
            return append(partition, std::move(update), message.offset, lsn, position, bytes);
        }
        // Its create half never came (the source died between the two and went on from a later
        // snapshot): the delete alone is all there is.
        appendPendingMove(partition);
    }
    if (keyMove == "delete") {
        m_pendingMoves[partition] =
            PendingMove{std::move(event), message.offset, lsn, position, message.len, before};
        return;
    }
    append(partition, std::move(event), message.offset, lsn, position, message.len);
}

// A truncate's message in one of the `partitions` of its topic; see TruncateBarriers.
void KafkaSinkWorker::reachTruncate(const rd_kafka_message_t &message,
                                    const TopicPartition &partition,
                                    const MessagePosition &position, int partitions, bool seen)
{
    PartitionState &state = m_applied[partition];
    if (seen) {
        // Partition 0 passes a truncate only by applying it; another partition may have
        // committed its arrival there and still have to wait.
        const bool applied =
            partition.second == 0 || m_offsets->partitionsAt(partition.first, position).count(0);
        if (applied)
            return skip(partition, state, message.offset);
        m_barriers->hold(partition.first, partition.second, message.offset, position, partitions);
        return;
    }
    appendPendingMove(partition);
    if (partition.second == 0) {
        Lsn lsn;
        ChangeEvent truncate = decode(message, partition, lsn);
        m_barriers->hold(partition.first, 0, message.offset, position, partitions,
                         std::move(truncate), lsn);
        return;
    }
    // Arrived, committed as such, but not past it.
    state.nextOffset = message.offset;
    state.position = position;
    m_dirty[partition] = state;
    m_barriers->hold(partition.first, partition.second, message.offset, position, partitions);
}

void KafkaSinkWorker::checkBarriers()
{
    const auto now = std::chrono::steady_clock::now();
    if (m_barriers->empty() || now - m_barriersChecked < std::chrono::milliseconds(50))
        return;
    m_barriersChecked = now;
    if (!m_dirty.empty() || m_changesInBatch > 0)
        commitAndWait(); // this member's own arrivals count too
    auto &barriers = m_barriers->barriers();
    for (auto barrier = barriers.begin(); barrier != barriers.end();) {
        const auto at = m_offsets->partitionsAt(barrier->topic, barrier->position);
        bool ready = at.count(0) > 0;
        if (barrier->truncate) {
            ready = true;
            for (int partition = 1; partition < barrier->partitions; ++partition)
                ready = ready && at.count(partition);
        }
        if (!ready) {
            ++barrier;
            continue;
        }
        if (barrier->truncate) {
            const TopicPartition zero{barrier->topic, 0};
            const std::int64_t offset = barrier->held.at(0);
            append(zero, std::move(*barrier->truncate), offset, barrier->lsn, barrier->position, 0);
            m_applied[zero] = {offset + 1, barrier->position};
            m_dirty[zero] = m_applied[zero];
            commitBatch();
        }
        for (const auto &[partition, offset] : barrier->held) {
            PartitionState &state = m_applied[{barrier->topic, partition}];
            state.nextOffset = offset + 1;
            m_dirty[{barrier->topic, partition}] = state;
        }
        m_barriers->release(barrier++);
    }
}

void KafkaSinkWorker::appendPendingMove(const TopicPartition &partition)
{
    const auto pending = m_pendingMoves.find(partition);
    if (pending == m_pendingMoves.end())
        return;
    auto move = std::move(pending->second);
    m_pendingMoves.erase(pending);
    append(partition, std::move(move.event), move.offset, move.lsn, move.position, move.bytes);
}

void KafkaSinkWorker::append(const TopicPartition &partition, ChangeEvent event,
                             std::int64_t offset, Lsn lsn,
                             const std::optional<MessagePosition> &position, std::size_t bytes)
{
    if (m_chunk && (m_chunkPartition != partition || m_chunk->events.size() >= kEventsPerChunk ||
                    m_chunkBytes >= kChunkBytes))
        flushChunk();
    if (!m_chunk) {
        m_chunk = std::make_shared<TransactionChunk>();
        m_chunk->origin = partition.first + '/' + std::to_string(partition.second);
        m_chunk->isFirst = true;
        m_chunk->isLast = true;
        m_chunkPartition = partition;
        m_chunkBytes = 0;
    }
    m_chunk->events.push_back(std::move(event));
    m_chunk->offsets.push_back(offset);
    m_chunk->positions.push_back(
        position.value_or(MessagePosition{lsn.value(), std::uint64_t(offset)}));
    m_chunk->sourcePositions.push_back(position.has_value());
    m_chunk->commitLsn = std::max(m_chunk->commitLsn, lsn);
    m_chunkBytes += bytes;
    m_batchBytes += bytes;
    ++m_changesInBatch;
}

void KafkaSinkWorker::flushChunk()
{
    if (!m_chunk)
        return;
    m_chunk->endLsn = Lsn(m_batchSequence + 1);
    m_sink.apply(m_chunk);
    m_chunk.reset();
}

void KafkaSinkWorker::commitBatch()
{
    flushChunk();
    // The partition of a key move missing its second half is committed only up to before it.
    for (const auto &[partition, move] : m_pendingMoves) {
        if (move.before.nextOffset >= 0)
            m_dirty[partition] = move.before;
        else
            m_dirty.erase(partition);
    }
    if (m_dirty.empty())
        return;
    for (const auto &[partition, state] : m_dirty) {
        const auto stored = m_storedOffsets.find(partition);
        const std::int64_t expected = stored == m_storedOffsets.end() ? -1 : stored->second;
        m_offsets->stage(partition, expected, state.nextOffset, state.position, m_clusterId);
        m_storedOffsets[partition] = state.nextOffset;
    }
    m_commits.push_back({++m_batchSequence, std::move(m_dirty)});
    m_dirty.clear();
    m_sink.commitAt(Lsn(m_batchSequence));
    m_changesInBatch = 0;
    m_batchBytes = 0;
}

void KafkaSinkWorker::commitAndWait()
{
    commitBatch();
    m_sink.waitForCommits();
    collectCommitted();
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
                auto *added = rd_kafka_topic_partition_list_add(list, partition.first.c_str(),
                                                                partition.second);
                added->offset = state.nextOffset;
                // The position of the last change read, for a member whose own record of the
                // partition is older (see adoptGroupOffsets); the list frees it.
                if (state.position) {
                    const std::string text = state.position->toString();
                    added->metadata = rd_kafka_mem_malloc(m_consumer.get(), text.size());
                    std::memcpy(added->metadata, text.data(), text.size());
                    added->metadata_size = text.size();
                }
            }
        }
        rd_kafka_commit(m_consumer.get(), list, 1);
        rd_kafka_topic_partition_list_destroy(list);
        m_commits.pop_front();
    }
}

void KafkaSinkWorker::createConsumer()
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_rebalance_cb(conf, &onRebalance);
    rd_kafka_conf_set_opaque(conf, this);
    m_consumer =
        createHandle(HandleType::Consumer, m_config.transport, m_bootstrap,
                     // A stored offset the topic no longer holds means changes were
                     // deleted (retention) before this sink applied them: stop and say so
                     // rather than skip them silently.
                     {{"auto.offset.reset", "error"},
                      {"client.id", "syncline-" + m_config.name + '-' + m_sinkConfig.name},
                      // The embedded broker answers a fetch only after its maximum wait,
                      // even when messages arrive sooner; brokers answer at once.
                      {"fetch.wait.max.ms", m_embedded ? "5" : "500"},
                      // Bounded memory: what is fetched ahead and not yet read is counted in
                      // bytes (librdkafka's defaults allow 64 MB queued and 50 MB per fetch).
                      {"queued.max.messages.kbytes", "16384"},
                      {"fetch.max.bytes", "8388608"},
                      {"max.partition.fetch.bytes", "1048576"}},
                     {{"group.id", m_sinkConfig.group},
                      {"enable.auto.commit", "false"},
                      {"enable.auto.offset.store", "false"}},
                     conf);
    m_barriers.emplace(m_consumer.get());
    if (m_clusterId.empty()) {
        char *clusterId = rd_kafka_clusterid(m_consumer.get(), 10000);
        if (!clusterId)
            throw TransientError("sink " + m_sinkConfig.name + ": cannot reach the Kafka brokers");
        m_clusterId = clusterId;
        rd_kafka_mem_free(m_consumer.get(), clusterId);
    }
}

void KafkaSinkWorker::run()
{
    try {
        m_offsets = m_sink.transportOffsets(m_config.name, m_sinkConfig.group);
        createConsumer();
        m_snapshotEnd = m_offsets->recordSnapshot();
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
            rd_kafka_message_t *message = rd_kafka_consumer_poll(m_consumer.get(), 0);
            if (!message && m_changesInBatch + m_dirty.size() > 0) {
                // All that arrived is read: commit it before waiting for more. A producer held
                // back by the embedded broker's budget waits for this commit.
                commitBatch();
                m_sink.waitForCommits();
                collectCommitted();
            }
            if (!message)
                message = rd_kafka_consumer_poll(m_consumer.get(), 20);
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
            const bool full = m_changesInBatch >= std::size_t(m_sinkConfig.batchMaxChanges) ||
                              m_batchBytes >= kBatchBytes;
            if ((idle && m_changesInBatch + m_dirty.size() > 0) || full)
                commitBatch();
            if (idle)
                m_sink.waitForCommits();
            collectCommitted();
            checkBarriers();
            if (std::chrono::steady_clock::now() - m_lagReported >= std::chrono::seconds(2))
                reportLag();
        }
        if (!m_aborting)
            commitAndWait();
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
