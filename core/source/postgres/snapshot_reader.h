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

    enum class Format : char
    {
        Text,
        Binary // COPY's binary format: the stream as a whole, header and trailer included
    };
    // The table's columns as COPY writes them, in chunks of whole rows with how many rows each
    // holds; returns the row count.
    using RowsConsumer = std::function<void(std::string_view data, long long rows)>;
    long long copyTable(const TableDefinition &table, const RowsConsumer &consume,
                        Format format = Format::Text);

    int serverVersion() const { return m_conn.serverVersion(); }

    // The planner's estimate, for progress reporting.
    long long estimatedRows(const TableDefinition &table);

private:
    long long readTable(const TableDefinition &table, Format format,
                        const std::function<void(std::string &&, long long rows)> &emit);

    pg::Connection m_conn;
};

// Runs a COPY ... TO STDOUT and hands its data on in chunks of whole rows (about `chunkBytes`
// each), with how many rows each holds; returns the row count. Throws pg::Error.
long long copyOut(pg::Connection &connection, const std::string &copySql, const std::string &what,
                  std::size_t chunkBytes,
                  const std::function<void(std::string &&, long long rows)> &emit);

// "(\"a\", \"b\")": the column list COPY uses on both ends.
std::string copyColumnList(const TableDefinition &table);

} // namespace syncline
