#pragma once

#include "model/value.h"
#include "source/mysql/binlog_table.h"

#include <vector>

typedef struct st_mariadb_rpl_event MARIADB_RPL_EVENT;

namespace syncline::mysql {

// The rows of a write, update or delete rows event, each value in the PostgreSQL text form of
// the type it maps to (README, "MySQL and MariaDB types"), so that the sinks apply them as
// they apply values from PostgreSQL. Updates give each row's before image, then its after
// image. Columns the event leaves out (binlog_row_image other than FULL) come as unchanged
// values, which the sinks leave alone.
//
// Row images are decoded here rather than by Connector/C 3.3's mariadb_rpl_extract_rows, which
// rejects any table with a CHAR, ENUM or SET column and misreads signed integers, zero
// DECIMALs and negative fractional TIMEs.
//
// Throws PermanentError when the bytes do not fit the table's shape.
std::vector<Row> decodeRowImages(const BinlogTable &table, const MARIADB_RPL_EVENT &rowsEvent);

// One value's bytes as its column's type; `used` is set to the bytes it took. Zero dates and
// times (0000-00-00, or a zero year, month or day) are NULL: PostgreSQL has no such dates.
Value decodeValue(const BinlogColumn &column, const unsigned char *data, std::size_t size,
                  std::size_t &used);

// A string, BLOB or GEOMETRY column's bytes without their length prefix, as decodeValue()
// gives them: UTF-8 text (latin1 read as Windows-1252), or bytea's hex form for the binary
// collation, BINARY(n) with its trailing zero bytes.
Value decodeString(const BinlogColumn &column, const unsigned char *data, std::size_t size);

} // namespace syncline::mysql
