#include "source/mysql/mysql_inspection.h"

#include "source/mysql/mysql_catalog.h"
#include "source/mysql/mysql_client.h"
#include "source/mysql/mysql_dsn.h"

#include <map>

namespace syncline::mysql {
namespace {

constexpr const char *kUserDatabases =
    "TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";

std::string text(const std::optional<std::string> &value)
{
    return value.value_or("");
}

// Primary key columns in key order, by "database.table".
std::map<std::string, std::vector<std::string>> primaryKeys(Client &client)
{
    std::map<std::string, std::vector<std::string>> keys;
    for (const auto &row :
         client.query(std::string("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME "
                                  "FROM information_schema.STATISTICS "
                                  "WHERE INDEX_NAME = 'PRIMARY' AND ") +
                      kUserDatabases + " ORDER BY TABLE_SCHEMA, TABLE_NAME, SEQ_IN_INDEX"))
        keys[text(row.at(0)) + "." + text(row.at(1))].push_back(text(row.at(2)));
    return keys;
}

// Every column of the user databases' tables, in ordinal order, by "database.table". MySQL
// comments are not read as tags (a mask's tagged refuses a MySQL source), so none is kept.
std::map<std::string, std::vector<Column>> tableColumns(Client &client)
{
    std::map<std::string, std::vector<Column>> columns;
    for (const auto &row :
         client.query(std::string("SELECT TABLE_SCHEMA, TABLE_NAME, "
                                  "COLUMN_NAME, COLUMN_TYPE, ORDINAL_POSITION "
                                  "FROM information_schema.COLUMNS WHERE ") +
                      kUserDatabases + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION"))
        columns[text(row.at(0)) + "." + text(row.at(1))].push_back(
            {.name = text(row.at(2)),
             .sqlType = text(row.at(3)),
             .number = std::stoi(text(row.at(4)))});
    return columns;
}

// With binlog_row_image=FULL every update and delete carries the whole old row, so a table
// without a primary key is captured too: its rows are named by all their columns.
InspectedTable inspectedTable(const Client::ResultRow &row,
                              const std::map<std::string, std::vector<std::string>> &keys)
{
    InspectedTable table{text(row.at(0)), text(row.at(1)), {}, {}, true, {}};
    if (const auto key = keys.find(table.qualifiedName()); key != keys.end())
        table.key = key->second;
    table.identity = table.key.empty() ? "whole row (no primary key)" : "primary key";
    const std::string engine = text(row.at(2));
    if (engine != "InnoDB" && !engine.empty())
        table.identity += "; " + engine +
                          " is not transactional: the initial snapshot of this table is not "
                          "consistent with the binary log position while it is written";
    return table;
}

} // namespace

SourceInspection inspectMysqlSource(const std::string &dsn, bool withTables)
{
    Client client(MysqlDsn::parse(dsn));
    SourceInspection inspection;
    const std::string version = text(client.queryValue("SELECT VERSION()"));
    inspection.server = (version.find("MariaDB") == std::string::npos ? "MySQL " : "MariaDB ") +
                        version + ", server_id " + text(client.queryValue("SELECT @@server_id")) +
                        ", user " + text(client.queryValue("SELECT CURRENT_USER()"));
    inspection.requirements = binlogRequirements(client);
    if (!withTables)
        return inspection;
    const auto keys = primaryKeys(client);
    auto columns = tableColumns(client);
    for (const auto &row : client.query(std::string("SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE "
                                                    "FROM information_schema.TABLES "
                                                    "WHERE TABLE_TYPE = 'BASE TABLE' AND ") +
                                        kUserDatabases + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
        InspectedTable table = inspectedTable(row, keys);
        table.columns = std::move(columns[table.qualifiedName()]);
        table.markKeyColumns();
        inspection.tables.push_back(std::move(table));
    }
    return inspection;
}

} // namespace syncline::mysql
