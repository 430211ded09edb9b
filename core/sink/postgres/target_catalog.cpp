#include "sink/postgres/target_catalog.h"

#include "pg/conninfo.h"
#include "util/log.h"

#include <libpq-fe.h>

#include <algorithm>
#include <set>

namespace syncline {

std::optional<std::vector<std::string>> TargetCatalog::columnNames(const std::string &schema,
                                                                   const std::string &name)
{
    const auto described = columns(schema, name);
    if (!described)
        return std::nullopt;
    std::vector<std::string> names;
    for (const auto &column : *described)
        names.push_back(column.name);
    return names;
}

std::shared_ptr<TableSchema> TargetCatalog::tableSchema(const std::string &schema,
                                                        const std::string &name)
{
    auto columnList = columns(schema, name);
    if (!columnList)
        return nullptr;
    const auto keys = keyColumns(schema, name);
    auto table = std::make_shared<TableSchema>();
    table->schema = schema;
    table->name = name;
    table->columns = std::move(*columnList);
    for (auto &column : table->columns)
        column.isKey = std::find(keys.begin(), keys.end(), column.name) != keys.end();
    return table;
}

std::optional<std::vector<Column>> TargetCatalog::columns(const std::string &schema,
                                                          const std::string &name)
{
    auto result = m_conn.execParams(
        "SELECT a.attname, a.atttypid, a.atttypmod FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {schema, name});
    if (PQntuples(result.get()) == 0)
        return std::nullopt;
    std::vector<Column> columns;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        Column column;
        column.name = pg::resultValue(result.get(), row, 0);
        column.typeOid = std::uint32_t(std::stoul(pg::resultValue(result.get(), row, 1)));
        column.typeModifier = std::stoi(pg::resultValue(result.get(), row, 2));
        columns.push_back(std::move(column));
    }
    return columns;
}

bool TargetCatalog::hasBinaryIo(const std::vector<std::uint32_t> &typeOids)
{
    std::string list;
    for (const std::uint32_t oid : typeOids)
        list += (list.empty() ? "" : ",") + std::to_string(oid);
    // The reg* types (regclass, regconfig, ...) are sent as the OID of the object they name,
    // which is another object on another server; as text they carry its name.
    auto result = m_conn.execParams(
        "SELECT count(*) FILTER (WHERE t.typsend <> 0 AND t.typreceive <> 0 AND (e.oid IS NULL "
        "OR (e.typsend <> 0 AND e.typreceive <> 0)) AND coalesce(e.oid, t.oid) NOT IN "
        "(24, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089, 4096, 4191)) = count(*) "
        "AND count(*) = $2::int "
        "FROM pg_type t LEFT JOIN pg_type e ON t.typcategory = 'A' AND e.oid = t.typelem "
        "WHERE t.oid = ANY($1::oid[])",
        {'{' + list + '}',
         std::to_string(std::set<std::uint32_t>(typeOids.begin(), typeOids.end()).size())});
    return pg::resultValue(result.get(), 0, 0) == "t";
}

std::map<std::string, TargetColumnType> TargetCatalog::columnTypes(const std::string &schema,
                                                                   const std::string &name)
{
    // A domain's base type, through domains over domains.
    auto result = m_conn.execParams(
        "WITH RECURSIVE base(attname, atttypid, oid, typtype, typbasetype) AS ("
        "  SELECT a.attname, a.atttypid, t.oid, t.typtype, t.typbasetype FROM pg_attribute a "
        "  JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid "
        "  JOIN pg_namespace n ON n.oid = c.relnamespace "
        "  WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped "
        "UNION ALL "
        "  SELECT b.attname, b.atttypid, t.oid, t.typtype, t.typbasetype FROM base b "
        "  JOIN pg_type t ON t.oid = b.typbasetype WHERE b.typtype = 'd'"
        // Type names without a modifier, as casts take them: `::pg_catalog.bpchar` keeps the
        // whole value (and assignment checks its length), where `::character` would truncate.
        "), named(oid, name) AS ("
        "  SELECT t.oid, format('%I.%I', tn.nspname, t.typname) FROM pg_type t "
        "  JOIN pg_namespace tn ON tn.oid = t.typnamespace) "
        "SELECT attname, atttypid, base.oid, CASE WHEN base.oid <> atttypid THEN compared.name "
        "END, "
        "  stored.name, compared.name "
        "FROM base JOIN named stored ON stored.oid = base.atttypid "
        "JOIN named compared ON compared.oid = base.oid WHERE typtype <> 'd'",
        {schema, name});
    std::map<std::string, TargetColumnType> types;
    for (int row = 0; row < PQntuples(result.get()); ++row)
        types[pg::resultValue(result.get(), row, 0)] = {
            std::uint32_t(std::stoul(pg::resultValue(result.get(), row, 1))),
            std::uint32_t(std::stoul(pg::resultValue(result.get(), row, 2))),
            pg::resultValue(result.get(), row, 3), pg::resultValue(result.get(), row, 4),
            pg::resultValue(result.get(), row, 5)};
    return types;
}

std::vector<TargetColumn> TargetCatalog::describeColumns(const std::string &schema,
                                                         const std::string &name)
{
    auto result = m_conn.execParams(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {schema, name});
    const auto keys = keyColumns(schema, name);
    std::vector<TargetColumn> columns;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        TargetColumn column;
        column.name = pg::resultValue(result.get(), row, 0);
        column.sqlType = pg::resultValue(result.get(), row, 1);
        column.notNull = pg::resultValue(result.get(), row, 2) == "t";
        column.hasDefault = pg::resultValue(result.get(), row, 3) == "t";
        column.isKey = std::find(keys.begin(), keys.end(), column.name) != keys.end();
        columns.push_back(std::move(column));
    }
    return columns;
}

std::vector<std::string> TargetCatalog::keyColumns(const std::string &schema,
                                                   const std::string &name)
{
    auto result = m_conn.execParams(
        "WITH idx AS ("
        "  SELECT i.indexrelid, i.indkey, i.indisprimary FROM pg_index i "
        "  JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "  WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique AND i.indpred IS NULL "
        "    AND i.indexprs IS NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute a "
        "      WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) AND NOT a.attnotnull) "
        "  ORDER BY i.indisprimary DESC, i.indnatts, i.indexrelid LIMIT 1) "
        "SELECT a.attname FROM idx JOIN pg_index i ON i.indexrelid = idx.indexrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        {schema, name});
    std::vector<std::string> keys;
    for (int row = 0; row < PQntuples(result.get()); ++row)
        keys.push_back(pg::resultValue(result.get(), row, 0));
    return keys;
}

bool TargetCatalog::rowsAreIndependent(const std::string &schema, const std::string &name)
{
    return m_conn.queryValue("SELECT c.relkind = 'r' AND NOT c.relhasrules "
                             "  AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid "
                             "    AND NOT t.tgisinternal AND t.tgenabled <> 'D') "
                             "  AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                             "    WHERE (k.conrelid = c.oid AND k.contype IN ('f', 'x')) "
                             "       OR (k.confrelid = c.oid AND k.contype = 'f')) "
                             "  AND (SELECT count(*) FROM pg_index i "
                             "    WHERE i.indrelid = c.oid AND i.indisunique) <= 1 "
                             "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = $1 AND c.relname = $2",
                             {schema, name}) == "t";
}

// Enums, composites, domains and ranges the table needs are created as the source defines
// them; a type from an extension is not (that needs the extension's files and privileges).
void TargetCatalog::createUserTypes(const TableDefinition &table)
{
    std::string missingExtensions;
    for (const auto &type : table.userTypes) {
        if (!m_conn.queryValue("SELECT to_regtype($1)", {type.qualifiedName}).empty())
            continue;
        if (!type.extension.empty()) {
            missingExtensions += (missingExtensions.empty() ? "" : ", ") + type.qualifiedName +
                                 " (CREATE EXTENSION " + type.extension + ")";
            continue;
        }
        const auto dot = type.qualifiedName.find("\".\"");
        if (dot != std::string::npos)
            m_conn.exec("CREATE SCHEMA IF NOT EXISTS " + type.qualifiedName.substr(0, dot + 1));
        m_conn.exec(type.createSql);
        log::info("sink", "created type " + type.qualifiedName + " for " + table.qualifiedName());
    }
    if (!missingExtensions.empty())
        throw pg::Error("cannot create target table " + table.qualifiedName() +
                            ": the target lacks types that come from extensions: " +
                            missingExtensions + "; install them on the target first",
                        "42704", pg::Severity::Permanent);
}

void TargetCatalog::createTable(const TableDefinition &table)
{
    createUserTypes(table);
    std::string body;
    for (const auto &column : table.columns)
        body += (body.empty() ? "" : ", ") + pg::quoteIdentifier(column.name) + ' ' +
                column.sqlType + (column.notNull ? " NOT NULL" : "");
    if (!table.keyColumns.empty()) {
        std::string key;
        for (const auto &column : table.keyColumns)
            key += (key.empty() ? "" : ", ") + pg::quoteIdentifier(column);
        body += ", PRIMARY KEY (" + key + ")";
    }
    m_conn.exec("CREATE SCHEMA IF NOT EXISTS " + pg::quoteIdentifier(table.schema));
    m_conn.exec("CREATE TABLE IF NOT EXISTS " + pg::quoteQualifiedName(table.schema, table.name) +
                " (" + body + ")");
    log::info("sink", "created target table " + table.qualifiedName());
}

} // namespace syncline
