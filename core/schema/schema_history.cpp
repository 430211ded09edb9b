#include "schema/schema_history.h"

#include "schema/type_names.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"

namespace syncline {

namespace {

const char *const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS schema_versions (
    table_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    lsn TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    replica_identity TEXT NOT NULL,
    PRIMARY KEY (table_name, version));
CREATE TABLE IF NOT EXISTS schema_columns (
    table_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type_oid INTEGER NOT NULL,
    type_modifier INTEGER NOT NULL,
    is_key INTEGER NOT NULL,
    PRIMARY KEY (table_name, version, position));
CREATE TABLE IF NOT EXISTS schema_actions (
    table_name TEXT NOT NULL,
    sink TEXT NOT NULL,
    lsn TEXT NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    column_name TEXT NOT NULL,
    detail TEXT NOT NULL,
    outcome TEXT NOT NULL,
    statements TEXT NOT NULL,
    PRIMARY KEY (table_name, sink, lsn, kind, column_name));
CREATE TABLE IF NOT EXISTS schema_ddl (
    object TEXT NOT NULL,
    lsn TEXT NOT NULL,
    at TEXT NOT NULL,
    command_tag TEXT NOT NULL,
    ddl TEXT NOT NULL,
    PRIMARY KEY (object, lsn, ddl));
)sql";

// Columns added since the first release; files written before lack them.
const char *const kAddedColumns[] = {
    "ALTER TABLE schema_columns ADD COLUMN attnum INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE schema_columns ADD COLUMN renamed_from TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE schema_columns ADD COLUMN sql_type TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE schema_columns ADD COLUMN previous_sql_type TEXT NOT NULL DEFAULT ''",
};

std::string describe(const Column &column)
{
    return typeName(column.typeOid, column.typeModifier) + (column.isKey ? " (key)" : "");
}

} // namespace

std::filesystem::path SchemaHistory::fileIn(const std::filesystem::path &stateDir)
{
    return stateDir / "schema-history.sqlite";
}

SchemaHistory::SchemaHistory(const std::filesystem::path &file)
    : m_db(std::make_unique<SqliteDatabase>(file, "schema history", kSchema))
{
    for (const char *sql : kAddedColumns) {
        try {
            m_db->execute(sql);
        } catch (const SqliteError &) {
            // the column is there already
        }
    }
}

SchemaHistory::~SchemaHistory() = default;

bool SchemaHistory::record(const TableSchema &schema, Lsn lsn)
{
    const std::string table = schema.qualifiedName();
    const auto known = versions(table);
    if (!known.empty() && known.back().schema.hasShapeOf(schema))
        return false;
    const int version = known.empty() ? 1 : known.back().version + 1;
    m_db->execute("BEGIN IMMEDIATE");
    try {
        SqliteStatement(*m_db, "INSERT INTO schema_versions VALUES (?, ?, ?, ?, ?)")
            .bind(table)
            .bind(std::int64_t(version))
            .bind(lsn.toString())
            .bind(isoUtcNow())
            .bind(std::string(1, schema.replicaIdentity))
            .step();
        for (std::size_t i = 0; i < schema.columns.size(); ++i) {
            const Column &column = schema.columns[i];
            SqliteStatement(*m_db, "INSERT INTO schema_columns (table_name, version, position, "
                                   "name, type_oid, type_modifier, is_key, attnum, renamed_from, "
                                   "sql_type, previous_sql_type) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(table)
                .bind(std::int64_t(version))
                .bind(std::int64_t(i))
                .bind(column.name)
                .bind(std::int64_t(column.typeOid))
                .bind(std::int64_t(column.typeModifier))
                .bind(std::int64_t(column.isKey))
                .bind(std::int64_t(column.number))
                .bind(column.renamedFrom)
                .bind(column.sqlType)
                .bind(column.previousSqlType)
                .step();
        }
        m_db->execute("COMMIT");
    } catch (...) {
        m_db->execute("ROLLBACK");
        throw;
    }
    return true;
}

std::vector<std::string> SchemaHistory::tables()
{
    SqliteStatement select(*m_db,
                           "SELECT DISTINCT table_name FROM schema_versions ORDER BY table_name");
    std::vector<std::string> names;
    while (select.step())
        names.push_back(select.text(0));
    return names;
}

std::vector<SchemaVersion> SchemaHistory::versions(const std::string &table)
{
    std::vector<SchemaVersion> result;
    SqliteStatement select(*m_db, "SELECT version, lsn, recorded_at, replica_identity "
                                  "FROM schema_versions WHERE table_name = ? ORDER BY version");
    select.bind(table);
    while (select.step()) {
        SchemaVersion version;
        version.table = table;
        version.version = int(select.integer(0));
        version.lsn = select.text(1);
        version.recordedAt = select.text(2);
        const auto dot = table.find('.');
        version.schema.schema = table.substr(0, dot);
        version.schema.name = table.substr(dot + 1);
        version.schema.replicaIdentity = select.text(3).empty() ? 'd' : select.text(3)[0];
        result.push_back(std::move(version));
    }
    SqliteStatement columns(*m_db, "SELECT version, name, type_oid, type_modifier, is_key, "
                                   "attnum, renamed_from, sql_type, previous_sql_type "
                                   "FROM schema_columns WHERE table_name = ? "
                                   "ORDER BY version, position");
    columns.bind(table);
    while (columns.step()) {
        const auto version = std::size_t(columns.integer(0));
        if (version == 0 || version > result.size())
            continue;
        Column column;
        column.name = columns.text(1);
        column.typeOid = std::uint32_t(columns.integer(2));
        column.typeModifier = std::int32_t(columns.integer(3));
        column.isKey = columns.integer(4) != 0;
        column.number = int(columns.integer(5));
        column.renamedFrom = columns.text(6);
        column.sqlType = columns.text(7);
        column.previousSqlType = columns.text(8);
        result[version - 1].schema.columns.push_back(std::move(column));
    }
    return result;
}

void SchemaHistory::recordAction(const SchemaActionRecord &action)
{
    SqliteStatement(*m_db,
                    "INSERT OR IGNORE INTO schema_actions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(action.table)
        .bind(action.sink)
        .bind(action.lsn)
        .bind(action.at.empty() ? isoUtcNow() : action.at)
        .bind(action.kind)
        .bind(action.column)
        .bind(action.detail)
        .bind(action.outcome)
        .bind(action.statements)
        .step();
}

std::vector<SchemaActionRecord> SchemaHistory::actions(const std::string &table)
{
    SqliteStatement select(*m_db, "SELECT sink, lsn, at, kind, column_name, detail, outcome, "
                                  "statements FROM schema_actions WHERE table_name = ? "
                                  "ORDER BY at, rowid");
    select.bind(table);
    std::vector<SchemaActionRecord> actions;
    while (select.step())
        actions.push_back({table, select.text(0), select.text(1), select.text(2), select.text(3),
                           select.text(4), select.text(5), select.text(6), select.text(7)});
    return actions;
}

void SchemaHistory::recordDdl(const DdlRecord &statement)
{
    SqliteStatement(*m_db, "INSERT OR IGNORE INTO schema_ddl VALUES (?, ?, ?, ?, ?)")
        .bind(statement.object)
        .bind(statement.lsn)
        .bind(statement.at.empty() ? isoUtcNow() : statement.at)
        .bind(statement.commandTag)
        .bind(statement.ddl)
        .step();
}

std::vector<DdlRecord> SchemaHistory::ddl(const std::string &object)
{
    SqliteStatement select(*m_db, "SELECT lsn, at, command_tag, ddl FROM schema_ddl "
                                  "WHERE object = ? ORDER BY at, rowid");
    select.bind(object);
    std::vector<DdlRecord> statements;
    while (select.step())
        statements.push_back(
            {object, select.text(0), select.text(1), select.text(2), select.text(3)});
    return statements;
}

std::string ddlOfVersion(const std::vector<SchemaVersion> &versions, std::size_t index,
                         const std::vector<DdlRecord> &ddl)
{
    if (index >= versions.size())
        return {};
    const Lsn until = Lsn::parse(versions[index].lsn).value_or(Lsn());
    const Lsn after = index == 0 ? Lsn() : Lsn::parse(versions[index - 1].lsn).value_or(Lsn());
    std::string text;
    for (const auto &statement : ddl) {
        const Lsn lsn = Lsn::parse(statement.lsn).value_or(Lsn());
        if ((index == 0 || lsn > after) && lsn <= until)
            text += (text.empty() ? "" : "\n") + statement.ddl;
    }
    return text;
}

void SchemaHistory::linkToPrevious(TableSchema &schema)
{
    const auto known = versions(schema.qualifiedName());
    if (known.empty())
        return;
    const TableSchema &latest = known.back().schema;
    if (latest.hasShapeOf(schema)) {
        for (std::size_t i = 0; i < schema.columns.size(); ++i) {
            schema.columns[i].renamedFrom = latest.columns[i].renamedFrom;
            schema.columns[i].previousSqlType = latest.columns[i].previousSqlType;
        }
        return;
    }
    for (auto &column : schema.columns)
        for (const auto &before : latest.columns) {
            const bool same =
                column.number > 0 ? before.number == column.number : before.name == column.name;
            if (!same)
                continue;
            if (before.name != column.name)
                column.renamedFrom = before.name;
            column.previousSqlType = before.sqlType;
        }
}

std::vector<ColumnChange> diffSchemas(const TableSchema &older, const TableSchema &newer)
{
    std::vector<ColumnChange> changes;
    auto find = [](const TableSchema &table, const std::string &name) -> const Column * {
        for (const auto &column : table.columns)
            if (column.name == name)
                return &column;
        return nullptr;
    };
    for (const auto &column : newer.columns) {
        const Column *before = find(older, column.name);
        ColumnChange change;
        change.name = column.name;
        change.after = describe(column);
        if (!before) {
            change.kind = ColumnChange::Kind::Added;
        } else {
            change.before = describe(*before);
            if (before->typeOid != column.typeOid || before->typeModifier != column.typeModifier)
                change.kind = ColumnChange::Kind::TypeChanged;
            else if (before->isKey != column.isKey)
                change.kind = ColumnChange::Kind::KeyChanged;
        }
        changes.push_back(std::move(change));
    }
    for (const auto &column : older.columns)
        if (!find(newer, column.name))
            changes.push_back({ColumnChange::Kind::Removed, column.name, describe(column), {}});
    return changes;
}

} // namespace syncline
