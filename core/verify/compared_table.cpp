#include "verify/compared_table.h"

#include "verify/verify_error.h"

#include "pg/connection.h"
#include "pg/conninfo.h"

#include <libpq-fe.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

namespace syncline::verify {

namespace {

struct CatalogColumn
{
    std::string name;
    std::string type;
};

std::pair<std::string, std::string> split(const std::string &qualifiedName)
{
    const auto dot = qualifiedName.find('.');
    if (dot == std::string::npos)
        return {"public", qualifiedName};
    return {qualifiedName.substr(0, dot), qualifiedName.substr(dot + 1)};
}

// Null when the table does not exist.
std::optional<std::vector<CatalogColumn>>
columnsOf(pg::Connection &connection, const std::string &schema, const std::string &name)
{
    auto result = connection.execParams(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') ORDER BY a.attnum",
        {schema, name});
    if (PQntuples(result.get()) == 0)
        return std::nullopt;
    std::vector<CatalogColumn> columns;
    for (int row = 0; row < PQntuples(result.get()); ++row)
        if (!pg::resultIsNull(result.get(), row, 0))
            columns.push_back(
                {pg::resultValue(result.get(), row, 0), pg::resultValue(result.get(), row, 1)});
    return columns;
}

// The replica identity index, else the primary key, as the source captures rows by.
std::vector<std::string> keyOf(pg::Connection &connection, const std::string &schema,
                               const std::string &name)
{
    auto result = connection.execParams(
        "SELECT a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_index i ON i.indrelid = c.oid "
        "AND (CASE c.relreplident WHEN 'i' THEN i.indisreplident ELSE i.indisprimary END) "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey) "
        "WHERE n.nspname = $1 AND c.relname = $2 "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        {schema, name});
    std::vector<std::string> key;
    for (int row = 0; row < PQntuples(result.get()); ++row)
        key.push_back(pg::resultValue(result.get(), row, 0));
    return key;
}

// "numeric(12,2)" -> "numeric", "character varying(20)[]" -> "character varying[]"
std::string withoutModifier(const std::string &type)
{
    const auto open = type.find('(');
    if (open == std::string::npos)
        return type;
    const auto close = type.find(')', open);
    return type.substr(0, open) + (close == std::string::npos ? "" : type.substr(close + 1));
}

// Types whose hash function agrees with their text's equality for the values a copy holds, and
// that every supported server hashes alike. Arrays of them too.
bool hashesNatively(const std::string &type)
{
    static const std::set<std::string> types = {"smallint",
                                                "integer",
                                                "bigint",
                                                "numeric",
                                                "text",
                                                "character varying",
                                                "boolean",
                                                "date",
                                                "timestamp with time zone",
                                                "timestamp without time zone",
                                                "uuid",
                                                "bytea",
                                                "jsonb",
                                                "time without time zone",
                                                "interval"};
    std::string base = withoutModifier(type);
    if (base.ends_with("[]"))
        base.resize(base.size() - 2);
    return types.count(base) != 0;
}

} // namespace

bool ComparedTable::hasIntegerKey() const
{
    return keyTypes.size() == 1 &&
           (keyTypes[0] == "integer" || keyTypes[0] == "bigint" || keyTypes[0] == "smallint");
}

ComparedTable ComparedTable::describe(pg::Connection &source, pg::Connection &target,
                                      const std::string &qualifiedName)
{
    ComparedTable table;
    std::tie(table.schema, table.name) = split(qualifiedName);
    const auto sourceColumns = columnsOf(source, table.schema, table.name);
    if (!sourceColumns)
        throw VerifyError(qualifiedName + " does not exist on the source");
    const auto targetColumns = columnsOf(target, table.schema, table.name);
    if (!targetColumns)
        throw VerifyError(qualifiedName +
                          " does not exist on the target: every row is missing there; run the "
                          "pipeline (create_tables) or `syncline snapshot --table " +
                          qualifiedName + "`");
    table.keyColumns = keyOf(source, table.schema, table.name);
    if (table.keyColumns.empty())
        throw VerifyError(qualifiedName +
                          " has no primary key or replica identity index, so rows cannot be "
                          "matched one to one; verify compares keyed tables only");

    auto onTarget = [&](const std::string &column) {
        return std::any_of(targetColumns->begin(), targetColumns->end(),
                           [&](const CatalogColumn &c) { return c.name == column; });
    };
    for (const auto &column : *sourceColumns) {
        (onTarget(column.name) ? table.columns : table.onlyOnSource).push_back(column.name);
        if (onTarget(column.name)) {
            const auto there =
                std::find_if(targetColumns->begin(), targetColumns->end(),
                             [&](const CatalogColumn &c) { return c.name == column.name; });
            // A type the target was given wider (integer -> bigint) hashes differently.
            table.hashedNatively.push_back(hashesNatively(column.type) &&
                                           withoutModifier(column.type) ==
                                               withoutModifier(there->type));
        }
        if (std::find(table.keyColumns.begin(), table.keyColumns.end(), column.name) !=
            table.keyColumns.end()) {
            if (!onTarget(column.name))
                throw VerifyError(qualifiedName + ": the target lacks key column " + column.name);
        }
    }
    for (const auto &key : table.keyColumns)
        for (const auto &column : *sourceColumns)
            if (column.name == key)
                table.keyTypes.push_back(column.type);
    for (const auto &column : *targetColumns)
        if (std::none_of(sourceColumns->begin(), sourceColumns->end(),
                         [&](const CatalogColumn &c) { return c.name == column.name; }))
            table.onlyOnTarget.push_back(column.name);
    return table;
}

} // namespace syncline::verify
