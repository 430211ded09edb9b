#include "source/postgres/incremental_snapshot.h"

#include "pg/conninfo.h"
#include "snapshot/copy_text.h"
#include "source/postgres/pgoutput_decoder.h"
#include "source/postgres/snapshot_reader.h"
#include "source/postgres/source_catalog.h"
#include "util/failpoint.h"
#include "util/log.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <random>

namespace syncline {

namespace {

std::string sessionName()
{
    std::random_device random;
    return std::to_string(::getpid()) + '-' + std::to_string(random());
}

std::vector<std::optional<std::string>> keyTexts(const Row &key)
{
    std::vector<std::optional<std::string>> texts;
    for (const auto &value : key)
        texts.push_back(value.isNull() ? std::nullopt : std::optional<std::string>(value.text));
    return texts;
}

Row keyRow(const std::vector<std::optional<std::string>> &texts)
{
    Row key;
    for (const auto &text : texts)
        key.push_back(text ? Value::fromText(*text) : Value::null());
    return key;
}

} // namespace

IncrementalSnapshot::IncrementalSnapshot(const std::string &dsn, const std::string &pipeline,
                                         const std::filesystem::path &stateDir, int chunkRows,
                                         Progress progress)
    : m_conn(pg::Connection::open(dsn, pg::Connection::Mode::Normal,
                                  "syncline incremental snapshot " + pipeline)),
      m_session(sessionName()), m_store(SnapshotProgress::fileIn(stateDir)), m_chunkRows(chunkRows),
      m_progress(std::move(progress))
{}

IncrementalSnapshot::~IncrementalSnapshot() = default;

void IncrementalSnapshot::resume(Lsn confirmed)
{
    loadJobs(confirmed);
}

void IncrementalSnapshot::loadJobs(Lsn confirmed)
{
    m_storeVersion = m_store.version();
    m_lastCheck = std::chrono::steady_clock::now();
    // pgoutput sends logical messages, the watermarks, from PostgreSQL 14 on.
    if (PQserverVersion(m_conn.handle()) < 140000) {
        if (!m_saidUnsupported && !m_store.jobs().empty()) {
            log::error("snapshot", "incremental snapshots need PostgreSQL 14 or later on the "
                                   "source; the tables asked for are not copied");
            m_saidUnsupported = true;
        }
        return;
    }
    for (const auto &stored : m_store.jobs()) {
        const auto known = std::find_if(m_jobs.begin(), m_jobs.end(), [&](const Job &job) {
            return job.stored.table == stored.table;
        });
        if (known != m_jobs.end() && known->stored.generation == stored.generation)
            continue; // in progress here, ahead of the store's confirmed part
        if (known != m_jobs.end()) {
            if (m_window && known == m_jobs.begin())
                m_window.reset(); // requested again: its open chunk is moot
            m_jobs.erase(known);
        }
        Job job;
        job.stored = SnapshotProgress::confirmedPart(stored, confirmed);
        if (job.stored.finished())
            continue;
        if (!job.stored.chunks.empty()) {
            job.after = keyRow(job.stored.chunks.back().lastKey);
            job.nextChunk = job.stored.chunks.back().number + 1;
        }
        log::info("snapshot",
                  "incremental snapshot of " + stored.table + " (" + stored.reason + "): " +
                      (job.after ? "resuming after chunk " + std::to_string(job.nextChunk - 1)
                                 : std::string("starting")));
        m_jobs.push_back(std::move(job));
    }
}

void IncrementalSnapshot::step()
{
    if (m_window)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastCheck >= std::chrono::seconds(1)) {
        m_lastCheck = now;
        if (m_store.version() != m_storeVersion)
            loadJobs(Lsn());
    }
    if (!m_jobs.empty())
        readChunk(m_jobs.front());
}

std::string IncrementalSnapshot::chunkQuery(const TableDefinition &table, const Job &job) const
{
    std::string columns;
    for (const auto &column : table.columns)
        columns += (columns.empty() ? "" : ", ") + pg::quoteIdentifier(column.name);
    // The key in the index's order (so the index reads the chunk); job.after holds the key's
    // values in column order, as SnapshotWindow keeps them.
    std::vector<std::string> keyInColumnOrder;
    for (const auto &column : table.columns)
        if (std::find(table.keyColumns.begin(), table.keyColumns.end(), column.name) !=
            table.keyColumns.end())
            keyInColumnOrder.push_back(column.name);
    std::string key;
    std::string after;
    for (const auto &name : table.keyColumns) {
        key += (key.empty() ? "" : ", ") + pg::quoteIdentifier(name);
        const auto position =
            std::size_t(std::find(keyInColumnOrder.begin(), keyInColumnOrder.end(), name) -
                        keyInColumnOrder.begin());
        if (!job.after || position >= job.after->size())
            continue;
        const auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                         [&](const auto &c) { return c.name == name; });
        after += (after.empty() ? "" : ", ") + pg::quoteLiteral((*job.after)[position].text) +
                 "::" + column->sqlType;
    }
    if (job.stored.keys) {
        std::string values;
        for (const auto &wanted : keysOfChunk(job)) {
            std::string tuple;
            for (std::size_t i = 0; i < wanted.size() && i < table.keyColumns.size(); ++i) {
                const auto column =
                    std::find_if(table.columns.begin(), table.columns.end(),
                                 [&](const auto &c) { return c.name == table.keyColumns[i]; });
                tuple += (tuple.empty() ? "" : ", ") + pg::quoteLiteral(wanted[i]) +
                         "::" + column->sqlType;
            }
            values += (values.empty() ? "(" : ", (") + tuple + ")";
        }
        return "COPY (SELECT " + columns + " FROM " +
               pg::quoteQualifiedName(table.schema, table.name) +
               (values.empty() ? " WHERE false"
                               : " WHERE (" + key + ") IN (VALUES " + values + ")") +
               " ORDER BY " + key + ") TO STDOUT";
    }
    return "COPY (SELECT " + columns + " FROM " + pg::quoteQualifiedName(table.schema, table.name) +
           (job.after ? " WHERE (" + key + ") > (" + after + ")" : std::string()) + " ORDER BY " +
           key + " LIMIT " + std::to_string(m_chunkRows) + ") TO STDOUT";
}

std::vector<SnapshotProgress::Key> IncrementalSnapshot::keysOfChunk(const Job &job) const
{
    const auto &keys = *job.stored.keys;
    const std::size_t first = std::size_t(job.nextChunk - 1) * std::size_t(m_chunkRows);
    if (first >= keys.size())
        return {};
    return {keys.begin() + first, keys.begin() + std::min(keys.size(), first + m_chunkRows)};
}

std::vector<Row> IncrementalSnapshot::absentRows(const TableDefinition &table, const Job &job,
                                                 const std::vector<Row> &found) const
{
    std::vector<std::size_t> keyIndexes;
    for (const auto &name : table.keyColumns)
        for (std::size_t i = 0; i < table.columns.size(); ++i)
            if (table.columns[i].name == name)
                keyIndexes.push_back(i);
    std::set<SnapshotProgress::Key> present;
    for (const auto &row : found) {
        SnapshotProgress::Key key;
        for (auto index : keyIndexes)
            key.push_back(row[index].text);
        present.insert(std::move(key));
    }
    std::vector<Row> absent;
    for (const auto &wanted : keysOfChunk(job)) {
        if (present.count(wanted) || wanted.size() != keyIndexes.size())
            continue;
        Row row(table.columns.size(), Value::null());
        for (std::size_t i = 0; i < keyIndexes.size(); ++i)
            row[keyIndexes[i]] = Value::fromText(wanted[i]);
        absent.push_back(std::move(row));
    }
    return absent;
}

void IncrementalSnapshot::readChunk(Job &job)
{
    const std::string &name = job.stored.table;
    const auto [schemaName, tableName] = splitQualifiedName(name);
    const std::string id = m_session + ':' + std::to_string(++m_watermarks);
    std::vector<Row> rows;
    TableDefinition table;
    bool shapeChanged = false;
    try {
        table = SourceCatalog(m_conn).describeTable(name);
        if (table.keyColumns.empty())
            throw pg::Error(name + " has no primary key to read it by in chunks; copy it with a "
                                   "new initial snapshot instead",
                            "42P10", pg::Severity::Permanent);
        m_conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
        // No DDL on the table between the watermarks: its shape is the chunk's all along.
        m_conn.exec("LOCK TABLE " + pg::quoteQualifiedName(schemaName, tableName) +
                    " IN ACCESS SHARE MODE");
        // The chunk's snapshot starts with this statement, just before the low watermark. A
        // transaction it does not see may still have committed before the watermark (a commit
        // is in the WAL before others see it): the stream tells, and the chunk is read again.
        m_inFlight = InFlight::parse(
            pg::resultValue(m_conn
                                .execParams("SELECT pg_current_snapshot()::text, "
                                            "pg_logical_emit_message(false, $1, $2)",
                                            {kWatermarkPrefix, id + ":low"})
                                .get(),
                            0, 0));
        copyOut(m_conn, chunkQuery(table, job), "incremental snapshot of " + name, 1 << 20,
                [&](std::string &&text, long long) {
                    std::size_t start = 0;
                    while (start < text.size()) {
                        const auto end = text.find('\n', start);
                        rows.push_back(
                            parseCopyTextRow(std::string_view(text).substr(start, end - start)));
                        start = end == std::string::npos ? text.size() : end + 1;
                    }
                });
        SYNCLINE_FAILPOINT("snapshot.incremental_chunk_copied"); // inside the window
        m_conn.execParams("SELECT pg_logical_emit_message(false, $1, $2)",
                          {kWatermarkPrefix, id + ":high"});
        // DDL that committed between the description and the lock: read again.
        shapeChanged = !(SourceCatalog(m_conn).describeTable(name).toSchema() == table.toSchema());
        m_conn.exec("COMMIT");
    } catch (const pg::Error &error) {
        if (m_conn.isOpen() && PQtransactionStatus(m_conn.handle()) != PQTRANS_IDLE)
            m_conn.exec("ROLLBACK");
        if (error.isTransient())
            throw;
        log::error("snapshot", "incremental snapshot of " + name + " stopped: " + error.what());
        m_jobs.pop_front();
        return;
    }
    auto schema = std::make_shared<TableSchema>(table.toSchema());
    const bool isLast = job.stored.keys ? std::size_t(job.nextChunk) * std::size_t(m_chunkRows) >=
                                              job.stored.keys->size()
                                        : int(rows.size()) < m_chunkRows;
    auto absent = job.stored.keys ? absentRows(table, job, rows) : std::vector<Row>();
    m_windowChunk =
        SnapshotProgress::Chunk{job.nextChunk, {}, Lsn(), (long long)rows.size(), isLast};
    m_window =
        std::make_unique<SnapshotWindow>(std::move(schema), std::move(rows), std::move(absent));
    m_windowChunk.lastKey = keyTexts(m_window->lastKey());
    m_windowId = id;
    m_sawLow = false;
    m_readAgain = shapeChanged;
}

IncrementalSnapshot::InFlight IncrementalSnapshot::InFlight::parse(const std::string &snapshot)
{
    // "xmin:xmax:xip,xip,...", 64-bit transaction ids
    InFlight inFlight;
    const auto first = snapshot.find(':');
    const auto second = snapshot.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos)
        return inFlight;
    inFlight.xmax = std::uint32_t(std::stoull(snapshot.substr(first + 1, second - first - 1)));
    std::size_t start = second + 1;
    while (start < snapshot.size()) {
        const auto comma = snapshot.find(',', start);
        inFlight.running.insert(std::uint32_t(std::stoull(snapshot.substr(start, comma - start))));
        start = comma == std::string::npos ? snapshot.size() : comma + 1;
    }
    inFlight.known = true;
    return inFlight;
}

bool IncrementalSnapshot::InFlight::sees(std::uint32_t xid) const
{
    // Modulo 2^32, as PostgreSQL compares 32-bit transaction ids.
    return known && std::int32_t(xid - xmax) < 0 && !running.count(xid);
}

void IncrementalSnapshot::observe(const ChangeEvent &event, std::uint32_t xid)
{
    if (!m_window)
        return;
    if (m_sawLow)
        m_window->observe(event);
    else if (!m_inFlight.sees(xid) && m_window->concerns(event))
        m_readAgain = true; // committed before the window, after the chunk's snapshot
}

void IncrementalSnapshot::observeStreamedCommit(std::uint32_t xid)
{
    if (m_window && !m_inFlight.sees(xid))
        m_readAgain = true;
}

std::shared_ptr<TransactionChunk>
IncrementalSnapshot::onMessage(const pgoutput::LogicalMessage &message)
{
    if (!m_window || message.prefix != kWatermarkPrefix || message.transactional)
        return nullptr;
    if (message.content == m_windowId + ":low") {
        m_sawLow = true;
        return nullptr;
    }
    if (message.content != m_windowId + ":high")
        return nullptr; // an earlier run's watermark
    if (m_readAgain) {
        log::debug("snapshot", "chunk " + std::to_string(m_windowChunk.number) + " of " +
                                   m_window->table().qualifiedName() +
                                   " is read again: a change its read could not see came first");
        m_window.reset();
        return nullptr;
    }
    auto chunk = std::make_shared<TransactionChunk>();
    chunk->commitLsn = message.lsn;
    chunk->endLsn = Lsn(message.lsn.value() + 1); // past the watermark, before what follows
    chunk->commitTimeMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
    chunk->isFirst = true;
    chunk->isLast = true;
    chunk->events = m_window->close();
    for (const auto &event : chunk->events)
        chunk->bytes += approximateBytes(event);
    m_window.reset();

    Job &job = m_jobs.front();
    m_windowChunk.highWatermark = chunk->endLsn;
    m_store.recordChunk(job.stored.table, job.stored.generation, m_windowChunk);
    job.stored.chunks.push_back(m_windowChunk);
    job.after = keyRow(m_windowChunk.lastKey);
    ++job.nextChunk;
    SYNCLINE_FAILPOINT("snapshot.incremental_chunk_read");
    const std::string copied = job.stored.table + ": " + std::to_string(job.stored.chunks.size()) +
                               " chunks, " + std::to_string(job.stored.rowsRead()) + " rows";
    if (m_windowChunk.isLast) {
        log::info("snapshot", "incremental snapshot of " + job.stored.table +
                                  " done: " + std::to_string(job.stored.rowsRead()) + " rows in " +
                                  std::to_string(job.stored.chunks.size()) + " chunks");
        m_jobs.pop_front();
    }
    if (m_progress)
        m_progress(m_jobs.empty() ? std::string()
                                  : "copying " + (m_windowChunk.isLast ? m_jobs.front().stored.table
                                                                       : copied));
    return chunk;
}

} // namespace syncline
