#include "source/postgres/source_catalog.h"

#include "source/postgres/source_tables.h"
#include "source/postgres/user_types.h"

#include "pg/conninfo.h"
#include "util/log.h"

#include <libpq-fe.h>

#include <algorithm>

namespace syncline {

std::pair<std::string, std::string> splitQualifiedName(const std::string &qualifiedName)
{
    const auto dot = qualifiedName.find('.');
    if (dot == std::string::npos)
        return {"public", qualifiedName};
    return {qualifiedName.substr(0, dot), qualifiedName.substr(dot + 1)};
}

static std::string regclassLiteral(const std::string &qualifiedName)
{
    const auto [schema, name] = splitQualifiedName(qualifiedName);
    return pg::quoteLiteral(pg::quoteQualifiedName(schema, name));
}

void SourceCatalog::checkServerSupportsLogicalReplication()
{
    const WalLevelCheck check = checkWalLevel(m_conn);
    if (!check.ok())
        throw pg::Error("the source has wal_level=" + check.walLevel +
                            "; logical replication needs: ALTER SYSTEM SET wal_level = logical; "
                            "and a server restart",
                        "55000", pg::Severity::Permanent);
}

std::vector<std::string> SourceCatalog::findCaptureProblems(const std::vector<std::string> &tables)
{
    std::vector<std::string> problems;
    for (const auto &table : tables) {
        const auto [schema, name] = splitQualifiedName(table);
        auto result = m_conn.execParams(
            "SELECT c.relreplident, c.relkind, "
            "       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary), "
            "       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND "
            "i.indisreplident) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = $1 AND c.relname = $2",
            {schema, name});
        if (PQntuples(result.get()) == 0) {
            problems.push_back("table " + table + " does not exist on the source");
            continue;
        }
        const std::string identity = pg::resultValue(result.get(), 0, 0);
        const std::string kind = pg::resultValue(result.get(), 0, 1);
        const bool hasPrimaryKey = pg::resultValue(result.get(), 0, 2) == "t";
        const bool hasIdentityIndex = pg::resultValue(result.get(), 0, 3) == "t";
        const std::string quoted = pg::quoteQualifiedName(schema, name);
        if (kind == "p")
            problems.push_back(table + " is a partitioned table, which this version cannot "
                                       "capture; list its partitions instead");
        else if (kind != "r")
            problems.push_back(table + " is not a table (relkind '" + kind + "')");
        else if (identity == "n")
            problems.push_back(table +
                               " has REPLICA IDENTITY NOTHING, so updates and deletes "
                               "cannot be captured; fix: ALTER TABLE " +
                               quoted + " REPLICA IDENTITY FULL; (or DEFAULT with a primary key)");
        else if (identity == "d" && !hasPrimaryKey)
            problems.push_back(table +
                               " has no primary key; add one, or capture whole old rows "
                               "with: ALTER TABLE " +
                               quoted + " REPLICA IDENTITY FULL;");
        else if (identity == "i" && !hasIdentityIndex)
            problems.push_back(table + " has REPLICA IDENTITY USING INDEX but the index is gone");
    }
    return problems;
}

TableDefinition SourceCatalog::describeTable(const std::string &qualifiedName)
{
    TableDefinition table;
    std::tie(table.schema, table.name) = splitQualifiedName(qualifiedName);
    const std::string regclass = regclassLiteral(qualifiedName);
    table.replicaIdentity =
        m_conn
            .queryValue("SELECT relreplident FROM pg_class WHERE oid = " + regclass + "::regclass")
            .front();

    auto columns = m_conn.exec("SELECT attname, format_type(atttypid, atttypmod), attnotnull, "
                               "atttypid, atttypmod, attnum, "
                               "coalesce(col_description(attrelid, attnum), '') "
                               "FROM pg_attribute WHERE attrelid = " +
                               regclass +
                               "::regclass AND attnum > 0 AND NOT attisdropped "
                               "AND attgenerated = '' ORDER BY attnum");
    for (int row = 0; row < PQntuples(columns.get()); ++row)
        table.columns.push_back({pg::resultValue(columns.get(), row, 0),
                                 pg::resultValue(columns.get(), row, 1),
                                 pg::resultValue(columns.get(), row, 2) == "t",
                                 std::uint32_t(std::stoul(pg::resultValue(columns.get(), row, 3))),
                                 std::stoi(pg::resultValue(columns.get(), row, 4)),
                                 std::stoi(pg::resultValue(columns.get(), row, 5)),
                                 pg::resultValue(columns.get(), row, 6)});

    {
        // Replica identity full: the primary key, if there is one, still names the row.
        const std::string indexFilter =
            table.replicaIdentity == 'i' ? "indisreplident" : "indisprimary";
        auto keys = m_conn.exec("SELECT a.attname FROM pg_index i "
                                "JOIN pg_attribute a ON a.attrelid = i.indrelid "
                                "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = " +
                                regclass + "::regclass AND i." + indexFilter +
                                " ORDER BY array_position(i.indkey::int2[], a.attnum)");
        for (int row = 0; row < PQntuples(keys.get()); ++row)
            table.keyColumns.push_back(pg::resultValue(keys.get(), row, 0));
    }
    table.userTypes = describeUserTypes(m_conn, pg::quoteQualifiedName(table.schema, table.name));
    return table;
}

namespace {

// attmissingval as text is a one-element array literal: {5}, {"a b"}, {NULL}.
std::optional<std::string> singleArrayElement(std::string_view literal)
{
    if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}')
        return std::nullopt;
    literal = literal.substr(1, literal.size() - 2);
    if (literal.empty() || literal.front() != '"')
        return literal == "NULL" ? std::nullopt : std::optional<std::string>(literal);
    std::string value;
    for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
        if (literal[i] == '\\' && i + 2 < literal.size())
            ++i;
        value += literal[i];
    }
    return value;
}

} // namespace

std::optional<TableDefinition> SourceCatalog::findTable(const std::string &qualifiedName)
{
    const auto [schema, name] = splitQualifiedName(qualifiedName);
    if (m_conn.queryValue("SELECT to_regclass($1) IS NOT NULL",
                          {pg::quoteQualifiedName(schema, name)}) != "t")
        return std::nullopt;
    return describeTable(qualifiedName);
}

void SourceCatalog::describeRelationColumns(TableSchema &table)
{
    auto result = m_conn.execParams(
        "SELECT attname, atttypid, format_type(atttypid, atttypmod), attnotnull, atthasdef, "
        "attnum, CASE WHEN atthasmissing THEN attmissingval::text END, "
        "coalesce(col_description(attrelid, attnum), '') FROM pg_attribute "
        "WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped",
        {std::to_string(table.relationId)});
    for (auto &column : table.columns) {
        int row = 0;
        while (row < PQntuples(result.get()) &&
               !(pg::resultValue(result.get(), row, 0) == column.name &&
                 pg::resultValue(result.get(), row, 1) == std::to_string(column.typeOid)))
            ++row;
        if (row == PQntuples(result.get())) {
            column.sqlType = m_conn.queryValue(
                "SELECT format_type($1::oid, $2::int)",
                {std::to_string(column.typeOid), std::to_string(column.typeModifier)});
            continue;
        }
        column.sqlType = pg::resultValue(result.get(), row, 2);
        column.notNull = pg::resultValue(result.get(), row, 3) == "t";
        column.hasDefault = pg::resultValue(result.get(), row, 4) == "t";
        column.number = std::stoi(pg::resultValue(result.get(), row, 5));
        column.comment = pg::resultValue(result.get(), row, 7);
        if (!PQgetisnull(result.get(), row, 6))
            column.existingRowsValue = singleArrayElement(pg::resultValue(result.get(), row, 6));
    }
}

namespace {

std::string joined(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

} // namespace

void SourceCatalog::ensurePublication(const std::string &publication,
                                      const std::vector<std::string> &tables,
                                      const RowFilters *rowFilters)
{
    std::vector<std::string> quotedTables;
    for (const auto &table : tables) {
        const auto [schema, name] = splitQualifiedName(table);
        quotedTables.push_back(pg::quoteQualifiedName(schema, name));
    }
    if (rowFilters && !rowFilters->empty() && m_conn.serverVersion() < 150000) {
        log::info("source", "row filters came with PostgreSQL 15: every filter runs in Syncline");
        rowFilters = nullptr;
    }
    auto existing = m_conn.execParams("SELECT puballtables FROM pg_publication WHERE pubname = $1",
                                      {publication});
    if (PQntuples(existing.get()) == 0) {
        m_conn.exec("CREATE PUBLICATION " + pg::quoteIdentifier(publication) + " FOR TABLE " +
                    joined(quotedTables));
        log::info("source", "created publication " + publication + " for " + joined(tables));
    } else {
        checkPublicationIsComplete(publication, rowFilters != nullptr);
        if (pg::resultValue(existing.get(), 0, 0) == "t") {
            if (rowFilters && !rowFilters->empty())
                log::info("source", "publication " + publication +
                                        " publishes all tables, which takes no row filter: every "
                                        "filter runs in Syncline");
            return;
        }
    }
    auto published = m_conn.execParams(
        "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = $1",
        {publication});
    std::vector<std::string> have;
    for (int row = 0; row < PQntuples(published.get()); ++row)
        have.push_back(pg::resultValue(published.get(), row, 0));
    if (rowFilters) {
        setRowFilters(publication, have, tables, *rowFilters);
        return;
    }
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < tables.size(); ++i)
        if (std::find(have.begin(), have.end(), tables[i]) == have.end())
            missing.push_back(quotedTables[i]);
    if (missing.empty())
        return;
    m_conn.exec("ALTER PUBLICATION " + pg::quoteIdentifier(publication) + " ADD TABLE " +
                joined(missing));
    log::info("source", "added " + joined(missing) + " to publication " + publication);
}

// One statement, so that decoding sees every table published throughout: the tables it has and
// `tables`, each with its filter or none.
void SourceCatalog::setRowFilters(const std::string &publication,
                                  const std::vector<std::string> &published,
                                  const std::vector<std::string> &tables,
                                  const RowFilters &rowFilters)
{
    std::vector<std::string> all = published;
    for (const auto &table : tables)
        if (std::find(all.begin(), all.end(), table) == all.end())
            all.push_back(table);
    std::vector<std::string> entries;
    for (const auto &table : all) {
        const auto [schema, name] = splitQualifiedName(table);
        const auto filter = rowFilters.find(table);
        entries.push_back(pg::quoteQualifiedName(schema, name) +
                          (filter == rowFilters.end() ? "" : " WHERE (" + filter->second + ")"));
    }
    m_conn.exec("ALTER PUBLICATION " + pg::quoteIdentifier(publication) + " SET TABLE " +
                joined(entries));
    for (const auto &[table, filter] : rowFilters)
        log::info("source", "filter of " + table + " pushed down to publication " + publication +
                                ": WHERE " + filter);
}

void SourceCatalog::checkPublicationIsComplete(const std::string &publication,
                                               bool rowFiltersManaged)
{
    const std::string quoted = pg::quoteIdentifier(publication);
    const std::string publishesAll =
        m_conn.queryValue("SELECT pubinsert AND pubupdate AND pubdelete AND pubtruncate "
                          "FROM pg_publication WHERE pubname = $1",
                          {publication});
    if (publishesAll.empty())
        return; // not created yet: Syncline creates it complete
    if (publishesAll != "t")
        throw pg::Error("publication " + publication +
                            " does not publish every kind of change; fix: ALTER PUBLICATION " +
                            quoted + " SET (publish = 'insert, update, delete, truncate');",
                        "55000", pg::Severity::Permanent);
    if (m_conn.serverVersion() < 150000)
        return; // row filters and column lists came with PostgreSQL 15
    const std::string filtered = m_conn.queryValue(
        "SELECT string_agg(r.prrelid::regclass::text, ', ') FROM pg_publication_rel r "
        "JOIN pg_publication p ON p.oid = r.prpubid "
        "WHERE p.pubname = $1 AND ((r.prqual IS NOT NULL AND NOT $2) OR r.prattrs IS NOT NULL)",
        {publication, rowFiltersManaged ? "true" : "false"});
    if (!filtered.empty())
        throw pg::Error("publication " + publication + " filters the rows or columns of " +
                            filtered +
                            "; Syncline needs whole tables (its filter steps set row filters "
                            "themselves): use a publication of its own, or drop the filter "
                            "(ALTER PUBLICATION ... SET TABLE ...)",
                        "55000", pg::Severity::Permanent);
}

std::optional<SlotInfo> SourceCatalog::slot(const std::string &slotName)
{
    auto result = m_conn.execParams("SELECT active, confirmed_flush_lsn, restart_lsn, plugin "
                                    "FROM pg_replication_slots WHERE slot_name = $1",
                                    {slotName});
    if (PQntuples(result.get()) == 0)
        return std::nullopt;
    SlotInfo info;
    info.active = pg::resultValue(result.get(), 0, 0) == "t";
    info.confirmedFlush = Lsn::parse(pg::resultValue(result.get(), 0, 1)).value_or(Lsn());
    info.restartLsn = Lsn::parse(pg::resultValue(result.get(), 0, 2)).value_or(Lsn());
    info.plugin = pg::resultValue(result.get(), 0, 3);
    return info;
}

void SourceCatalog::dropSlot(const std::string &slotName)
{
    m_conn.execParams("SELECT pg_drop_replication_slot($1)", {slotName});
}

Lsn SourceCatalog::currentWalLsn()
{
    return Lsn::parse(m_conn.queryValue("SELECT pg_current_wal_lsn()")).value_or(Lsn());
}

} // namespace syncline
