#pragma once

#include "model/table_schema.h"
#include "source/mysql/binlog_table.h"

namespace syncline::mysql {

// The PostgreSQL column a MySQL/MariaDB column maps to (README, "MySQL and MariaDB types"):
// built-in type OID, modifier and SQL type, so that create_tables and the sinks treat it as
// they treat a column read from PostgreSQL. The values decodeRowImages() gives are this type's
// text.
Column postgresColumn(const BinlogColumn &column);

// The table as the sinks see it: schema = database; the primary key from the table map, or
// replica identity FULL without one (the binary log's FULL images match rows on every column).
TableSchema postgresTable(const BinlogTable &table);

} // namespace syncline::mysql
