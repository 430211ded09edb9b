#pragma once

#include "pg/connection.h"
#include "snapshot/table_copy.h"

#include <functional>
#include <string>
#include <string_view>

namespace syncline {

// Reads tables as they were in an exported snapshot, with COPY (never row by row).
class SnapshotReader : public TableCopySource
{
public:
    SnapshotReader(const std::string &dsn, const std::string &snapshotName);

    long long copyTable(const TableDefinition &table, const RowsConsumer &consume,
                        Format format) override;
    // The planner's estimate.
    long long estimatedRows(const TableDefinition &table) override;
    int postgresVersion() const override { return m_conn.serverVersion(); }

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

} // namespace syncline
