#pragma once

#include "connector/source_inspection.h"
#include "source/mysql/binlog_stream.h"
#include "source/mysql/binlog_table.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::mysql {

class Client;

// Every server setting change data capture needs that the server lacks, each with its fix
// (the SET GLOBAL statement and the my.cnf line): log_bin (a restart), binlog_format=ROW,
// binlog_row_image=FULL, binlog_row_metadata=FULL (MariaDB 10.5+, MySQL 8.0.1+); and what the
// account lacks: reading the binary log as a replica (REPLICATION SLAVE), its position
// (BINLOG MONITOR / REPLICATION CLIENT) and SELECT, read from SHOW GRANTS. Empty when all is
// well. Messages never quote SHOW GRANTS (it may hold a password hash).
std::vector<std::string> binlogRequirementProblems(Client &client);
// The same checks, each with the server's value, met or not.
std::vector<ServerRequirement> binlogRequirements(Client &client);

// The table as a TABLE_MAP event with binlog_row_metadata=FULL describes it, read from
// information_schema (COLUMNS, COLLATIONS, STATISTICS for the primary key in key order), so
// that postgresTable(describeTable(...)) equals postgresTable(BinlogTable::fromEvent(...)).
// The table id is 0. nullopt when the table does not exist.
std::optional<BinlogTable> describeTable(Client &client, const std::string &database,
                                         const std::string &table);

// Where a snapshot, or streaming, begins: the first event after it, and the GTID state there
// (MariaDB: domain-server-sequence list; MySQL: its Executed_Gtid_Set; empty when unknown).
struct SnapshotStart
{
    BinlogPosition position;
    std::string gtidState;
};

// Opens a REPEATABLE READ, read-only transaction WITH CONSISTENT SNAPSHOT on `client` (session
// time_zone '+00:00', so TIMESTAMPs read as the binary log's UTC), which stays open for the
// copy, and returns the binary log position it corresponds to. MariaDB tells it without a
// lock (binlog_snapshot_file/_position); elsewhere commits are held for a moment with FLUSH
// TABLES WITH READ LOCK while the snapshot starts and SHOW MASTER STATUS is read.
SnapshotStart beginConsistentSnapshot(Client &client);

// The server is MariaDB: its GTIDs are domain-server-sequence, and a replica may start after a
// GTID state (@slave_connect_state) on any server that has it.
bool isMariaDb(Client &client);

// Where the server's binary log ends now: streaming without a snapshot starts here.
SnapshotStart currentPosition(Client &client);

} // namespace syncline::mysql
