#include "sink/postgres/postgres_sink.h"

#include "connector/rejected_changes.h"
#include "metrics/pipeline_metrics.h"
#include "model/table_definition.h"
#include "pg/conninfo.h"
#include "schema/schema_evolution.h"
#include "sink/postgres/consumer_offsets.h"
#include "sink/postgres/snapshot_loader.h"
#include "sink/postgres/streamed_transactions.h"
#include "sink/postgres/target_catalog.h"
#include "snapshot/table_copy.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/format.h"
#include "util/log.h"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <string_view>

namespace syncline {
namespace {

constexpr int kStatementsPerSync = 1000; // changes between pipeline syncs
// Change data between syncs: chunks stay alive until their results are read, and at most two
// syncs are in flight.
constexpr std::size_t kBytesPerSync = std::size_t(8) << 20;
constexpr int kMaxRowsPerStatement = 64;
// Rows a batch reduces (NetChanges) before it applies them: what one set statement holds at most.
constexpr std::size_t kMaxNetRows = 10000;
// How long the sink waits for target rows while a transaction in progress is open (see
// openTransaction()); a SQL interval.
constexpr const char *kInProgressLockTimeout = "10s";

std::string describedWithSqlstate(const pg::Error &error)
{
    std::string message = error.what();
    if (!error.sqlstate().empty())
        message += " [SQLSTATE " + error.sqlstate() + "]";
    return message;
}

const char *operationName(Operation op)
{
    switch (op) {
    case Operation::Insert:
    case Operation::Read:
        return "insert";
    case Operation::Update:
        return "update";
    case Operation::Delete:
        return "delete";
    case Operation::Truncate:
        return "truncate";
    }
    return "change";
}

} // namespace

PostgresSink::PostgresSink(PostgresSinkConfig config, std::string pipelineName)
    : m_config(std::move(config)), m_offsets(std::move(pipelineName), m_config.name),
      m_schemaChanges(m_config, m_conn, [this](const std::function<void()> &work) {
          openTransaction();
          outsidePipeline(work);
      })
{}

PostgresSink::~PostgresSink() = default;

void PostgresSink::connect()
{
    m_conn = pg::Connection::open(m_config.dsn, pg::Connection::Mode::Normal,
                                  "syncline sink " + m_config.name);
    OffsetsStore::ensureTable(m_conn);
    // One applier per pipeline and sink at a time, across hosts too, and never before a
    // previous session's backend has finished: its last commit may still be in progress.
    if (m_conn.queryValue("SELECT pg_try_advisory_lock(hashtextextended($1, 0))",
                          {"syncline:" + m_offsets.pipeline() + ':' + m_config.name}) != "t")
        throw pg::Error("sink " + m_config.name +
                            ": another session is applying to this target for the same "
                            "pipeline and sink (a second runner, or the previous one finishing)",
                        "55P03", pg::Severity::Transient);
    m_position = m_offsets.read(m_conn);
}

void PostgresSink::sendInTransaction(const char *sql, const std::vector<std::string> &params)
{
    openTransaction();
    sendControl(sql, params);
}

pg::Connection &PostgresSink::catalogConnection()
{
    if (!m_catalog.handle())
        m_catalog = pg::Connection::open(m_config.dsn, pg::Connection::Mode::Normal,
                                         "syncline catalog " + m_config.name);
    return m_catalog;
}

std::shared_ptr<TableSchema> PostgresSink::describeTable(const std::string &schema,
                                                         const std::string &table)
{
    return TargetCatalog(catalogConnection()).tableSchema(schema, table);
}

std::unique_ptr<TransportOffsets> PostgresSink::transportOffsets(const std::string &pipeline,
                                                                 const std::string &group)
{
    return std::make_unique<ConsumerOffsets>(*this, catalogConnection(), pipeline, group);
}

void PostgresSink::prepareTables(const std::vector<TableDefinition> &tables)
{
    TargetCatalog catalog(m_conn);
    for (const auto &table : tables) {
        if (!catalog.columnNames(table.schema, table.name)) {
            if (!m_config.createTables)
                throw pg::Error("sink " + m_config.name + ": target table " +
                                    table.qualifiedName() +
                                    " does not exist (set create_tables: true to create it)",
                                "42P01", pg::Severity::Permanent);
            catalog.createTable(table);
        }
        auto keys = catalog.keyColumns(table.schema, table.name);
        // Updates and deletes find their row by the source's replica identity; a target key
        // outside it would match nothing (the old key carries only identity columns).
        if (table.replicaIdentity != 'f')
            for (const auto &key : keys)
                if (std::find(table.keyColumns.begin(), table.keyColumns.end(), key) ==
                    table.keyColumns.end())
                    throw pg::Error("sink " + m_config.name + ": the key of target table " +
                                        table.qualifiedName() + " includes " + key +
                                        ", which is not part of the source's replica identity; "
                                        "give the target the source's primary key",
                                    "42P10", pg::Severity::Permanent);
        if (keys.empty() && !table.keyColumns.empty())
            throw pg::Error("sink " + m_config.name + ": target table " + table.qualifiedName() +
                                " has no primary key or unique index; the source's key is (" +
                                table.keyColumns.front() +
                                (table.keyColumns.size() > 1 ? ", ...)" : ")"),
                            "42P10", pg::Severity::Permanent);
        m_schemaChanges.load(table.schema, table.name);
    }
}

void PostgresSink::forgetTable(const std::string &qualifiedName)
{
    std::erase_if(m_applyKeys,
                  [&](const auto &entry) { return entry.first->qualifiedName() == qualifiedName; });
    std::erase_if(m_statements, [&](const auto &entry) {
        return entry.second.table->qualifiedName() == qualifiedName;
    });
}

void PostgresSink::outsidePipeline(const std::function<void()> &work)
{
    sendNetChanges();
    sync();
    waitForCommits();
    if (PQexitPipelineMode(m_conn.handle()) != 1)
        throw pg::Error::connectionLost(std::string("cannot leave pipeline mode: ") +
                                        PQerrorMessage(m_conn.handle()));
    work();
    if (PQenterPipelineMode(m_conn.handle()) != 1)
        throw pg::Error::connectionLost(std::string("cannot enter pipeline mode: ") +
                                        PQerrorMessage(m_conn.handle()));
}

void PostgresSink::openTransaction()
{
    if (!m_transactionOpen) {
        sendControl("BEGIN");
        m_transactionOpen = true;
        // Only a target-only constraint (a unique index the source lacks) can make this wait for
        // a row that a transaction in progress holds, which commits only after this one does:
        // give up waiting after a while (see failOn()).
        if (m_streamed && m_streamed->openCount() > 0)
            sendControl("SELECT set_config('lock_timeout', $1, true)", {kInProgressLockTimeout});
    }
}

void PostgresSink::loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                                Lsn consistentPoint,
                                const std::function<void(long long rows)> &progress)
{
    SnapshotLoader(m_conn, m_config.name)
        .load(reader, tables, m_offsets, consistentPoint, progress);
    m_position = consistentPoint;
}

void PostgresSink::recordPosition(Lsn position)
{
    m_conn.execParams(OffsetsStore::upsertSql(), m_offsets.upsertParameters(position));
    m_position = position;
}

void PostgresSink::startStreaming()
{
    if (m_externalPositions)
        m_position.reset(); // from here on, positions are the caller's batch numbers
    if (PQenterPipelineMode(m_conn.handle()) != 1)
        throw pg::Error::connectionLost(std::string("cannot enter pipeline mode: ") +
                                        PQerrorMessage(m_conn.handle()));
}

const std::vector<int> &PostgresSink::applyKey(const std::shared_ptr<const TableSchema> &schema)
{
    return appliedTable(schema).key;
}

const PostgresSink::AppliedTable &
PostgresSink::appliedTable(const std::shared_ptr<const TableSchema> &schema, Lsn lsn)
{
    const TableSchema &table = *schema;
    const auto cached = m_applyKeys.find(&table);
    if (cached != m_applyKeys.end())
        return cached->second;
    const TargetSchemaChanges::Table *target = m_schemaChanges.find(table.qualifiedName());
    if (!target)
        throw pg::Error("sink " + m_config.name + ": change for " + table.qualifiedName() +
                            ", which is not one of the pipeline's tables",
                        "42P01", pg::Severity::Permanent);
    const bool quarantined = m_deadLetters && m_deadLetters->isQuarantined(table.qualifiedName());
    if (m_inProgress && (quarantined || m_schemaChanges.needsDdl(table)))
        refuseInProgress(table.qualifiedName() + (quarantined
                                                      ? " is quarantined"
                                                      : " needs a schema change on the target"));
    std::string refused =
        quarantined ? std::string("quarantined") : m_schemaChanges.evolve(table, lsn);
    if (!refused.empty() && !m_deadLetters)
        throw pg::Error("sink " + m_config.name + ": " + table.qualifiedName() + ": " + refused +
                            "; the pipeline stops (on_error: stop)",
                        "0A000", pg::Severity::Permanent);
    std::vector<int> indexes;
    for (const auto &keyName : target->key) {
        const auto it = std::find_if(table.columns.begin(), table.columns.end(),
                                     [&](const Column &c) { return c.name == keyName; });
        if (it != table.columns.end())
            indexes.push_back(int(it - table.columns.begin()));
        else if (refused.empty())
            throw pg::Error("sink " + m_config.name + ": key column " + keyName + " of target " +
                                table.qualifiedName() + " is not a source column",
                            "42703", pg::Severity::Permanent);
    }
    const bool setwise = refused.empty() && !indexes.empty() && target->rowsAreIndependent;
    return m_applyKeys
        .emplace(&table, AppliedTable{schema, std::move(indexes),
                                      TargetColumnTypes::forSource(table, target->columnTypes),
                                      std::move(refused), setwise})
        .first->second;
}

const PostgresSink::PreparedStatement &
PostgresSink::prepared(const std::string &cacheKey, const std::shared_ptr<const TableSchema> &table,
                       const std::function<ApplyStatement()> &build, bool planEachTime)
{
    if (auto it = m_statements.find(cacheKey); it != m_statements.end())
        return it->second;
    PreparedStatement statement{{}, {}, build(), table};
    statement.parameterTypes = statement.statement.parameterTypes(appliedTable(table).columnTypes);
    if (!planEachTime) {
        statement.name = "s" + std::to_string(++m_statementsPrepared);
        if (!PQsendPrepare(m_conn.handle(), statement.name.c_str(), statement.statement.sql.c_str(),
                           int(statement.parameterTypes.size()), statement.parameterTypes.data()))
            throw pg::Error::connectionLost(std::string("cannot send to target: ") +
                                            PQerrorMessage(m_conn.handle()));
        m_inFlight.push_back({InFlight::Kind::Statement, nullptr, -1});
    }
    return m_statements.emplace(cacheKey, std::move(statement)).first->second;
}

std::string PostgresSink::tableCacheKey(const TableSchema &table)
{
    return std::to_string(reinterpret_cast<std::uintptr_t>(&table));
}

const PostgresSink::PreparedStatement &PostgresSink::statementFor(const ChangeEvent &event)
{
    const auto &key = applyKey(event.table);
    const ChangeShape shape = StatementBuilder::shapeOf(event, key);
    if (shape.kind == ChangeShape::Kind::Upsert)
        return groupStatement(event.table, GroupKind::Upsert, 1);
    return prepared(tableCacheKey(*event.table) + ':' + shape.cacheKey(), event.table, [&] {
        return StatementBuilder::build(*event.table, key, shape,
                                       &appliedTable(event.table).columnTypes);
    });
}

const PostgresSink::PreparedStatement &
PostgresSink::groupStatement(const std::shared_ptr<const TableSchema> &table, GroupKind kind,
                             int rows)
{
    const auto &key = applyKey(table);
    const std::string cacheKey =
        tableCacheKey(*table) + (kind == GroupKind::Upsert ? ":i" : ":dk") + std::to_string(rows);
    return prepared(cacheKey, table, [&] {
        return kind == GroupKind::Upsert ? StatementBuilder::upsert(*table, key, rows)
                                         : StatementBuilder::removeByKeys(
                                               *table, key, rows, &appliedTable(table).columnTypes);
    });
}

PostgresSink::GroupKind PostgresSink::groupKindOf(const ChangeEvent &event)
{
    const bool keyed = !applyKey(event.table).empty();
    switch (event.op) {
    case Operation::Insert:
    case Operation::Read:
        return GroupKind::Upsert;
    case Operation::Update:
        return keyed && StatementBuilder::shapeOf(event, applyKey(event.table)).kind ==
                            ChangeShape::Kind::Upsert
                   ? GroupKind::Upsert
                   : GroupKind::None;
    case Operation::Delete:
        return keyed ? GroupKind::DeleteByKey : GroupKind::None;
    case Operation::Truncate:
        return GroupKind::None;
    }
    return GroupKind::None;
}

void PostgresSink::sendRows(const PreparedStatement &statement,
                            const std::shared_ptr<const TransactionChunk> &chunk, int first,
                            int count)
{
    m_parameterValues.clear();
    for (int i = first; i < first + count; ++i)
        for (const auto &parameter : statement.statement.parameters)
            m_parameterValues.push_back(
                StatementBuilder::parameterValue(chunk->events[std::size_t(i)], parameter));
    sendPrepared(statement, {InFlight::Kind::Statement, chunk, first, count}, count);
}

void PostgresSink::sendPrepared(const PreparedStatement &statement, InFlight entry, int changes)
{
    // Set statements' arrays are binary; their lengths are in m_parameterLengths.
    const bool binary = statement.statement.columnArrays;
    if (binary)
        m_parameterFormats.assign(m_parameterValues.size(), 1);
    const int sent =
        statement.name.empty()
            ? PQsendQueryParams(m_conn.handle(), statement.statement.sql.c_str(),
                                int(m_parameterValues.size()), statement.parameterTypes.data(),
                                m_parameterValues.data(),
                                binary ? m_parameterLengths.data() : nullptr,
                                binary ? m_parameterFormats.data() : nullptr, 0)
            : PQsendQueryPrepared(m_conn.handle(), statement.name.c_str(),
                                  int(m_parameterValues.size()), m_parameterValues.data(),
                                  binary ? m_parameterLengths.data() : nullptr,
                                  binary ? m_parameterFormats.data() : nullptr, 0);
    if (!sent)
        throw pg::Error::connectionLost(std::string("cannot send to target: ") +
                                        PQerrorMessage(m_conn.handle()));
    m_inFlight.push_back(std::move(entry));
    m_sentSinceSync += changes;
    if (m_sentSinceSync >= kStatementsPerSync || m_bytesSinceSync >= kBytesPerSync)
        sync();
}

void PostgresSink::sendNetChanges()
{
    if (m_netChanges.empty())
        return;
    for (const auto &table : m_netChanges.tables())
        sendNetTable(table);
    m_netChanges.clear();
}

// Each key has one row in the set, so the order of the statements does not matter. Rows the
// batch inserted go out as a plain INSERT, which skips the conflict check an upsert makes per
// row; should the target have drifted and hold one already, the set is refused and the batch
// applied change by change, with upserts.
void PostgresSink::sendNetTable(const NetChanges::Table &table)
{
    using Kind = NetChanges::Row::Kind;
    enum class SetStatement
    {
        Delete,
        Insert,
        Upsert
    };
    // Read from a topic, changes may come twice; and a target that refused one plain INSERT
    // is likely to refuse more. A transaction in progress may be one applied before, streamed
    // again after a restart (rolled back at its commit, but it must get there).
    const bool plainInserts =
        !m_externalPositions && m_insertsCollided && !m_insertsCollided->load();
    const auto statementOf = [&](const NetChanges::Row &row) {
        return row.kind == Kind::Delete       ? SetStatement::Delete
               : row.inserted && plainInserts ? SetStatement::Insert
                                              : SetStatement::Upsert;
    };
    const AppliedTable &applied = appliedTable(table.schema);
    std::array<int, 3> rowsOf{}; // by SetStatement: a kind without rows is never prepared
    for (const auto &row : table.rows)
        if (row.kind != Kind::Update)
            ++rowsOf[std::size_t(statementOf(row))];
    for (const SetStatement kind :
         {SetStatement::Delete, SetStatement::Insert, SetStatement::Upsert}) {
        const int rows = rowsOf[std::size_t(kind)];
        if (rows == 0)
            continue;
        const bool removes = kind == SetStatement::Delete;
        const PreparedStatement &statement = prepared(
            tableCacheKey(*table.schema) + ":set-" + std::to_string(int(kind)), table.schema,
            [&] {
                return removes ? StatementBuilder::removeSet(*table.schema, table.key,
                                                             applied.columnTypes)
                               : StatementBuilder::insertSet(*table.schema, table.key,
                                                             applied.columnTypes,
                                                             kind == SetStatement::Upsert);
            },
            removes);
        const auto &parameters = statement.statement.parameters;
        m_arrays.resize(parameters.size());
        for (auto &array : m_arrays)
            array.clear();
        int expected = 0;
        for (const auto &row : table.rows) {
            if (row.kind == Kind::Update || statementOf(row) != kind)
                continue;
            expected += row.existedBefore ? 1 : 0;
            for (std::size_t i = 0; i < parameters.size(); ++i)
                m_arrays[i].append(StatementBuilder::parameterText(*row.event, parameters[i]));
        }
        m_parameterValues.clear();
        m_parameterLengths.clear();
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const std::string &array = m_arrays[i].finish();
            m_parameterValues.push_back(array.data());
            m_parameterLengths.push_back(int(array.size()));
        }
        InFlight entry{InFlight::Kind::Statement, table.latestChunk, table.latestIndex, rows};
        entry.set = true;
        entry.rowsExpected = removes ? expected : 0;
        entry.plainInsert = kind == SetStatement::Insert;
        // A delete finds each key through the key's index, whatever the sizes; the planner does
        // not see it so. A plan cached while the table was small scans it whole after it has
        // grown, so deletes are planned at each use (their arrays are small: keys only; an
        // upsert's plan does not depend on the table's size, and its arrays are too big to copy
        // into a plan). And costed with default settings (random_page_cost = 4), hashing the
        // whole table looks cheaper once a batch has a few thousand keys, and is not: 144 ms
        // against 18 ms for 2,000 keys in 150,000 rows.
        if (removes)
            sendControl("SELECT set_config('enable_hashjoin', 'off', true), "
                        "set_config('enable_mergejoin', 'off', true)");
        sendPrepared(statement, std::move(entry), rows);
        if (removes) {
            sendControl("SET LOCAL enable_hashjoin TO DEFAULT");
            sendControl("SET LOCAL enable_mergejoin TO DEFAULT");
        }
    }
    for (const auto &row : table.rows) {
        if (row.kind != Kind::Update)
            continue;
        const PreparedStatement &statement = statementFor(*row.event);
        m_parameterValues.clear();
        for (const auto &parameter : statement.statement.parameters)
            m_parameterValues.push_back(StatementBuilder::parameterValue(*row.event, parameter));
        InFlight entry{InFlight::Kind::Statement, table.latestChunk, table.latestIndex, 1};
        entry.set = true;
        entry.describedRow = row.event->describeKey();
        sendPrepared(statement, std::move(entry), 1);
    }
}

void PostgresSink::sendEvent(const std::shared_ptr<const TransactionChunk> &chunk, int index)
{
    const ChangeEvent &event = chunk->events[std::size_t(index)];
    if (event.op != Operation::Truncate) {
        sendRows(statementFor(event), chunk, index, 1);
        return;
    }
    const std::string sql = StatementBuilder::truncate(event);
    if (!PQsendQueryParams(m_conn.handle(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0))
        throw pg::Error::connectionLost(std::string("cannot send to target: ") +
                                        PQerrorMessage(m_conn.handle()));
    m_inFlight.push_back({InFlight::Kind::Statement, chunk, index});
    if (++m_sentSinceSync >= kStatementsPerSync || m_bytesSinceSync >= kBytesPerSync)
        sync();
}

// As many rows as fit PostgreSQL's 65,535 parameters per statement, 64 at most.
static int rowsPerStatement(const TableSchema &table)
{
    return std::clamp(65535 / std::max<int>(1, int(table.columns.size())), 1, kMaxRowsPerStatement);
}

// Consecutive inserts (and full-row updates) of one table, or consecutive deletes by key, go
// out as one multi-row statement, unless a row repeats: order between changes of one row is
// kept because such changes never share a statement.
void PostgresSink::sendChunk(const std::shared_ptr<const TransactionChunk> &chunk)
{
    // A transaction in progress is never isolated: a rejection sends it to the usual apply.
    const bool grouping =
        m_inProgress || !(m_isolateThrough && chunk->commitLsn.value() <= m_isolateThrough->load());
    // Set-wise apply needs a way to name a rejected change: applying it change by change.
    const bool setwise = grouping && (m_isolateThrough || m_inProgress);
    m_bytesSinceSync += chunk->bytes;
    const auto &events = chunk->events;
    int groupStart = -1;
    GroupKind groupKind = GroupKind::None;
    auto flush = [&](int end) {
        if (groupStart < 0)
            return;
        if (end - groupStart == 1)
            sendEvent(chunk, groupStart);
        else
            sendRows(
                groupStatement(events[std::size_t(groupStart)].table, groupKind, end - groupStart),
                chunk, groupStart, end - groupStart);
        groupStart = -1;
        m_groupKeys.clear();
    };
    for (int i = 0; i < int(events.size()); ++i) {
        const ChangeEvent &event = events[std::size_t(i)];
        // A new shape may change the target table: what was gathered before goes out first.
        if (!m_applyKeys.count(event.table.get()))
            flush(i);
        const AppliedTable &applied = appliedTable(event.table, chunk->commitLsn);
        if (!applied.quarantine.empty()) {
            m_deadLetters->quarantine(chunk, i, applied.key, applied.quarantine);
            if (m_metrics)
                m_metrics->recordDeadLetters(1, m_config.name);
            flush(i); // the rows gathered before it, not it
            continue;
        }
        if (m_inProgress && m_deadLetters &&
            m_deadLetters->holdsRowsOf(event.table->qualifiedName()))
            refuseInProgress(event.table->qualifiedName() + " has rows held as dead letters");
        if (!m_inProgress && m_deadLetters &&
            m_deadLetters->divert(chunk, i, applyKey(event.table))) {
            if (m_metrics)
                m_metrics->recordDeadLetters(1, m_config.name);
            flush(i);
            continue;
        }
        if (setwise && applied.setwise && m_netChanges.take(chunk, i, applied.key)) {
            flush(i); // what was gathered before goes first
            if (m_netChanges.rowCount() >= kMaxNetRows || m_netChanges.bytes() >= kBytesPerSync)
                sendNetChanges();
            continue;
        }
        sendNetChanges(); // everything before this change goes first
        const GroupKind kind = grouping ? groupKindOf(event) : GroupKind::None;
        if (kind == GroupKind::None) {
            flush(i);
            sendEvent(chunk, i);
            continue;
        }
        std::string key = applyKey(event.table).empty()
                              ? std::to_string(i)
                              : NetChanges::keyText(event, applyKey(event.table), true);
        if (groupStart >= 0 &&
            (kind != groupKind || event.table != events[std::size_t(groupStart)].table ||
             i - groupStart >= rowsPerStatement(*event.table) || m_groupKeys.count(key)))
            flush(i);
        if (groupStart < 0) {
            groupStart = i;
            groupKind = kind;
        }
        m_groupKeys.insert(std::move(key));
    }
    flush(int(events.size()));
}

void PostgresSink::sendControl(const char *sql, const std::vector<std::string> &params)
{
    std::vector<const char *> values;
    for (const auto &param : params)
        values.push_back(param.c_str());
    if (!PQsendQueryParams(m_conn.handle(), sql, int(values.size()), nullptr, values.data(),
                           nullptr, nullptr, 0))
        throw pg::Error::connectionLost(std::string("cannot send to target: ") +
                                        PQerrorMessage(m_conn.handle()));
    m_inFlight.push_back({InFlight::Kind::Statement, nullptr, -1});
}

void PostgresSink::sync(Lsn commitEnd, long long committedChanges,
                        std::vector<std::int64_t> commitTimesMicros)
{
    if (PQpipelineSync(m_conn.handle()) != 1 || PQflush(m_conn.handle()) != 0)
        throw pg::Error::connectionLost(std::string("cannot send to target: ") +
                                        PQerrorMessage(m_conn.handle()));
    InFlight entry{InFlight::Kind::Sync, nullptr, -1};
    entry.commitEnd = commitEnd;
    entry.committedChanges = committedChanges;
    entry.commitTimesMicros = std::move(commitTimesMicros);
    m_inFlight.push_back(std::move(entry));
    ++m_syncsInFlight;
    m_sentSinceSync = 0;
    m_bytesSinceSync = 0;
    // Keep at most two groups in flight: the server works on one while we read the other.
    while (m_syncsInFlight > 1)
        readResultsUntilSync();
}

// An UPDATE or DELETE that finds fewer rows than it was sent for means the target has drifted
// from the source (rows changed or removed there by hand). Nothing is lost by going on, but the
// operator should know: the first miss per table is logged, and all are counted.
void PostgresSink::checkRowsFound(const InFlight &entry, const PGresult *result)
{
    const std::string_view command = PQcmdStatus(const_cast<PGresult *>(result));
    if (!command.starts_with("UPDATE") && !command.starts_with("DELETE"))
        return;
    const long found = std::atol(PQcmdTuples(const_cast<PGresult *>(result)));
    const int expected = entry.rowsExpected >= 0 ? entry.rowsExpected : entry.rows;
    if (found >= expected)
        return;
    m_rowsNotFound += expected - found;
    const ChangeEvent &event = entry.chunk->events[std::size_t(entry.eventIndex)];
    const std::string key = !entry.describedRow.empty() ? "the row " + entry.describedRow
                            : entry.rows > 1            ? "one of them: " + event.describeKey()
                                                        : event.describeKey();
    if (m_tablesWithMisses.insert(event.table->qualifiedName()).second)
        log::warning("sink", "sink " + m_config.name + ": the target has no row for " +
                                 std::to_string(expected - found) + " of " +
                                 std::to_string(expected) + " " +
                                 (command.starts_with("UPDATE") ? "update" : "delete") +
                                 (expected > 1 ? "s" : "") + " on " + event.table->qualifiedName() +
                                 " (" + key +
                                 "); it has drifted from the source. Later misses are counted "
                                 "in the progress line");
}

void PostgresSink::readResultsUntilSync()
{
    PGconn *conn = m_conn.handle();
    while (!m_inFlight.empty()) {
        const InFlight entry = std::move(m_inFlight.front());
        m_inFlight.pop_front();
        pg::Result result(PQgetResult(conn));
        if (!result)
            throw pg::Error::connectionLost(std::string("target connection lost: ") +
                                            PQerrorMessage(conn));
        const auto status = PQresultStatus(result.get());
        if (entry.kind == InFlight::Kind::Sync) {
            if (status != PGRES_PIPELINE_SYNC)
                failOn(entry, result.get());
            --m_syncsInFlight;
            if (entry.commitEnd.isValid()) { // everything up to here is committed
                m_position = entry.commitEnd;
                m_appliedChanges += entry.committedChanges;
                if (m_metrics)
                    m_metrics->recordApplied(entry.committedChanges, entry.commitTimesMicros,
                                             m_config.name);
                SYNCLINE_FAILPOINT("sink.committed_before_confirm");
            }
            return;
        }
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            failOn(entry, result.get());
        if (entry.chunk && entry.eventIndex >= 0)
            checkRowsFound(entry, result.get());
        pg::Result end(PQgetResult(conn)); // each statement's results end with a null result
    }
}

void PostgresSink::failOn(const InFlight &entry, const PGresult *result)
{
    if (m_inProgress) {
        pg::Error cause = pg::Error::fromResult(result, m_conn.handle(), {});
        if (cause.isTransient())
            throw cause;
        refuseInProgress("the target rejected a change: " + describedWithSqlstate(cause));
    }
    const char *state = PQresultErrorField(const_cast<PGresult *>(result), PG_DIAG_SQLSTATE);
    if (m_streamed && m_streamed->openCount() > 0 && state &&
        std::string_view(state) == "55P03") // lock_not_available
        throw StreamingRefused(m_streamed->anyOpenXid(),
                               "sink " + m_config.name + " waited " + kInProgressLockTimeout +
                                   " for target rows it holds, which the source does not order");
    if (entry.chunk && entry.eventIndex >= 0 && m_schemaChanges.addMissingEnumValue(result))
        throw RejectedChangeError("sink " + m_config.name +
                                  ": the target's enum lacked a value the source added; added "
                                  "it, applying the change again");
    if ((entry.rows > 1 || entry.set) && m_isolateThrough) {
        pg::Error cause = pg::Error::fromResult(result, m_conn.handle(), {});
        if (entry.plainInsert && cause.sqlstate() == "23505" && m_insertsCollided &&
            !m_insertsCollided->exchange(true))
            log::warning("sink", "sink " + m_config.name +
                                     ": the target already holds a row the source inserted (it "
                                     "drifted, or had rows before the pipeline started); "
                                     "inserts are applied as upserts from now on");
        if (!cause.isTransient()) {
            // Which of the rows? Apply this transaction change by change next time to find out.
            std::uint64_t through = m_isolateThrough->load();
            const std::uint64_t failed = entry.chunk->commitLsn.value();
            while (through < failed && !m_isolateThrough->compare_exchange_weak(through, failed)) {
            }
            throw pg::Error(
                "sink " + m_config.name + ": the target rejected one of " +
                    std::to_string(entry.rows) + " changes to " +
                    entry.chunk->events[std::size_t(entry.eventIndex)].table->qualifiedName() +
                    " sent together; applying them one by one to name it",
                cause.sqlstate(), pg::Severity::Transient);
        }
    }
    std::string what = "sink " + m_config.name + ": target rejected ";
    const bool oneChange = entry.chunk && entry.eventIndex >= 0 && entry.rows == 1;
    if (entry.chunk && entry.eventIndex >= 0) {
        const ChangeEvent &event = entry.chunk->events[std::size_t(entry.eventIndex)];
        what += std::string(operationName(event.op)) + " on " + event.table->qualifiedName() +
                " (" + event.describeKey() + ") from source transaction " +
                std::to_string(entry.chunk->xid) + " at " + entry.chunk->commitLsn.toString();
    } else {
        what += "a control statement";
    }
    pg::Error cause = pg::Error::fromResult(result, m_conn.handle(), what);
    pg::Error error(describedWithSqlstate(cause), cause.sqlstate(), cause.severity());
    // Deadlocks, lock timeouts, serialization failures and a read-only target during a
    // switchover say nothing about the change: they are retried without limit, with backoff.
    if (oneChange && m_deadLetters && !cause.isTransient())
        retryOrDeadLetter(entry, error);
    throw error;
}

// The change is retried by the next session (after the supervisor's backoff); once it has no
// retries left, that session dead-letters it instead of applying it.
void PostgresSink::retryOrDeadLetter(const InFlight &entry, const pg::Error &cause)
{
    const bool exhausted = m_deadLetters->recordFailure(*entry.chunk, entry.eventIndex,
                                                        cause.sqlstate(), cause.what());
    const int attempts = m_deadLetters->attempts(*entry.chunk, entry.eventIndex);
    throw RejectedChangeError(std::string(cause.what()) + " (try " + std::to_string(attempts) +
                              " of " + std::to_string(m_deadLetters->maxRetries() + 1) +
                              (exhausted ? "; dead-lettering it next)" : ")"));
}

void PostgresSink::apply(const std::shared_ptr<const TransactionChunk> &chunk)
{
    if (chunk->streamed)
        return applyStreamed(chunk);
    if (chunk->isFirst && m_streamed)
        m_streamed->waitForResults();
    if (chunk->isFirst && m_deadLetters) {
        const auto released = m_deadLetters->refresh();
        if (!released.empty())
            outsidePipeline([&] {
                for (const auto &table : released) {
                    forgetTable(table);
                    const auto dot = table.find('.');
                    m_schemaChanges.load(table.substr(0, dot), table.substr(dot + 1));
                }
            });
    }
    if (chunk->isFirst) {
        m_insideTransaction = true;
        m_skipping = !m_externalPositions && m_position && chunk->commitLsn < *m_position;
        if (m_skipping)
            log::debug("sink", "sink " + m_config.name + ": skipping transaction " +
                                   std::to_string(chunk->xid) + ", applied before");
    }
    if (!m_skipping) {
        openTransaction();
        sendChunk(chunk);
        m_changesSinceCommit += chunk->events.size();
    }
    if (chunk->isLast) {
        m_insideTransaction = false;
        if (!m_skipping) {
            m_pendingEnd = chunk->endLsn;
            m_commitTimesSinceCommit.push_back(chunk->commitTimeMicros);
        }
    }
}

void PostgresSink::commit()
{
    if (!m_pendingEnd)
        return;
    sendNetChanges();
    if (!m_externalPositions)
        sendControl(OffsetsStore::upsertSql(), m_offsets.upsertParameters(*m_pendingEnd));
    sendControl("COMMIT");
    // The commit's result is read later, while the next transaction is already on its way;
    // position() moves when it is.
    sync(*m_pendingEnd, static_cast<long long>(m_changesSinceCommit),
         std::move(m_commitTimesSinceCommit));
    m_commitTimesSinceCommit.clear();
    m_transactionOpen = false;
    m_pendingEnd.reset();
    m_changesSinceCommit = 0;
}

void PostgresSink::waitForCommits()
{
    while (m_syncsInFlight > 0)
        readResultsUntilSync();
}

void PostgresSink::applyStreamed(const std::shared_ptr<const TransactionChunk> &chunk)
{
    if (m_externalPositions)
        throw PermanentError("sink " + m_config.name +
                             ": a transaction still in progress reached a sink fed from Kafka");
    // What arrived before it goes first, committed (see StreamedTransactions).
    commit();
    waitForCommits();
    if (!m_streamed)
        m_streamed = std::make_unique<StreamedTransactions>(
            [this](std::uint32_t xid) { return openInProgress(xid); });
    if (const auto committed = m_streamed->apply(chunk, m_position)) {
        m_position = committed->end;
        m_appliedChanges += committed->changes;
    }
}

std::unique_ptr<PostgresSink> PostgresSink::openInProgress(std::uint32_t xid) const
{
    auto sink = std::make_unique<PostgresSink>(m_config, m_offsets.pipeline());
    sink->m_inProgress = true;
    sink->m_inProgressXid = xid;
    sink->m_deadLetters = m_deadLetters;
    sink->m_metrics = m_metrics;
    sink->m_conn = pg::Connection::open(m_config.dsn, pg::Connection::Mode::Normal,
                                        "syncline sink " + m_config.name + " (in progress)");
    sink->m_schemaChanges.copyTablesFrom(m_schemaChanges);
    sink->startStreaming();
    log::info("sink", "sink " + m_config.name + ": applying large transaction " +
                          std::to_string(xid) + " while it is in progress on the source");
    return sink;
}

void PostgresSink::applyInProgress(const std::shared_ptr<const TransactionChunk> &chunk)
{
    openTransaction();
    sendChunk(chunk);
    m_changesSinceCommit += chunk->events.size();
}

long long PostgresSink::commitInProgress(const TransactionChunk &end)
{
    const auto changes = static_cast<long long>(m_changesSinceCommit);
    m_pendingEnd = end.endLsn;
    m_commitTimesSinceCommit.push_back(end.commitTimeMicros);
    commit();
    waitForCommits();
    return changes;
}

void PostgresSink::rollbackInProgress()
{
    m_netChanges.clear();
    if (m_transactionOpen)
        sendControl("ROLLBACK");
    sync();
    waitForCommits();
    m_transactionOpen = false;
    m_changesSinceCommit = 0;
}

void PostgresSink::settleInProgress()
{
    if (m_sentSinceSync > 0)
        sync();
    waitForCommits();
}

void PostgresSink::refuseInProgress(const std::string &why) const
{
    throw StreamingRefused(m_inProgressXid, "sink " + m_config.name + ": " + why);
}

void PostgresSink::abandon()
{
    if (m_streamed)
        m_streamed->abandon();
    m_conn.close();
    m_catalog.close();
    m_netChanges.clear();
    m_inFlight.clear();
    m_syncsInFlight = 0;
    m_transactionOpen = false;
    m_pendingEnd.reset();
    m_commitTimesSinceCommit.clear();
}

} // namespace syncline
