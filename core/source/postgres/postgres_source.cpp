#include "source/postgres/postgres_source.h"

#include "pg/conninfo.h"
#include "source/postgres/byte_reader.h"
#include "source/postgres/incremental_snapshot.h"
#include "source/postgres/replication_protocol.h"
#include "source/postgres/snapshot_reader.h"
#include "source/postgres/source_tables.h"
#include "util/errors.h"
#include "util/log.h"

#include <algorithm>
#include <charconv>
#include <thread>

namespace syncline {

namespace {

// A transaction the server sends this long after its commit is part of a backlog: the stream
// reads it patiently (ReplicationStream::setPatient).
constexpr std::int64_t kBacklogLagMicros = 100'000;

} // namespace

PostgresSource::PostgresSource(SourceConfig config)
    : m_config(std::move(config)), m_entries(m_config.tables),
      m_tables(m_config.tables.begin(), m_config.tables.end())
{}

PostgresSource::~PostgresSource() = default;

std::vector<TableDefinition> PostgresSource::prepare()
{
    m_catalogConnection =
        pg::Connection::open(m_config.dsn, pg::Connection::Mode::Normal, "syncline catalog");
    SourceCatalog catalog(m_catalogConnection);
    catalog.checkServerSupportsLogicalReplication();
    m_config.tables = expandTableEntries(m_entries, listSourceTables(m_catalogConnection));
    if (m_config.tables.empty())
        throw pg::Error("no table matches " + m_entries.front() +
                            (m_entries.size() > 1 ? " or the other entries of tables" : "") +
                            " yet; the pipeline starts once one exists",
                        "42P01", pg::Severity::Transient);
    m_tables = std::set<std::string>(m_config.tables.begin(), m_config.tables.end());
    m_lastDiscovery = std::chrono::steady_clock::now();
    const auto problems = catalog.findCaptureProblems(m_config.tables);
    if (!problems.empty()) {
        std::string message = "cannot capture these tables:";
        for (const auto &problem : problems)
            message += "\n  - " + problem;
        throw pg::Error(message, "55000", pg::Severity::Permanent);
    }
    std::vector<TableDefinition> tables;
    for (const auto &table : m_config.tables)
        tables.push_back(catalog.describeTable(table));
    m_ddlCapture = m_config.ddlCapture && ddl_capture::ensureInstalled(m_catalogConnection);
    m_rowFilters = rowFilters(tables);
    catalog.ensurePublication(m_config.publication, publishedTables(m_config.tables),
                              m_rowFilters ? &*m_rowFilters : nullptr);
    return tables;
}

std::shared_ptr<TableSchema> PostgresSource::describeTable(const std::string &schema,
                                                           const std::string &table)
{
    if (!m_catalogConnection.isOpen())
        m_catalogConnection =
            pg::Connection::open(m_config.dsn, pg::Connection::Mode::Normal, "syncline catalog");
    const auto found = SourceCatalog(m_catalogConnection).findTable(schema + '.' + table);
    return found ? std::make_shared<TableSchema>(found->toSchema()) : nullptr;
}

std::optional<std::map<std::string, std::string>>
PostgresSource::rowFilters(const std::vector<TableDefinition> &tables) const
{
    if (!m_rowFilterFor)
        return std::nullopt;
    std::map<std::string, std::string> filters;
    for (const auto &table : tables)
        if (auto filter = m_rowFilterFor(table.toSchema()))
            filters[table.qualifiedName()] = std::move(*filter);
    return filters;
}

std::vector<std::string> PostgresSource::publishedTables(std::vector<std::string> tables) const
{
    if (m_ddlCapture)
        tables.push_back(ddl_capture::kTable);
    return tables;
}

std::optional<SlotInfo> PostgresSource::slot()
{
    return SourceCatalog(m_catalogConnection).slot(m_config.slot);
}

void PostgresSource::dropSlot()
{
    SourceCatalog catalog(m_catalogConnection);
    for (int attempt = 0;; ++attempt) {
        const auto info = catalog.slot(m_config.slot);
        if (!info)
            return;
        if (!info->active) {
            catalog.dropSlot(m_config.slot);
            log::info("source", "dropped replication slot " + m_config.slot);
            return;
        }
        if (attempt >= 300)
            throw pg::Error("replication slot " + m_config.slot + " is still in use", "55006",
                            pg::Severity::Transient);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::string PostgresSource::where() const
{
    return pg::redactConnInfo(m_config.dsn);
}

CaptureStatus PostgresSource::captureStatus()
{
    auto conn = pg::Connection::open(m_config.dsn, pg::Connection::Mode::Normal, "syncline status");
    // wal_status and safe_wal_size came with PostgreSQL 13.
    const bool walStatus = conn.serverVersion() >= 130000;
    auto result = conn.execParams(
        std::string("SELECT s.active, s.confirmed_flush_lsn, pg_current_wal_lsn(), "
                    "       COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), "
                    "                                s.confirmed_flush_lsn), 0)::bigint, "
                    "       COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn), "
                    "                0)::bigint, ") +
            (walStatus ? "s.wal_status, s.safe_wal_size " : "NULL, NULL ") +
            "FROM (SELECT 1) AS one LEFT JOIN pg_replication_slots s ON s.slot_name = $1",
        {m_config.slot});
    CaptureStatus status;
    status.exists = !pg::resultIsNull(result.get(), 0, 1);
    status.active = pg::resultValue(result.get(), 0, 0) == "t";
    status.confirmed = Lsn::parse(pg::resultValue(result.get(), 0, 1)).value_or(Lsn());
    status.current = Lsn::parse(pg::resultValue(result.get(), 0, 2)).value_or(Lsn());
    status.lagBytes = std::stoll(pg::resultValue(result.get(), 0, 3));
    status.retainedBytes = std::stoll(pg::resultValue(result.get(), 0, 4));
    status.walStatus = pg::resultValue(result.get(), 0, 5);
    if (!pg::resultIsNull(result.get(), 0, 6))
        status.safeWalSizeBytes = std::stoll(pg::resultValue(result.get(), 0, 6));
    if (status.walStatus == "lost")
        status.warning = "the server removed WAL that slot " + m_config.slot +
                         " still needed (wal_status lost): the slot cannot be streamed from any "
                         "more; drop it and start the pipeline again to copy the tables anew";
    else if (status.walStatus == "unreserved")
        status.warning = "slot " + m_config.slot +
                         " holds more WAL than max_slot_wal_keep_size allows (wal_status "
                         "unreserved): the server will remove it at the next checkpoint unless "
                         "the pipeline catches up; raise max_slot_wal_keep_size or resolve the "
                         "pipeline's lag now";
    return status;
}

std::optional<Lsn> PostgresSource::resumePosition()
{
    const auto info = slot();
    return info ? std::optional(info->confirmedFlush) : std::nullopt;
}

Source::CaptureStart PostgresSource::startCapture(bool withSnapshot)
{
    const auto created = createSlot(withSnapshot);
    CaptureStart start{created.consistentPoint, nullptr};
    if (withSnapshot)
        start.snapshot = std::make_unique<SnapshotReader>(m_config.dsn, created.snapshotName);
    return start;
}

ReplicationStream::CreatedSlot PostgresSource::createSlot(bool exportSnapshot)
{
    if (!m_stream)
        m_stream = std::make_unique<ReplicationStream>(m_config.dsn);
    auto created = m_stream->createSlot(m_config.slot, exportSnapshot);
    log::info("source", "created replication slot " + m_config.slot + " at " +
                            created.consistentPoint.toString() +
                            (exportSnapshot ? " with snapshot " + created.snapshotName : ""));
    return created;
}

void PostgresSource::startStreaming(bool streamLargeTransactions)
{
    if (!m_stream)
        m_stream = std::make_unique<ReplicationStream>(m_config.dsn);
    const bool streaming =
        m_stream->start(m_config.slot, m_config.publication, Lsn(), streamLargeTransactions);
    m_lastStatus = std::chrono::steady_clock::now();
    log::info("source", "streaming from slot " + m_config.slot + " (publication " +
                            m_config.publication +
                            (streaming ? "; large transactions while in progress" : "") + ")");
}

void PostgresSource::enableIncrementalSnapshots(const std::string &pipeline,
                                                const std::filesystem::path &stateDir,
                                                Lsn confirmed,
                                                std::function<void(const std::string &)> progress)
{
    m_incremental = std::make_unique<IncrementalSnapshot>(m_config.dsn, pipeline, stateDir, 4096,
                                                          std::move(progress));
    m_incremental->resume(confirmed);
}

void PostgresSource::poll(std::chrono::milliseconds timeout, const ChunkHandler &emit)
{
    // Reads on, waiting whenever the socket runs dry, until the timeout has passed: returning
    // at the end of every burst the server sends, only to be called again, costs a wakeup and
    // syscalls per burst while a backlog streams.
    auto deadline = std::chrono::steady_clock::now() + timeout;
    if (!m_chunk)
        discoverTables();
    emitHeartbeat();
    for (int handled = 0; handled < 4096; ++handled) {
        if (m_incremental && !m_chunk) {
            m_incremental->step();
            if (m_incremental->isWindowOpen())
                deadline = std::min(deadline, std::chrono::steady_clock::now() +
                                                  std::chrono::milliseconds(10));
        }
        const auto data = m_stream->read(deadline);
        if (!data)
            return;
        const auto message = parseReplicationMessage(*data);
        if (const auto *keepalive = std::get_if<PrimaryKeepalive>(&message)) {
            if (!m_chunk && keepalive->walEnd > m_received)
                m_received = keepalive->walEnd;
            m_replyRequested = m_replyRequested || keepalive->replyRequested;
            continue;
        }
        const auto &xlog = std::get<XLogData>(message);
        handle(xlog.payload, emit);
        if (m_chunk && m_chunk->isFirst && m_chunk->events.empty() && m_chunk->commitTimeMicros)
            m_stream->setPatient(xlog.sendTime + kPostgresEpochOffsetMicros -
                                     m_chunk->commitTimeMicros >
                                 kBacklogLagMicros);
    }
}

void PostgresSource::emitHeartbeat()
{
    const auto now = std::chrono::steady_clock::now();
    if (m_config.heartbeatIntervalSeconds <= 0 ||
        now - m_lastHeartbeat < std::chrono::seconds(m_config.heartbeatIntervalSeconds))
        return;
    m_lastHeartbeat = now;
    try {
        // Not transactional: decoded at once, whatever else is in progress. The server's clock,
        // as transactions' commit times are.
        m_catalogConnection.execParams(
            "SELECT pg_logical_emit_message(false, $1, "
            "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text)",
            {kHeartbeatPrefix});
        m_heartbeatFailed = false;
    } catch (const pg::Error &error) {
        // The stream goes on without: only the time lag goes stale while no table changes.
        if (!error.isTransient() && !m_heartbeatFailed)
            log::warning("source", std::string("heartbeat not written (the time lag is only "
                                               "measured while tables change): ") +
                                       error.what());
        m_heartbeatFailed = true;
        if (error.isTransient())
            throw;
    }
}

void PostgresSource::discoverTables()
{
    const auto now = std::chrono::steady_clock::now();
    if (std::none_of(m_entries.begin(), m_entries.end(), isTablePattern) ||
        now - m_lastDiscovery < std::chrono::seconds(m_config.discoveryIntervalSeconds))
        return;
    m_lastDiscovery = now;
    std::vector<std::string> added;
    for (const auto &table : expandTableEntries(m_entries, listSourceTables(m_catalogConnection)))
        if (!m_tables.count(table) && !m_uncapturable.count(table))
            added.push_back(table);
    if (added.empty())
        return;
    SourceCatalog catalog(m_catalogConnection);
    for (const auto &problem : catalog.findCaptureProblems(added)) {
        log::warning("source", "a new table matches the pipeline's tables but cannot be "
                               "captured: " +
                                   problem);
        for (const auto &table : added)
            if (problem.find(table) != std::string::npos)
                m_uncapturable.insert(table);
    }
    std::erase_if(added, [&](const auto &table) { return m_uncapturable.count(table) != 0; });
    if (added.empty())
        return;
    std::vector<std::string> all = m_config.tables;
    all.insert(all.end(), added.begin(), added.end());
    catalog.ensurePublication(m_config.publication, publishedTables(all),
                              m_rowFilters ? &*m_rowFilters : nullptr);
    std::string names;
    for (const auto &table : added)
        names += (names.empty() ? "" : ", ") + table;
    throw RestartSession("new table " + names +
                         " matches the pipeline's tables: added to the publication; the session "
                         "restarts to create it on the targets and copy it while streaming");
}

void PostgresSource::handleDdl(const ChangeEvent &event)
{
    if (event.op != Operation::Insert || !event.after)
        return;
    auto column = [&](const char *name) {
        const auto &columns = event.table->columns;
        for (std::size_t i = 0; i < columns.size() && i < event.after->size(); ++i)
            if (columns[i].name == name)
                return (*event.after)[i].text;
        return std::string();
    };
    const ddl_capture::Statement statement{column("command_tag"), column("object_identity"),
                                           column("ddl")};
    if (statement.commandTag.starts_with("CREATE TABLE"))
        m_lastDiscovery = {}; // look for new tables that match a pattern at the next poll
    if (m_ddlHook)
        m_ddlHook(statement, m_chunk ? m_chunk->commitLsn : m_received);
}

bool PostgresSource::isCaptured(const TableSchema &table) const
{
    return m_tables.count(table.qualifiedName()) != 0;
}

PostgresSource::Route PostgresSource::routeOf(const std::shared_ptr<const TableSchema> &table)
{
    RelationRoute &cached = m_routes[table->relationId];
    if (cached.table != table) {
        cached.route = m_ddlCapture && table->qualifiedName() == ddl_capture::kTable ? Route::DdlLog
                       : isCaptured(*table) ? Route::Capture
                                            : Route::Skip;
        cached.table = table;
    }
    return cached.route;
}

void PostgresSource::handle(std::string_view payload, const ChunkHandler &emit)
{
    auto message = m_decoder.decode(payload);
    if (handleStreamControl(message, emit))
        return;
    if (auto *begin = std::get_if<pgoutput::Begin>(&message)) {
        if (m_chunk)
            throw DecodeError("Begin inside a transaction");
        m_chunk = std::make_shared<TransactionChunk>();
        m_chunk->xid = begin->xid;
        m_chunk->commitLsn = begin->finalLsn;
        m_chunk->commitTimeMicros = begin->commitTimeMicros;
        m_sourceTimeMicros = std::max(m_sourceTimeMicros, begin->commitTimeMicros);
        m_chunk->isFirst = true;
        m_chunk->events.reserve(m_lastChunkEvents);
        return;
    }
    if (auto *commit = std::get_if<pgoutput::Commit>(&message)) {
        if (!m_chunk)
            throw DecodeError("Commit outside a transaction");
        m_chunk->endLsn = commit->endLsn;
        emitChunk(true, emit);
        m_received = commit->endLsn;
        return;
    }
    if (const auto *logical = std::get_if<pgoutput::LogicalMessage>(&message)) {
        if (logical->prefix == kHeartbeatPrefix) {
            // Carries the server's clock when it was written: the stream is this fresh.
            std::int64_t micros = 0;
            const auto &text = logical->content;
            if (std::from_chars(text.data(), text.data() + text.size(), micros).ec == std::errc() &&
                micros > m_sourceTimeMicros)
                m_sourceTimeMicros = micros;
            return;
        }
        if (!m_incremental || m_chunk || m_streamXid)
            return;
        if (auto chunk = m_incremental->onMessage(*logical)) {
            // Received once delivered: while the transport waits, the slot may be confirmed up
            // to what was received, and the chunk's rows are not safe before they are sent.
            const Lsn end = chunk->endLsn;
            if (!chunk->events.empty())
                emit(std::move(chunk));
            m_received = end;
        }
        return;
    }
    if (const auto *relation = std::get_if<pgoutput::Relation>(&message)) {
        const TableSchema &table = *relation->table;
        // The catalog, read from outside, does not show the transaction's own DDL yet.
        if (m_streamXid && relation->isNew && m_capturedRelations.count(table.relationId))
            throw StreamingRefused(m_streamXid, table.qualifiedName() + " changed shape in it");
        if (relation->isNew && isCaptured(table)) {
            m_capturedRelations[table.relationId] = table.qualifiedName();
            describeRelation(table);
        } else if (const auto renamed = m_capturedRelations.find(table.relationId);
                   relation->isNew && renamed != m_capturedRelations.end() &&
                   renamed->second != table.qualifiedName()) {
            log::error("schema", renamed->second + " was renamed to " + table.qualifiedName() +
                                     " on the source: its changes are no longer captured. Put " +
                                     table.qualifiedName() +
                                     " in the pipeline's tables (and rename the target table) "
                                     "to go on");
            m_capturedRelations.erase(renamed);
        }
        return;
    }
    auto *change = std::get_if<pgoutput::Change>(&message);
    if (!change)
        return; // the rest carry nothing to apply
    if (!m_chunk)
        throw DecodeError("change outside a transaction");
    ChangeEvent &event = change->event;
    const Route route = routeOf(event.table);
    if (route == Route::DdlLog) {
        if (m_streamXid)
            throw StreamingRefused(m_streamXid, "it ran DDL");
        return handleDdl(event);
    }
    if (event.op == Operation::Truncate) {
        std::erase_if(event.truncatedTables, [&](const auto &t) { return !isCaptured(*t); });
        if (event.truncatedTables.empty())
            return;
        event.table = event.truncatedTables.front();
    } else if (route == Route::Skip) {
        return;
    }
    if (m_streamXid)
        m_streamed[m_streamXid].subtransactions.insert(change->xid);
    else if (m_incremental)
        m_incremental->observe(event, m_chunk->xid);
    m_chunk->bytes += approximateBytes(event);
    m_chunk->events.push_back(std::move(event));
    if (m_chunk->events.size() >= kEventsPerChunk || m_chunk->bytes >= kBytesPerChunk)
        emitChunk(false, emit);
}

bool PostgresSource::handleStreamControl(const pgoutput::Message &message, const ChunkHandler &emit)
{
    if (const auto *start = std::get_if<pgoutput::StreamStart>(&message)) {
        if (m_chunk)
            throw DecodeError("Stream Start inside a transaction");
        if (start->firstSegment)
            m_streamed.erase(start->xid); // streamed again from its start (a new session)
        const StreamedTransaction &streamed = m_streamed[start->xid];
        m_streamXid = start->xid;
        m_chunk = std::make_shared<TransactionChunk>();
        m_chunk->xid = start->xid;
        m_chunk->streamed = true;
        m_chunk->isFirst = !streamed.emitted;
        m_chunk->firstEventIndex = streamed.nextEventIndex;
        return true;
    }
    if (std::holds_alternative<pgoutput::StreamStop>(message)) {
        if (!m_chunk)
            throw DecodeError("Stream Stop outside a stream block");
        if (!m_chunk->events.empty())
            emitChunk(false, emit);
        m_chunk.reset(); // emitChunk(false) opened the next one
        m_streamXid = 0;
        return true;
    }
    if (const auto *commit = std::get_if<pgoutput::StreamCommit>(&message)) {
        emitStreamEnd(commit->xid, commit, emit);
        m_received = commit->endLsn;
        if (m_incremental)
            m_incremental->observeStreamedCommit(commit->xid);
        return true;
    }
    if (const auto *abort = std::get_if<pgoutput::StreamAbort>(&message)) {
        if (abort->subxid == abort->xid)
            emitStreamEnd(abort->xid, nullptr, emit);
        else if (const auto it = m_streamed.find(abort->xid);
                 it != m_streamed.end() && it->second.subtransactions.count(abort->subxid))
            throw StreamingRefused(abort->xid, "a subtransaction with changes applied rolled back");
        return true;
    }
    return false;
}

void PostgresSource::emitStreamEnd(std::uint32_t xid, const pgoutput::StreamCommit *commit,
                                   const ChunkHandler &emit)
{
    if (m_chunk)
        throw DecodeError("end of a streamed transaction inside a transaction");
    const auto it = m_streamed.find(xid);
    if (it == m_streamed.end())
        return;
    const bool emitted = it->second.emitted;
    const std::uint64_t nextEventIndex = it->second.nextEventIndex;
    m_streamed.erase(it);
    if (!emitted)
        return; // nothing of it was captured
    auto end = std::make_shared<TransactionChunk>();
    end->xid = xid;
    end->streamed = true;
    end->isLast = true;
    end->firstEventIndex = nextEventIndex;
    if (commit) {
        end->commitLsn = commit->commitLsn;
        end->endLsn = commit->endLsn;
        end->commitTimeMicros = commit->commitTimeMicros;
    } else {
        end->aborted = true;
    }
    emit(std::move(end));
}

void PostgresSource::describeRelation(const TableSchema &relation)
{
    auto described = std::make_shared<TableSchema>(relation);
    SourceCatalog(m_catalogConnection).describeRelationColumns(*described);
    if (m_relationHook)
        m_relationHook(*described, m_chunk && !m_chunk->streamed ? m_chunk->commitLsn : m_received);
    m_decoder.replaceRelation(std::move(described));
}

void PostgresSource::emitChunk(bool last, const ChunkHandler &emit)
{
    auto chunk = std::move(m_chunk);
    chunk->isLast = last;
    if (last && chunk->isFirst && chunk->events.empty()) {
        m_chunk.reset(); // nothing captured in this transaction
        return;
    }
    m_lastChunkEvents = chunk->events.size();
    if (!last) {
        m_chunk = std::make_shared<TransactionChunk>();
        m_chunk->xid = chunk->xid;
        m_chunk->commitLsn = chunk->commitLsn;
        m_chunk->commitTimeMicros = chunk->commitTimeMicros;
        m_chunk->firstEventIndex = chunk->firstEventIndex + chunk->events.size();
        m_chunk->streamed = chunk->streamed;
        m_chunk->events.reserve(m_lastChunkEvents);
    }
    if (chunk->streamed) {
        StreamedTransaction &streamed = m_streamed[chunk->xid];
        streamed.emitted = true;
        streamed.nextEventIndex = chunk->firstEventIndex + chunk->events.size();
    }
    emit(std::move(chunk));
}

void PostgresSource::confirm(Lsn flushed, bool force)
{
    const auto now = std::chrono::steady_clock::now();
    const bool due = now - m_lastStatus >= std::chrono::seconds(10);
    if (!force && !m_replyRequested && !due &&
        (flushed <= m_confirmed || now - m_lastStatus < std::chrono::milliseconds(200)))
        return;
    if (flushed < m_confirmed)
        flushed = m_confirmed; // never move backwards
    m_stream->sendStatus(flushed, flushed);
    m_confirmed = flushed;
    m_replyRequested = false;
    m_lastStatus = now;
}

} // namespace syncline
