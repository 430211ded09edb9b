#include "source/postgres/postgres_inspection.h"

#include "pg/connection.h"
#include "pg/conninfo.h"
#include "source/postgres/source_tables.h"

#include <libpq-fe.h>

#include <map>

namespace syncline {
namespace {

ServerRequirement walLevelRequirement(pg::Connection &connection)
{
    const WalLevelCheck check = checkWalLevel(connection);
    ServerRequirement requirement{"wal_level", check.walLevel, "logical", {}, check.fixSql()};
    if (!check.ok())
        requirement.problem = "wal_level is " + check.walLevel +
                              "; logical replication needs wal_level = logical and a restart";
    return requirement;
}

ServerRequirement replicationRequirement(pg::Connection &connection)
{
    const std::string user = connection.queryValue("SELECT current_user");
    const bool granted = connection.queryValue("SELECT rolreplication OR rolsuper FROM pg_roles "
                                               "WHERE rolname = current_user") == "t";
    ServerRequirement requirement{
        "REPLICATION", granted ? "granted" : "missing", "granted", {}, {}};
    if (!granted) {
        requirement.problem = "the role " + user +
                              " may not open a replication connection: it needs the "
                              "REPLICATION attribute";
        requirement.fix = "ALTER ROLE " + pg::quoteIdentifier(user) + " REPLICATION;";
    }
    return requirement;
}

// Primary key columns in key order, by "schema.table".
std::map<std::string, std::vector<std::string>> primaryKeys(pg::Connection &connection)
{
    auto result = connection.exec(
        "SELECT n.nspname, c.relname, a.attname "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
        "WHERE i.indisprimary AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY n.nspname, c.relname, k.ord");
    std::map<std::string, std::vector<std::string>> keys;
    for (int row = 0; row < PQntuples(result.get()); ++row)
        keys[pg::resultValue(result.get(), row, 0) + "." + pg::resultValue(result.get(), row, 1)]
            .push_back(pg::resultValue(result.get(), row, 2));
    return keys;
}

// Every column of the ordinary tables, in attnum order, by "schema.table"; key flags come later.
std::map<std::string, std::vector<Column>> tableColumns(pg::Connection &connection)
{
    auto result = connection.exec(
        "SELECT n.nspname, c.relname, a.attname, a.atttypid, a.atttypmod, "
        "format_type(a.atttypid, a.atttypmod), coalesce(col_description(c.oid, a.attnum), ''), "
        "a.attnum FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
        "ORDER BY n.nspname, c.relname, a.attnum");
    std::map<std::string, std::vector<Column>> columns;
    const PGresult *rows = result.get();
    for (int row = 0; row < PQntuples(rows); ++row) {
        Column column{.name = pg::resultValue(rows, row, 2),
                      .typeOid = std::uint32_t(std::stoul(pg::resultValue(rows, row, 3))),
                      .typeModifier = std::stoi(pg::resultValue(rows, row, 4)),
                      .sqlType = pg::resultValue(rows, row, 5),
                      .number = std::stoi(pg::resultValue(rows, row, 7)),
                      .comment = pg::resultValue(rows, row, 6)};
        columns[pg::resultValue(rows, row, 0) + "." + pg::resultValue(rows, row, 1)].push_back(
            std::move(column));
    }
    return columns;
}

std::string identityOf(const SourceTable &table)
{
    switch (table.replicaIdentity) {
    case 'f':
        return "replica identity full";
    case 'i':
        return "replica identity index";
    case 'n':
        return "replica identity nothing: updates and deletes cannot be captured";
    default:
        return table.hasPrimaryKey ? "primary key"
                                   : "no primary key: updates and deletes cannot be captured";
    }
}

} // namespace

SourceInspection inspectPostgresSource(const std::string &dsn, bool withTables)
{
    auto connection =
        pg::Connection::open(dsn, pg::Connection::Mode::Normal, "syncline inspection");
    SourceInspection inspection;
    inspection.server = "PostgreSQL " + connection.queryValue("SHOW server_version") +
                        ", database " + connection.queryValue("SELECT current_database()") +
                        ", user " + connection.queryValue("SELECT current_user");
    inspection.requirements = {walLevelRequirement(connection), replicationRequirement(connection)};
    if (!withTables)
        return inspection;
    const auto keys = primaryKeys(connection);
    auto columns = tableColumns(connection);
    for (const auto &table : listSourceTables(connection)) {
        InspectedTable inspected{table.schema,      table.name,         {},
                                 identityOf(table), table.capturable(), table.fixSql()};
        if (const auto key = keys.find(table.qualifiedName()); key != keys.end())
            inspected.key = key->second;
        inspected.columns = std::move(columns[table.qualifiedName()]);
        inspected.markKeyColumns();
        inspection.tables.push_back(std::move(inspected));
    }
    return inspection;
}

} // namespace syncline
