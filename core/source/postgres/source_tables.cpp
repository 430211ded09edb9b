#include "source/postgres/source_tables.h"

#include "pg/connection.h"
#include "pg/conninfo.h"
#include "util/glob.h"

#include <libpq-fe.h>

#include <algorithm>
#include <string_view>

namespace syncline {

bool SourceTable::capturable() const
{
    return replicaIdentity == 'f' || replicaIdentity == 'i' ||
           (replicaIdentity == 'd' && hasPrimaryKey);
}

std::string SourceTable::fixSql() const
{
    if (capturable())
        return {};
    return "ALTER TABLE " + pg::quoteQualifiedName(schema, name) + " REPLICA IDENTITY FULL;";
}

bool isTablePattern(const std::string &entry)
{
    return entry.find('*') != std::string::npos;
}

// Schema and table are matched apart, so * never spans the dot.
bool matchesTableEntry(const std::string &entry, const std::string &qualifiedName)
{
    const auto entryDot = entry.find('.');
    const auto nameDot = qualifiedName.find('.');
    if (entryDot == std::string::npos || nameDot == std::string::npos)
        return false;
    const std::string_view e(entry), n(qualifiedName);
    return globMatches(e.substr(0, entryDot), n.substr(0, nameDot)) &&
           globMatches(e.substr(entryDot + 1), n.substr(nameDot + 1));
}

std::vector<std::string> expandTableEntries(const std::vector<std::string> &entries,
                                            const std::vector<SourceTable> &existing)
{
    std::vector<std::string> tables;
    auto add = [&](const std::string &table) {
        if (std::find(tables.begin(), tables.end(), table) == tables.end())
            tables.push_back(table);
    };
    for (const auto &entry : entries) {
        if (!isTablePattern(entry)) {
            add(entry);
            continue;
        }
        for (const auto &table : existing)
            if (table.schema != "syncline" && matchesTableEntry(entry, table.qualifiedName()))
                add(table.qualifiedName());
    }
    return tables;
}

std::vector<SourceTable> listSourceTables(pg::Connection &connection)
{
    auto result = connection.exec(
        "SELECT n.nspname, c.relname, "
        "       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary), "
        "       c.relreplident "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
        "ORDER BY n.nspname, c.relname");
    std::vector<SourceTable> tables;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        const std::string identity = pg::resultValue(result.get(), row, 3);
        tables.push_back({pg::resultValue(result.get(), row, 0),
                          pg::resultValue(result.get(), row, 1),
                          pg::resultValue(result.get(), row, 2) == "t",
                          identity.empty() ? 'd' : identity.front()});
    }
    return tables;
}

std::string WalLevelCheck::fixSql() const
{
    if (ok())
        return {};
    return "ALTER SYSTEM SET wal_level = logical;  -- then restart the server";
}

WalLevelCheck checkWalLevel(pg::Connection &connection)
{
    return {connection.queryValue("SHOW wal_level")};
}

} // namespace syncline
