#include "source/postgres/source_tables.h"

#include "pg/connection.h"
#include "pg/conninfo.h"

#include <libpq-fe.h>

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
