#include "source/mysql/mysql_catalog.h"

#include "source/mysql/mysql_client.h"
#include "util/errors.h"

#include <mysql.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace syncline::mysql {
namespace {

constexpr int kBinaryCollation = 63;

std::string upper(std::string text)
{
    for (char &c : text)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// enum('a','it''s') -> {a, it's}
std::vector<std::string> members(const std::string &columnType)
{
    std::vector<std::string> values;
    std::size_t i = columnType.find('(');
    while (i != std::string::npos && i < columnType.size()) {
        const std::size_t open = columnType.find('\'', i);
        if (open == std::string::npos)
            break;
        std::string value;
        std::size_t at = open + 1;
        for (; at < columnType.size(); ++at) {
            if (columnType[at] == '\'' && at + 1 < columnType.size() && columnType[at + 1] == '\'')
                value += columnType[++at];
            else if (columnType[at] == '\'')
                break;
            else
                value += columnType[at];
        }
        values.push_back(value);
        i = at + 1;
    }
    return values;
}

unsigned number(const std::optional<std::string> &text)
{
    return text ? unsigned(std::stoul(*text)) : 0;
}

// The type a TABLE_MAP logs for an information_schema DATA_TYPE (STRING for CHAR, ENUM and SET;
// realType tells them apart).
void setType(BinlogColumn &column, const std::string &dataType, const std::string &columnType)
{
    static const std::map<std::string, int> byName{
        {"tinyint", MYSQL_TYPE_TINY},       {"smallint", MYSQL_TYPE_SHORT},
        {"mediumint", MYSQL_TYPE_INT24},    {"int", MYSQL_TYPE_LONG},
        {"bigint", MYSQL_TYPE_LONGLONG},    {"decimal", MYSQL_TYPE_NEWDECIMAL},
        {"float", MYSQL_TYPE_FLOAT},        {"double", MYSQL_TYPE_DOUBLE},
        {"year", MYSQL_TYPE_YEAR},          {"date", MYSQL_TYPE_DATE},
        {"datetime", MYSQL_TYPE_DATETIME2}, {"timestamp", MYSQL_TYPE_TIMESTAMP2},
        {"time", MYSQL_TYPE_TIME2},         {"bit", MYSQL_TYPE_BIT},
        {"char", MYSQL_TYPE_STRING},        {"binary", MYSQL_TYPE_STRING},
        {"varchar", MYSQL_TYPE_VARCHAR},    {"varbinary", MYSQL_TYPE_VARCHAR},
        {"tinytext", MYSQL_TYPE_BLOB},      {"text", MYSQL_TYPE_BLOB},
        {"mediumtext", MYSQL_TYPE_BLOB},    {"longtext", MYSQL_TYPE_BLOB},
        {"tinyblob", MYSQL_TYPE_BLOB},      {"blob", MYSQL_TYPE_BLOB},
        {"mediumblob", MYSQL_TYPE_BLOB},    {"longblob", MYSQL_TYPE_BLOB},
        {"json", MYSQL_TYPE_JSON},          {"enum", MYSQL_TYPE_STRING},
        {"set", MYSQL_TYPE_STRING},
    };
    static const char *geometries[] = {
        "geometry",   "point",           "linestring",   "polygon",
        "multipoint", "multilinestring", "multipolygon", "geometrycollection"};
    const auto known = byName.find(dataType);
    if (known != byName.end()) {
        column.type = known->second;
    } else if (std::find(std::begin(geometries), std::end(geometries), dataType) !=
               std::end(geometries)) {
        column.type = MYSQL_TYPE_GEOMETRY;
    } else {
        throw PermanentError("column " + column.name + " has type " + columnType +
                             ", which has no PostgreSQL mapping");
    }
    column.realType = dataType == "enum"  ? MYSQL_TYPE_ENUM
                      : dataType == "set" ? MYSQL_TYPE_SET
                                          : column.type;
    if (column.realType == MYSQL_TYPE_ENUM || column.realType == MYSQL_TYPE_SET)
        column.values = members(columnType);
}

std::optional<LogPosition> masterStatus(Client &client)
{
    std::vector<Client::ResultRow> rows;
    try {
        rows = client.query("SHOW MASTER STATUS");
    } catch (const PermanentError &) {
        rows = client.query("SHOW BINARY LOG STATUS"); // MySQL 8.4
    }
    if (rows.empty() || rows[0].size() < 2 || !rows[0][0] || !rows[0][1])
        return std::nullopt;
    LogPosition at{{*rows[0][0], std::stoull(*rows[0][1])}, {}};
    if (rows[0].size() >= 5 && rows[0][4]) // MySQL: Executed_Gtid_Set
        at.gtidState = *rows[0][4];
    return at;
}

std::string mariadbGtidAt(Client &client, const BinlogPosition &position)
{
    try {
        return client
            .queryValue("SELECT BINLOG_GTID_POS(" + client.literal(position.file) + ", " +
                        std::to_string(position.offset) + ")")
            .value_or("");
    } catch (const PermanentError &) {
        return {}; // not MariaDB
    }
}

} // namespace

std::vector<std::string> binlogRequirementProblems(Client &client)
{
    std::vector<std::string> problems;
    auto setting = [&](const std::string &name) -> std::optional<std::string> {
        try {
            return client.queryValue("SELECT @@GLOBAL." + name);
        } catch (const PermanentError &) {
            return std::nullopt; // unknown variable: an older server
        }
    };
    if (upper(setting("log_bin").value_or("0")) != "1" &&
        upper(setting("log_bin").value_or("")) != "ON")
        problems.push_back("the binary log is off: set log_bin = binlog in my.cnf "
                           "([mariadbd] or [mysqld]) and restart the server");
    const auto require = [&](const std::string &name, const std::string &wanted) {
        const auto value = setting(name);
        if (!value)
            problems.push_back(name + " is unknown to this server (MariaDB 10.5+ or MySQL 8.0.1+ "
                                      "has it); upgrade, so that the binary log names columns");
        else if (upper(*value) != wanted)
            problems.push_back(name + " is " + *value + ", and capture needs " + wanted +
                               ": SET GLOBAL " + name + " = '" + wanted + "'; and " + name + " = " +
                               wanted + " in my.cnf, so that it survives a restart");
    };
    require("binlog_format", "ROW");
    require("binlog_row_image", "FULL");
    require("binlog_row_metadata", "FULL");
    try {
        masterStatus(client);
    } catch (const PermanentError &error) {
        problems.push_back(std::string("the account may not read the binary log position (") +
                           error.what() +
                           "): GRANT BINLOG MONITOR (MySQL: REPLICATION CLIENT) ON *.* TO it");
    }
    std::string grants;
    for (const auto &row : client.query("SHOW GRANTS"))
        for (const auto &value : row)
            grants += upper(value.value_or("")) + '\n';
    if (grants.find("REPLICATION SLAVE") == std::string::npos &&
        grants.find("REPLICATION REPLICA") == std::string::npos &&
        grants.find("ALL PRIVILEGES ON *.*") == std::string::npos)
        problems.push_back("the account may not read the binary log: GRANT REPLICATION SLAVE ON "
                           "*.* TO it");
    return problems;
}

std::optional<BinlogTable> describeTable(Client &client, const std::string &database,
                                         const std::string &tableName)
{
    const std::string where = " WHERE c.TABLE_SCHEMA = " + client.literal(database) +
                              " AND c.TABLE_NAME = " + client.literal(tableName);
    const auto columns = client.query(
        "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE, c.NUMERIC_PRECISION, "
        "c.NUMERIC_SCALE, c.DATETIME_PRECISION, co.ID, c.CHARACTER_SET_NAME "
        "FROM information_schema.COLUMNS c LEFT JOIN information_schema.COLLATIONS co "
        "ON co.COLLATION_NAME = c.COLLATION_NAME" +
        where + " ORDER BY c.ORDINAL_POSITION");
    if (columns.empty())
        return std::nullopt;
    BinlogTable table;
    table.database = database;
    table.table = tableName;
    table.hasColumnNames = true;
    for (const auto &row : columns) {
        BinlogColumn column;
        column.name = row[0].value_or("");
        const std::string dataType = row[1].value_or("");
        const std::string columnType = row[2].value_or("");
        setType(column, dataType, columnType);
        column.nullable = row[3] == std::optional<std::string>("YES");
        const bool numeric = column.type != MYSQL_TYPE_STRING &&
                             column.type != MYSQL_TYPE_VARCHAR && column.type != MYSQL_TYPE_BLOB &&
                             column.type != MYSQL_TYPE_JSON && column.type != MYSQL_TYPE_GEOMETRY;
        if (numeric && column.type != MYSQL_TYPE_BIT && column.type != MYSQL_TYPE_YEAR &&
            column.type != MYSQL_TYPE_DATE && column.type != MYSQL_TYPE_DATETIME2 &&
            column.type != MYSQL_TYPE_TIMESTAMP2 && column.type != MYSQL_TYPE_TIME2)
            column.isUnsigned = columnType.find("unsigned") != std::string::npos;
        if (column.type == MYSQL_TYPE_NEWDECIMAL) {
            column.meta = number(row[4]);
            column.meta2 = number(row[5]);
        } else if (column.type == MYSQL_TYPE_BIT) {
            column.meta = number(row[4]);
        } else if (column.type == MYSQL_TYPE_DATETIME2 || column.type == MYSQL_TYPE_TIMESTAMP2 ||
                   column.type == MYSQL_TYPE_TIME2) {
            column.meta = number(row[6]);
        }
        // Binary strings have no character set; their collation is binary (63).
        const bool isString = column.type == MYSQL_TYPE_STRING ||
                              column.type == MYSQL_TYPE_VARCHAR || column.type == MYSQL_TYPE_BLOB;
        if (isString)
            column.collation = row[8] ? int(number(row[7])) : kBinaryCollation;
        table.columns.push_back(std::move(column));
    }
    const auto key = client.query(
        "SELECT c.COLUMN_NAME, c.SEQ_IN_INDEX, c.SUB_PART FROM information_schema.STATISTICS c" +
        where + " AND c.INDEX_NAME = 'PRIMARY' ORDER BY c.SEQ_IN_INDEX");
    for (const auto &row : key)
        for (auto &column : table.columns)
            if (column.name == row[0].value_or("")) {
                column.keyPosition = int(number(row[1])) - 1;
                column.keyPrefix = number(row[2]);
            }
    return table;
}

LogPosition beginConsistentSnapshot(Client &client)
{
    client.exec("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    client.exec("SET SESSION time_zone = '+00:00'");
    client.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    std::map<std::string, std::string> status;
    for (const auto &row : client.query("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'"))
        if (row.size() == 2 && row[0] && row[1])
            status[*row[0]] = *row[1];
    const auto file = status.find("Binlog_snapshot_file");
    const auto offset = status.find("Binlog_snapshot_position");
    if (file != status.end() && offset != status.end() && !file->second.empty()) {
        LogPosition at{{file->second, std::stoull(offset->second)}, {}};
        at.gtidState = mariadbGtidAt(client, at.position);
        return at;
    }
    // No snapshot position from the server (MySQL): stop writes while the snapshot starts.
    client.exec("ROLLBACK");
    client.exec("FLUSH TABLES WITH READ LOCK");
    std::optional<LogPosition> at;
    try {
        client.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        at = masterStatus(client);
    } catch (...) {
        client.exec("UNLOCK TABLES");
        throw;
    }
    client.exec("UNLOCK TABLES");
    if (!at)
        throw PermanentError("the server " + client.dsn().redacted() +
                             " reports no binary log position: is log_bin on?");
    return *at;
}

LogPosition currentPosition(Client &client)
{
    auto at = masterStatus(client);
    if (!at)
        throw PermanentError("the server " + client.dsn().redacted() +
                             " reports no binary log position: is log_bin on?");
    if (at->gtidState.empty())
        at->gtidState = mariadbGtidAt(client, at->position);
    return *at;
}

} // namespace syncline::mysql
