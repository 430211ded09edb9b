#pragma once

#include "source/mysql/binlog_stream.h"
#include "source/mysql/binlog_table.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::mysql {

class Client;

// Every binary log setting and privilege change data capture needs that the server lacks,
// each with its fix.
std::vector<std::string> binlogRequirementProblems(Client &client);

// The table as a TABLE_MAP event with binlog_row_metadata=FULL describes it, read from
// information_schema, so that postgresTable() of either is the same; nullopt when there is no
// such table.
std::optional<BinlogTable> describeTable(Client &client, const std::string &database,
                                         const std::string &table);

struct LogPosition
{
    BinlogPosition position;
    std::string gtidState; // MariaDB: @@gtid_binlog_pos there; MySQL: the executed GTID set
};

// Opens a consistent snapshot on `client` (its transaction stays open for reading the tables,
// in UTC) and returns where in the binary log it stands. MariaDB tells without a lock
// (binlog_snapshot_file and _position); elsewhere the position is read under FLUSH TABLES WITH
// READ LOCK, held only while the snapshot starts.
LogPosition beginConsistentSnapshot(Client &client);

// Where the binary log ends now.
LogPosition currentPosition(Client &client);

} // namespace syncline::mysql
