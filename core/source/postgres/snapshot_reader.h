#pragma once

#include "pg/connection.h"
#include "source/postgres/table_definition.h"

#include <functional>
#include <string>
#include <string_view>

namespace syncline {

// Reads tables as they were in an exported snapshot, with COPY (never row by row).
class SnapshotReader
{
public:
    SnapshotReader(const std::string &dsn, const std::string &snapshotName);

    // The COPY text rows of the table's columns, in chunks of whole rows; returns the row count.
    using RowsConsumer = std::function<void(std::string_view rows)>;
    long long copyTable(const TableDefinition &table, const RowsConsumer &consume);

    // The planner's estimate, for progress reporting.
    long long estimatedRows(const TableDefinition &table);

private:
    long long readTable(const TableDefinition &table,
                        const std::function<void(std::string &&)> &emit);

    pg::Connection m_conn;
};

// Runs a COPY ... TO STDOUT and hands its text rows on in chunks of whole rows (about
// `chunkBytes` each); returns the row count. Throws pg::Error.
long long copyOut(pg::Connection &connection, const std::string &copySql, const std::string &what,
                  std::size_t chunkBytes, const std::function<void(std::string &&)> &emit);

// "(\"a\", \"b\")": the column list COPY uses on both ends.
std::string copyColumnList(const TableDefinition &table);

} // namespace syncline
