#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

typedef struct st_mariadb_rpl_event MARIADB_RPL_EVENT;

namespace syncline::mysql {

// One column as a TABLE_MAP event describes it. With binlog_row_metadata=FULL the event carries
// names, signedness, the primary key and ENUM/SET values, so rows decode without asking the
// server.
struct BinlogColumn
{
    std::string name;
    int type = 0;     // MYSQL_TYPE_* as logged (STRING for CHAR, ENUM and SET)
    int realType = 0; // the type it is: ENUM and SET told apart from CHAR
    // Per type: FLOAT/DOUBLE bytes; BLOB/TEXT/JSON/GEOMETRY length bytes; fractional digits
    // of TIME2/DATETIME2/TIMESTAMP2; VARCHAR and CHAR maximum bytes; DECIMAL precision; BIT bits.
    unsigned meta = 0;
    unsigned meta2 = 0; // DECIMAL scale; BIT whole bytes
    bool nullable = true;
    std::optional<bool> isUnsigned;  // numeric columns, when the event says
    int keyPosition = -1;            // in the primary key, from 0; -1 when not in it
    unsigned keyPrefix = 0;          // bytes of the column the key uses; 0: all of it
    std::vector<std::string> values; // ENUM and SET members, in order
    // Character and binary string columns: the collation id (63: binary); -1 when unknown.
    int collation = -1;

    bool isCharacterColumn() const; // has a collation in the metadata
};

struct BinlogTable
{
    std::uint64_t id = 0; // the server's table id, which row events refer to
    std::string database;
    std::string table;
    std::vector<BinlogColumn> columns;
    bool hasColumnNames = false; // binlog_row_metadata=FULL

    std::string qualifiedName() const { return database + '.' + table; }
    // Reads a TABLE_MAP event. Throws PermanentError when its bytes are not well formed.
    static BinlogTable fromEvent(const MARIADB_RPL_EVENT &event);
};

} // namespace syncline::mysql
