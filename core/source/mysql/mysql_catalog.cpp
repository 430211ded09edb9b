#include "source/mysql/mysql_catalog.h"

#include "source/mysql/mysql_client.h"
#include "util/errors.h"

#include <mysql.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <tuple>

namespace syncline::mysql {
namespace {

constexpr int kBinaryCollation = 63;

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string upper(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return text;
}

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

unsigned number(const std::optional<std::string> &text, unsigned fallback = 0)
{
    if (!text || text->empty())
        return fallback;
    return unsigned(std::stoul(*text));
}

struct ServerVersion
{
    std::string text; // "10.11.6-MariaDB-log"
    bool mariaDb = false;
    int major = 0;
    int minor = 0;
    int patch = 0;

    bool atLeast(int wantMajor, int wantMinor, int wantPatch = 0) const
    {
        return std::tie(major, minor, patch) >= std::tie(wantMajor, wantMinor, wantPatch);
    }
};

ServerVersion serverVersion(Client &client)
{
    ServerVersion version;
    version.text = client.queryValue("SELECT VERSION()").value_or("");
    version.mariaDb = version.text.find("MariaDB") != std::string::npos;
    std::sscanf(version.text.c_str(), "%d.%d.%d", &version.major, &version.minor, &version.patch);
    return version;
}

// SHOW MASTER STATUS (SHOW BINARY LOG STATUS where MySQL 8.4 removed the former): File,
// Position, Binlog_Do_DB, Binlog_Ignore_DB[, Executed_Gtid_Set].
Client::ResultRow masterStatus(Client &client)
{
    std::vector<Client::ResultRow> rows;
    try {
        rows = client.query("SHOW MASTER STATUS");
    } catch (const PermanentError &) {
        rows = client.query("SHOW BINARY LOG STATUS");
    }
    if (rows.empty() || rows.front().size() < 2 || !rows.front()[0] || !rows.front()[1])
        throw PermanentError("the server " + client.dsn().host + ':' +
                             std::to_string(client.dsn().port) +
                             " writes no binary log (log_bin is OFF): change data capture "
                             "needs one (see the checks of `syncline validate`)");
    return rows.front();
}

// MariaDB's GTID state at a binary log position; the server's current one when the position
// is not one it can tell (BINLOG_GTID_POS gives NULL).
std::string mariaDbGtidState(Client &client, const BinlogPosition &position)
{
    const auto atPosition =
        client.queryValue("SELECT BINLOG_GTID_POS(" + client.literal(position.file) + ", " +
                          std::to_string(position.offset) + ")");
    if (atPosition)
        return *atPosition;
    return client.queryValue("SELECT @@GLOBAL.gtid_binlog_pos").value_or("");
}

// A setting's fix: the statement for the running server and the line that keeps it.
std::string settingProblem(const std::string &name, const std::string &value,
                           const std::string &wanted)
{
    return name + " is " + (value.empty() ? "unset" : value) + ", change data capture needs " +
           wanted + ": run SET GLOBAL " + name + " = '" + wanted +
           "' (sessions already connected keep their value until they reconnect) and add `" + name +
           " = " + wanted + "` under [mysqld] in my.cnf so that a restart keeps it";
}

// The privileges of SHOW GRANTS for the current account, and what they are granted on.
struct Grants
{
    bool replication = false; // REPLICATION SLAVE on *.*
    bool position = false;    // BINLOG MONITOR / REPLICATION CLIENT on *.*
    bool select = false;      // SELECT anywhere
};

Grants grantsOf(Client &client)
{
    Grants grants;
    for (const auto &row : client.query("SHOW GRANTS")) {
        if (row.empty() || !row[0])
            continue;
        const std::string line = *row[0];
        const std::string upperLine = upper(line);
        const auto on = upperLine.find(" ON ");
        if (upperLine.rfind("GRANT ", 0) != 0 || on == std::string::npos)
            continue; // a role granted: its privileges are not followed
        const auto to = upperLine.find(" TO ", on);
        const std::string object =
            trimmed(line.substr(on + 4, to == std::string::npos ? std::string::npos : to - on - 4));
        const bool global = object == "*.*";
        std::string privileges = upperLine.substr(6, on - 6);
        std::size_t start = 0;
        while (start <= privileges.size()) {
            const auto comma = privileges.find(',', start);
            const std::string privilege = trimmed(privileges.substr(
                start, comma == std::string::npos ? std::string::npos : comma - start));
            const bool all = privilege == "ALL" || privilege == "ALL PRIVILEGES";
            grants.select = grants.select || all || privilege.rfind("SELECT", 0) == 0;
            if (global) {
                grants.replication = grants.replication || all ||
                                     privilege == "REPLICATION SLAVE" ||
                                     privilege == "REPLICATION REPLICA";
                grants.position = grants.position || all || privilege == "BINLOG MONITOR" ||
                                  privilege == "REPLICATION CLIENT" || privilege == "SUPER";
            }
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    return grants;
}

// 'user'@'host' of CURRENT_USER(), for a GRANT statement.
std::string accountName(Client &client)
{
    const std::string current = client.queryValue("SELECT CURRENT_USER()").value_or("");
    const auto at = current.rfind('@');
    if (at == std::string::npos)
        return client.literal(current);
    return client.literal(current.substr(0, at)) + '@' + client.literal(current.substr(at + 1));
}

// The values of an ENUM or SET: enum('a','it''s') -> a, it's.
std::vector<std::string> membersOf(const std::string &columnType)
{
    std::vector<std::string> members;
    const auto open = columnType.find('(');
    const auto close = columnType.rfind(')');
    if (open == std::string::npos || close == std::string::npos)
        return members;
    bool quoted = false;
    std::string member;
    for (std::size_t i = open + 1; i < close; ++i) {
        const char c = columnType[i];
        if (!quoted) {
            quoted = c == '\'';
            continue;
        }
        if (c == '\\' && i + 1 < close) {
            member += columnType[++i];
        } else if (c == '\'' && i + 1 < close && columnType[i + 1] == '\'') {
            member += '\'';
            ++i;
        } else if (c == '\'') {
            members.push_back(std::move(member));
            member.clear();
            quoted = false;
        } else {
            member += c;
        }
    }
    return members;
}

// The collation a TABLE_MAP names when information_schema has no id for it (MariaDB 10.10+
// lists its UCA 14 collations under names without one): only binary and latin1 change how
// values read.
int fallbackCollation(const std::optional<std::string> &charset)
{
    return charset && lower(*charset) == "latin1" ? 8 : 45; // latin1_swedish_ci, utf8mb4_general_ci
}

// One row of information_schema.COLUMNS as the TABLE_MAP event writes the column.
BinlogColumn columnOf(const Client::ResultRow &row)
{
    // name, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION,
    // NUMERIC_SCALE, DATETIME_PRECISION, COLLATION_NAME, collation ID, CHARACTER_SET_NAME
    BinlogColumn column;
    column.name = row[0].value_or("");
    const std::string dataType = lower(row[1].value_or(""));
    const std::string columnType = lower(row[2].value_or(""));
    column.nullable = row[3].value_or("") == "YES";
    const unsigned octets = number(row[4]);
    const unsigned precision = number(row[5]);
    const unsigned scale = number(row[6]);
    const unsigned fractionDigits = number(row[7]);
    const bool isUnsigned = columnType.find("unsigned") != std::string::npos;
    const auto setType = [&](int type, unsigned meta = 0, unsigned meta2 = 0) {
        column.type = type;
        column.realType = type;
        column.meta = meta;
        column.meta2 = meta2;
    };
    static const std::map<std::string, int> integers = {{"tinyint", MYSQL_TYPE_TINY},
                                                        {"smallint", MYSQL_TYPE_SHORT},
                                                        {"mediumint", MYSQL_TYPE_INT24},
                                                        {"int", MYSQL_TYPE_LONG},
                                                        {"bigint", MYSQL_TYPE_LONGLONG}};
    static const std::map<std::string, unsigned> blobs = {
        {"tinyblob", 1},   {"tinytext", 1},   {"blob", 2},     {"text", 2},
        {"mediumblob", 3}, {"mediumtext", 3}, {"longblob", 4}, {"longtext", 4}};
    static const std::vector<std::string> geometries = {
        "geometry",        "point",        "linestring",         "polygon",       "multipoint",
        "multilinestring", "multipolygon", "geometrycollection", "geomcollection"};
    if (const auto integer = integers.find(dataType); integer != integers.end()) {
        setType(integer->second);
        column.isUnsigned = isUnsigned;
    } else if (dataType == "decimal" || dataType == "numeric") {
        setType(MYSQL_TYPE_NEWDECIMAL, precision, scale);
        column.isUnsigned = isUnsigned;
    } else if (dataType == "float") {
        setType(MYSQL_TYPE_FLOAT, 4);
        column.isUnsigned = isUnsigned;
    } else if (dataType == "double" || dataType == "real") {
        setType(MYSQL_TYPE_DOUBLE, 8);
        column.isUnsigned = isUnsigned;
    } else if (dataType == "year") {
        setType(MYSQL_TYPE_YEAR);
        column.isUnsigned = true;
    } else if (dataType == "date") {
        setType(MYSQL_TYPE_DATE);
    } else if (dataType == "datetime") {
        setType(MYSQL_TYPE_DATETIME2, fractionDigits);
    } else if (dataType == "timestamp") {
        setType(MYSQL_TYPE_TIMESTAMP2, fractionDigits);
    } else if (dataType == "time") {
        setType(MYSQL_TYPE_TIME2, fractionDigits);
    } else if (dataType == "bit") {
        setType(MYSQL_TYPE_BIT, precision, precision / 8);
    } else if (dataType == "char" || dataType == "binary") {
        setType(MYSQL_TYPE_STRING, octets);
    } else if (dataType == "varchar" || dataType == "varbinary") {
        setType(MYSQL_TYPE_VARCHAR, octets);
    } else if (const auto blob = blobs.find(dataType); blob != blobs.end()) {
        setType(MYSQL_TYPE_BLOB, blob->second);
    } else if (dataType == "json") { // MySQL's binary JSON; MariaDB's is longtext
        setType(MYSQL_TYPE_JSON, 4);
    } else if (dataType == "enum" || dataType == "set") {
        setType(MYSQL_TYPE_STRING);
        column.values = membersOf(row[2].value_or(""));
        const std::size_t count = column.values.size();
        if (dataType == "enum") {
            column.realType = MYSQL_TYPE_ENUM;
            column.meta = count < 256 ? 1 : 2;
        } else {
            column.realType = MYSQL_TYPE_SET;
            const unsigned bytes = unsigned((count + 7) / 8);
            column.meta = bytes > 4 ? 8 : bytes;
        }
    } else if (std::find(geometries.begin(), geometries.end(), dataType) != geometries.end()) {
        setType(MYSQL_TYPE_GEOMETRY, 4);
    } else {
        throw PermanentError("column " + column.name + " has type " + columnType +
                             ", which the MySQL source cannot read");
    }
    if (column.isCharacterColumn()) {
        if (!row[8])
            column.collation = kBinaryCollation; // binary strings and geometries
        else
            column.collation = row[9] ? int(number(row[9])) : fallbackCollation(row[10]);
    }
    return column;
}

} // namespace

namespace {

ServerRequirement settingRequirement(const std::string &name, const std::string &value,
                                     const std::string &wanted)
{
    ServerRequirement requirement{name, value.empty() ? "unset" : value, wanted, {}, {}};
    if (value != wanted) {
        requirement.problem = settingProblem(name, value, wanted);
        requirement.fix = "SET GLOBAL " + name + " = '" + wanted +
                          "';  -- and in my.cnf [mysqld]: " + name + " = " + wanted;
    }
    return requirement;
}

ServerRequirement grantRequirement(const std::string &privilege, bool granted,
                                   const std::string &problem, const std::string &fix)
{
    ServerRequirement requirement{privilege, granted ? "granted" : "missing", "granted", {}, {}};
    if (!granted) {
        requirement.problem = problem;
        requirement.fix = fix;
    }
    return requirement;
}

} // namespace

std::vector<ServerRequirement> binlogRequirements(Client &client)
{
    std::vector<ServerRequirement> requirements;
    const ServerVersion version = serverVersion(client);
    std::map<std::string, std::string> settings;
    for (const auto &row :
         client.query("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', "
                      "'binlog_format', 'binlog_row_image', 'binlog_row_metadata')"))
        if (row.size() >= 2 && row[0])
            settings[lower(*row[0])] = upper(row[1].value_or(""));
    const bool logBin = settings["log_bin"] == "ON" || settings["log_bin"] == "1";
    ServerRequirement binaryLog{"log_bin", logBin ? "ON" : "OFF", "ON", {}, {}};
    if (!logBin) {
        binaryLog.problem =
            "log_bin is OFF: the server writes no binary log. Add `log_bin = binlog` and "
            "`server_id = 1` (an id no other server of the replication topology uses) under "
            "[mysqld] in my.cnf and restart the server: log_bin cannot be changed while it runs";
        binaryLog.fix = "-- in my.cnf [mysqld]: log_bin = binlog and server_id = 1 (unique), "
                        "then restart the server";
    }
    requirements.push_back(binaryLog);
    requirements.push_back(settingRequirement("binlog_format", settings["binlog_format"], "ROW"));
    requirements.push_back(
        settingRequirement("binlog_row_image", settings["binlog_row_image"], "FULL"));
    if (settings.count("binlog_row_metadata")) {
        requirements.push_back(
            settingRequirement("binlog_row_metadata", settings["binlog_row_metadata"], "FULL"));
    } else {
        ServerRequirement metadata{"binlog_row_metadata", "not supported", "FULL", {}, {}};
        metadata.problem = "the server is " + (version.text.empty() ? "too old" : version.text) +
                           ", whose binary log does not describe columns (binlog_row_metadata): "
                           "MariaDB 10.5 or later, or MySQL 8.0.1 or later, is needed";
        metadata.fix = "-- upgrade to MariaDB 10.5 or MySQL 8.0.1 or later";
        requirements.push_back(metadata);
    }

    const Grants grants = grantsOf(client);
    const bool newMariaDb = version.mariaDb && version.atLeast(10, 5, 2);
    const std::string account = accountName(client);
    const std::string replication = newMariaDb ? "REPLICATION REPLICA" : "REPLICATION SLAVE";
    const std::string replicationGrant = "GRANT " + replication + " ON *.* TO " + account;
    requirements.push_back(grantRequirement(
        replication, grants.replication,
        "the account " + account + " may not read the binary log as a replica: " + replicationGrant,
        replicationGrant + ';'));
    const std::string position = newMariaDb ? "BINLOG MONITOR" : "REPLICATION CLIENT";
    const std::string positionGrant = "GRANT " + position + " ON *.* TO " + account;
    requirements.push_back(grantRequirement(
        position, grants.position,
        "the account " + account +
            " may not read where the binary log ends (SHOW MASTER STATUS): " + positionGrant,
        positionGrant + ';'));
    const std::string selectGrant = "GRANT SELECT ON `database`.* TO " + account;
    requirements.push_back(grantRequirement(
        "SELECT", grants.select,
        "the account " + account + " may not read the tables to copy them: " + selectGrant +
            " for each database captured",
        selectGrant + ";  -- for each database captured"));
    return requirements;
}

std::vector<std::string> binlogRequirementProblems(Client &client)
{
    std::vector<std::string> problems;
    for (const auto &requirement : binlogRequirements(client))
        if (!requirement.met())
            problems.push_back(requirement.problem);
    return problems;
}

std::optional<BinlogTable> describeTable(Client &client, const std::string &database,
                                         const std::string &table)
{
    const auto where = [&](const std::string &alias) {
        return alias + ".TABLE_SCHEMA = " + client.literal(database) + " AND " + alias +
               ".TABLE_NAME = " + client.literal(table);
    };
    const auto rows = client.query(
        "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE, "
        "c.CHARACTER_OCTET_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.DATETIME_PRECISION, "
        "c.COLLATION_NAME, l.ID, c.CHARACTER_SET_NAME "
        "FROM information_schema.COLUMNS c "
        "LEFT JOIN information_schema.COLLATIONS l ON l.COLLATION_NAME = c.COLLATION_NAME "
        "WHERE " +
        where("c") + " ORDER BY c.ORDINAL_POSITION");
    if (rows.empty())
        return std::nullopt;
    BinlogTable described;
    described.database = database;
    described.table = table;
    described.hasColumnNames = true;
    for (const auto &row : rows)
        described.columns.push_back(columnOf(row));
    // The primary key in key order; a prefix in bytes, as the TABLE_MAP event gives it.
    int position = 0;
    for (const auto &row :
         client.query("SELECT s.COLUMN_NAME, s.SUB_PART, cs.MAXLEN "
                      "FROM information_schema.STATISTICS s "
                      "JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND "
                      "  c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME "
                      "LEFT JOIN information_schema.CHARACTER_SETS cs ON "
                      "  cs.CHARACTER_SET_NAME = c.CHARACTER_SET_NAME "
                      "WHERE " +
                      where("s") + " AND s.INDEX_NAME = 'PRIMARY' ORDER BY s.SEQ_IN_INDEX")) {
        for (auto &column : described.columns)
            if (row[0] && column.name == *row[0]) {
                column.keyPosition = position;
                column.keyPrefix = number(row[1]) * number(row[2], 1);
            }
        ++position;
    }
    return described;
}

SnapshotStart beginConsistentSnapshot(Client &client)
{
    client.exec("SET SESSION time_zone = '+00:00'");
    client.exec("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const auto snapshotStatus = client.query("SHOW STATUS LIKE 'binlog_snapshot_%'");
    SnapshotStart start;
    if (!snapshotStatus.empty()) {
        // MariaDB: the snapshot and its binary log position are taken together, no lock.
        client.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        for (const auto &row : client.query("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
            if (row.size() < 2 || !row[0])
                continue;
            if (lower(*row[0]) == "binlog_snapshot_file")
                start.position.file = row[1].value_or("");
            else if (lower(*row[0]) == "binlog_snapshot_position")
                start.position.offset = number(row[1], 4);
        }
        if (start.position.file.empty()) {
            client.exec("ROLLBACK");
            masterStatus(client); // throws: no binary log
            throw PermanentError("the server gives no binary log position for a snapshot");
        }
        start.gtidState = mariaDbGtidState(client, start.position);
        return start;
    }
    // Elsewhere: hold commits while the snapshot starts and the position is read.
    client.exec("FLUSH TABLES WITH READ LOCK");
    try {
        client.exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        const Client::ResultRow status = masterStatus(client);
        start.position = {*status[0], std::stoull(*status[1])};
        if (status.size() > 4 && status[4])
            start.gtidState = *status[4];
    } catch (...) {
        try {
            client.exec("UNLOCK TABLES");
            client.exec("ROLLBACK");
        } catch (const std::exception &) {
            // The first failure is the one to report; a lost connection drops the lock too.
        }
        throw;
    }
    client.exec("UNLOCK TABLES");
    return start;
}

bool isMariaDb(Client &client)
{
    return serverVersion(client).mariaDb;
}

SnapshotStart currentPosition(Client &client)
{
    const Client::ResultRow status = masterStatus(client);
    SnapshotStart start;
    start.position = {*status[0], std::stoull(*status[1])};
    if (isMariaDb(client))
        start.gtidState = mariaDbGtidState(client, start.position);
    else if (status.size() > 4 && status[4])
        start.gtidState = *status[4];
    return start;
}

} // namespace syncline::mysql
