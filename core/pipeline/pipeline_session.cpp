#include "pipeline/pipeline_session.h"

#include "dlq/dead_letter_store.h"
#include "dlq/sink_dead_letters.h"
#include "metrics/pipeline_metrics.h"
#include "pg/conninfo.h"
#include "pg/error.h"
#include "pipeline/applied_watermark.h"
#include "pipeline/connector_factory.h"
#include "pipeline/direct_transport.h"
#include "pipeline/kafka_transport.h"
#include "schema/schema_evolution.h"
#include "schema/schema_recorder.h"
#include "snapshot/masked_table_copy.h"
#include "snapshot/snapshot_progress.h"
#include "snapshot/table_copy.h"
#include "transform/chunk_masker.h"
#include "transform/key_ledger.h"
#include "transport/kafka/schema_topic.h"
#include "util/errors.h"
#include "util/format.h"
#include "util/log.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace syncline {
namespace {

using Clock = std::chrono::steady_clock;

// Thrown while a chunk waits for room when a stop is requested: the source must not read on
// past a chunk that was never delivered.
struct StopWhileEmitting
{};

} // namespace

PipelineSession::PipelineSession(const PipelineConfig &config, PipelineMetrics &metrics,
                                 const std::atomic<bool> &stopRequested,
                                 std::deque<SinkRecovery> &recovery,
                                 std::uint32_t &streamingRefusedXid,
                                 kafka::EmbeddedCluster *embeddedKafka, StatusUpdate status,
                                 ProgressUpdate progress, SnapshotUpdate snapshotProgress)
    : m_config(config), m_metrics(metrics), m_stopRequested(stopRequested), m_recovery(recovery),
      m_streamingRefusedXid(streamingRefusedXid), m_embeddedKafka(embeddedKafka),
      m_status(std::move(status)), m_progress(std::move(progress)),
      m_snapshotProgress(std::move(snapshotProgress)),
      m_transforms(config.transforms, config.allowUnmasked), m_lastProgress(Clock::now())
{}

PipelineSession::~PipelineSession() = default;

void PipelineSession::run()
{
    m_status(PipelineState::Starting, "connecting");
    for (const auto &sink : m_config.sinks)
        log::info("pipeline", "sink " + sink.name + ": " + sinkWhere(sink));

    if (!m_config.hasSource) {
        connectSinks();
        const auto tables = targetTables();
        prepareSinkTables(tables);
        const auto transport = makeTransport(tables);
        consume(*transport);
        return;
    }
    const auto source = makeSource(m_config.source, m_config.stateDir);
    log::info("pipeline", "source: " + source->where());
    if (m_transforms.filters())
        source->setRowFilters(
            [this](const TableSchema &table) { return m_transforms.publicationRowFilter(table); });
    const auto tables = source->prepare();
    // Fails closed before anything is read: a step that cannot apply to a table, a column
    // tagged pii: that no step masks.
    for (const auto &table : tables)
        transform::checkMasks(m_transforms, table.toSchema());
    transform::checkKeyLedger(m_config.stateDir, m_config.transforms);
    // The tables as the transport and the sinks know them: renamed, their columns selected.
    const auto targets = m_transforms.outputDefinitions(tables);
    connectSinks();
    prepareSinkTables(targets);
    const auto transport = makeTransport(targets);
    const SlotStart start = settleSlot(*source, tables, targets, *transport);
    arrangeIncrementalSnapshots(*source, start);
    // Kafka keeps committed transactions only: consumers must never read what may roll back.
    source->startStreaming(m_config.source.streamLargeTransactions &&
                           !m_config.transport.isKafka() && m_streamingRefusedXid == 0);
    stream(*source, *transport);
}

void PipelineSession::prepareSinkTables(const std::vector<TableDefinition> &tables)
{
    for (auto &sink : m_sinks)
        sink->prepareTables(tables);
}

void PipelineSession::connectSinks()
{
    for (const auto &sinkConfig : m_config.sinks) {
        SinkContext context;
        context.pipeline = m_config.name;
        context.sourceDatabase = sourceDatabase(m_config);
        context.stateDir = m_config.stateDir;
        context.recovery = &m_recovery[m_sinks.size()];
        if (!sinkConfig.stopOnError) {
            m_stores.push_back(std::make_unique<dlq::DeadLetterStore>(
                dlq::DeadLetterStore::fileIn(m_config.stateDir)));
            m_deadLetters.push_back(std::make_unique<dlq::SinkDeadLetters>(
                m_config.name, sinkConfig.name, sinkConfig.maxRetries, context.recovery->failures,
                *m_stores.back()));
            context.deadLetters = m_deadLetters.back().get();
        }
        m_sinkDeadLetters.push_back(context.deadLetters);
        auto actions = std::make_shared<SchemaActionLog>(m_config.stateDir, sinkConfig.name);
        context.schemaChanges = [actions, metrics = &m_metrics, sink = sinkConfig.name](
                                    const TableSchema &table, const SchemaPlan &plan, Lsn lsn,
                                    const std::string &refusal) {
            actions->record(table, plan, lsn, refusal);
            if (refusal.empty())
                for (const auto &change : plan.changes)
                    if (change.action != SchemaChangePolicy::Action::Keep)
                        metrics->recordSchemaChangeApplied(sink);
        };
        auto sink = makeSink(sinkConfig, context);
        if (m_config.transport.isKafka())
            sink->useExternalPositions();
        if (m_config.transport.isKafka() && !m_config.transport.isEmbeddedKafka())
            sink->snapshotIsInTheTopics();
        sink->connect();
        sink->setMetrics(&m_metrics);
        m_sinks.push_back(std::move(sink));
    }
}

// A sink-only pipeline has no source to describe its tables. A postgres sink first describes
// them as its target holds them (each sink checks its own in prepareTables); sinks that keep no
// definitions (redis, http) take the newest shapes the source announced in the schema history
// topic.
std::vector<TableDefinition> PipelineSession::targetTables()
{
    Sink &first = *m_sinks.front();
    if (!first.targetDescribesTables())
        return announcedTables();
    std::vector<TableDefinition> tables;
    for (const auto &qualified : m_config.transport.tables) {
        const auto dot = qualified.find('.');
        const auto schema =
            first.describeTable(qualified.substr(0, dot), qualified.substr(dot + 1));
        if (!schema)
            throw PermanentError("sink " + first.name() + ": target table " + qualified +
                                 " does not exist; a pipeline without a source cannot create "
                                 "it, so create it first");
        TableDefinition table;
        table.schema = schema->schema;
        table.name = schema->name;
        for (const auto &column : schema->columns) {
            table.columns.push_back({column.name, {}, false});
            if (column.isKey)
                table.keyColumns.push_back(column.name);
        }
        tables.push_back(std::move(table));
    }
    return tables;
}

std::vector<TableDefinition> PipelineSession::announcedTables()
{
    const std::string topic = m_config.transport.topicPrefix + "._schemas";
    const auto announced =
        kafka::readSchemaTopic({m_config.transport.brokers, m_config.transport.properties}, topic,
                               kafka::BrowseClock::now() + std::chrono::seconds(30));
    std::vector<TableDefinition> tables;
    for (const auto &qualified : m_config.transport.tables) {
        const auto found = announced.find(qualified);
        // Retried: the source may not have announced it yet.
        if (found == announced.end())
            throw TransientError("sink " + m_config.sinks.front().name +
                                 " keeps no table definitions, and the schema history topic " +
                                 topic + " has none for " + qualified +
                                 " yet: the pipeline with the source announces each table's "
                                 "shape there");
        tables.push_back(TableDefinition::fromSchema(found->second));
    }
    return tables;
}

PipelineSession::SlotStart PipelineSession::settleSlot(Source &source,
                                                       const std::vector<TableDefinition> &tables,
                                                       const std::vector<TableDefinition> &targets,
                                                       SessionTransport &transport)
{
    const auto withPosition = std::count_if(m_sinks.begin(), m_sinks.end(),
                                            [](const auto &sink) { return sink->position(); });
    const bool initialSnapshot = m_config.source.snapshot == SourceConfig::Snapshot::Initial;

    auto resumed = source.resumePosition();
    if (resumed && withPosition != long(m_sinks.size()) && initialSnapshot) {
        // An interrupted snapshot (of one sink or of all): copy everything again from a new
        // capture position. Loading is truncate + copy in one transaction, so repeating it is
        // safe.
        log::warning("source", source.captureName() +
                                   " exists but not every sink finished the initial snapshot; "
                                   "starting the snapshot over");
        source.discardCapture();
        resumed.reset();
    }
    if (resumed) {
        std::string positions;
        for (const auto &sink : m_sinks)
            positions += "; sink " + sink->name() + " applied up to " +
                         (sink->position() ? sink->position()->toString() : "nothing yet");
        log::info("pipeline", "resuming from " + source.captureName() + " (confirmed " +
                                  resumed->toString() + ")" + positions);
        // Direct mode: what every sink committed may be ahead of the slot's last confirmation.
        Lsn applied = *resumed;
        const auto watermark = AppliedWatermark(m_config.stateDir).load();
        if (!m_config.transport.isKafka() && watermark)
            for (const auto &sink : m_sinks)
                if (sink->position() && *sink->position() < std::min(*watermark, *resumed))
                    log::warning("pipeline",
                                 "sink " + sink->name() + " stands at " +
                                     sink->position()->toString() +
                                     ", behind what it had "
                                     "applied when " +
                                     source.captureName() + " was confirmed (" +
                                     std::min(*watermark, *resumed).toString() +
                                     "): its target lost writes it had acknowledged (a restored "
                                     "backup; for Redis, a crash without appendfsync always), "
                                     "and the changes in between are not sent again");
        if (!m_config.transport.isKafka() && !m_sinks.empty()) {
            std::optional<Lsn> everywhere;
            for (const auto &sink : m_sinks)
                everywhere = !sink->position() ? Lsn()
                             : everywhere      ? std::min(*everywhere, *sink->position())
                                               : *sink->position();
            applied = std::max(applied, everywhere.value_or(Lsn()));
        }
        return {applied, false};
    }
    if (withPosition != 0)
        log::warning("source",
                     source.captureName() + " is missing; the sinks start over from a new slot");
    auto created = source.startCapture(initialSnapshot);
    AppliedWatermark(m_config.stateDir).forget(); // an earlier slot's, perhaps of another server
    if (created.snapshot && !m_transforms.empty())
        created.snapshot =
            std::make_unique<MaskedTableCopy>(std::move(created.snapshot), m_transforms, tables);
    {
        // The first version of each table, so that a later rename is known for what it is.
        SchemaRecorder schemas(m_config.stateDir);
        for (const auto &table : tables) {
            TableSchema schema = table.toSchema();
            schemas.track(schema, created.consistentPoint);
        }
    }
    if (!initialSnapshot) {
        for (auto &sink : m_sinks)
            sink->recordPosition(created.consistentPoint);
        return {created.consistentPoint, true};
    }
    m_status(PipelineState::Snapshotting, "copying existing rows");
    TableCopySource &reader = *created.snapshot;
    transport.loadSnapshot(reader, targets, created.consistentPoint,
                           [&] { loadSinks(reader, targets, created.consistentPoint); });
    return {created.consistentPoint, true};
}

// A table the pipeline has not copied before (added to the file since) is copied while
// streaming. A new slot copied everything (or, with snapshot: never, was asked not to).
void PipelineSession::arrangeIncrementalSnapshots(Source &source, const SlotStart &start)
{
    SnapshotProgress store(SnapshotProgress::fileIn(m_config.stateDir));
    const bool everythingCopied = start.slotCreated || store.isNew();
    if (start.slotCreated)
        store.forgetJobs();
    const auto captured = store.capturedTables();
    const bool copyNewTables = m_config.source.snapshot == SourceConfig::Snapshot::Initial;
    for (const auto &table : source.tables()) {
        if (everythingCopied || captured.count(table))
            store.markCaptured(table);
        else if (!copyNewTables)
            store.markCaptured(table);
        else
            store.request(table, "added to the pipeline");
    }
    // The copy's progress is the streaming state's detail (the console shows it).
    source.enableIncrementalSnapshots(
        m_config.name, m_config.stateDir, start.resumeFrom,
        [this](const std::string &copying) { m_status(PipelineState::Streaming, copying); });
}

// Copies the snapshot into every sink, reporting rows copied against the planner's estimate.
void PipelineSession::loadSinks(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                                Lsn consistentPoint)
{
    long long estimated = 0;
    for (const auto &table : tables)
        estimated += std::max(0LL, reader.estimatedRows(table)); // -1: never analyzed
    estimated *= (long long)m_sinks.size();
    long long copied = 0;
    auto reported = Clock::now();
    m_snapshotProgress(0, estimated);
    for (auto &sink : m_sinks)
        sink->loadSnapshot(reader, tables, consistentPoint, [&](long long rows) {
            copied += rows;
            if (Clock::now() - reported >= std::chrono::milliseconds(250)) {
                m_snapshotProgress(copied, estimated);
                reported = Clock::now();
            }
        });
    m_snapshotProgress(copied, estimated);
}

std::unique_ptr<SessionTransport>
PipelineSession::makeTransport(const std::vector<TableDefinition> &tables)
{
    if (m_config.transport.isKafka())
        return std::make_unique<KafkaTransport>(m_config, m_embeddedKafka, m_sinks,
                                                m_sinkDeadLetters, tables);
    return std::make_unique<DirectTransport>(m_config, m_sinks);
}

void PipelineSession::logProgress(Lsn confirmed, bool final)
{
    long long applied = 0;
    long long notFound = 0;
    for (const auto &sink : m_sinks) {
        applied += sink->appliedChanges();
        notFound += sink->rowsNotFound();
    }
    m_progress(confirmed, applied);
    if (final) {
        log::info("pipeline", "stopped at " + confirmed.toString() + " after " +
                                  std::to_string(applied) + " changes");
        return;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - m_lastProgress).count();
    log::info("pipeline", "streaming: " + std::to_string(applied) + " changes applied (" +
                              formatDecimal(double(applied - m_lastApplied) / seconds, 0) +
                              "/s), confirmed " + confirmed.toString() +
                              (notFound ? "; " + std::to_string(notFound) +
                                              " updates/deletes found no target row"
                                        : std::string()));
    m_lastApplied = applied;
    m_lastProgress = Clock::now();
}

void PipelineSession::stream(Source &source, SessionTransport &transport)
{
    transport.start();
    m_status(PipelineState::Streaming, {});
    Lsn lastEmittedEnd;
    // Where the transaction that could not be applied while in progress ends, once it arrived:
    // when the sinks have it, a new session streams large transactions again.
    Lsn streamAgainAt;
    AppliedWatermark watermark(m_config.stateDir);
    auto confirmable = [&] {
        const Lsn safe = transport.safePosition();
        watermark.note(safe);
        // Idle, with everything sent safe: confirm the server's position too, so the slot does
        // not hold WAL for changes to tables we do not capture.
        if (safe >= lastEmittedEnd && !source.isInsideTransaction())
            return std::max(safe, source.receivedPosition());
        return safe;
    };
    SchemaRecorder schemas(m_config.stateDir);
    source.setRelationHook([&](TableSchema &table, Lsn lsn) { schemas.track(table, lsn); });
    source.setDdlHook([&](const DdlStatement &statement, Lsn lsn) {
        schemas.recordDdl(statement.objectIdentity, statement.commandTag,
                          m_transforms.keptStatement(statement.ddl), lsn);
    });
    transform::ChunkMasker masker(m_transforms);
    std::int64_t lastSourceTime = 0;
    auto emit = [&](std::shared_ptr<const TransactionChunk> chunk) {
        const auto read = (long long)chunk->events.size();
        m_metrics.recordRead(read);
        // Every engine's transactions carry their commit time; PostgreSQL's heartbeats come
        // through lastSourceTimeMicros() below.
        if (chunk->commitTimeMicros > lastSourceTime)
            m_metrics.recordSourceTime(lastSourceTime = chunk->commitTimeMicros);
        if (!m_transforms.empty()) {
            chunk = masker.apply(std::move(chunk));
            if (const auto kept = (long long)chunk->events.size(); kept < read)
                m_metrics.recordFiltered(read - kept);
        }
        if (chunk->isLast && m_streamingRefusedXid != 0 && chunk->xid == m_streamingRefusedXid) {
            m_streamingRefusedXid = 0;
            streamAgainAt = chunk->endLsn;
        }
        transport.emit(chunk, [&] {
            source.confirm(confirmable()); // keeps the walsender from timing us out
            if (m_stopRequested)
                throw StopWhileEmitting{};
        });
        if (chunk->isLast && !chunk->aborted)
            lastEmittedEnd = chunk->endLsn;
    };
    try {
        while (!m_stopRequested) {
            source.poll(std::chrono::milliseconds(100), emit);
            if (const auto sourceTime = source.lastSourceTimeMicros(); sourceTime > lastSourceTime)
                m_metrics.recordSourceTime(lastSourceTime = sourceTime);
            source.confirm(confirmable());
            if (streamAgainAt.isValid() && transport.safePosition() >= streamAgainAt) {
                // Confirmed first: the next session would receive it again, streamed.
                source.confirm(confirmable(), true);
                throw RestartSession("the transaction applied at its commit is on every sink: the "
                                     "session restarts to stream large transactions again");
            }
            if (Clock::now() - m_lastProgress >= std::chrono::seconds(10))
                logProgress(source.lastConfirmed(), false);
        }
    } catch (const StopWhileEmitting &) {
        // The transaction of the undelivered chunk stays uncommitted and unconfirmed.
    } catch (...) {
        // The source may have failed because its server did, and a failover may come next:
        // move the capture point up to what the sinks committed, so that the next session
        // (perhaps on another server) sends less again. Best effort: the source or a sink may
        // be what failed.
        try {
            watermark.flush();
            source.confirm(transport.safePosition(), true);
        } catch (const std::exception &error) {
            log::debug("pipeline",
                       std::string("no confirmation after the failure: ") + error.what());
        }
        transport.abort();
        throw;
    }
    log::info("pipeline", "stopping: applying what is queued");
    transport.drainAndStop();
    source.confirm(confirmable(), true);
    watermark.flush();
    logProgress(source.lastConfirmed(), true);
}

void PipelineSession::consume(SessionTransport &transport)
{
    transport.start();
    m_status(PipelineState::Streaming, {});
    try {
        while (!m_stopRequested) {
            transport.safePosition(); // throws what failed
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (Clock::now() - m_lastProgress >= std::chrono::seconds(10))
                logProgress(Lsn(), false);
        }
    } catch (...) {
        transport.abort();
        throw;
    }
    transport.drainAndStop();
    logProgress(Lsn(), true);
}

} // namespace syncline
