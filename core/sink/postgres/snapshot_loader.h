#pragma once

#include "model/lsn.h"
#include "model/table_definition.h"
#include "pg/connection.h"

#include <functional>
#include <string>
#include <vector>

namespace syncline {

class OffsetsStore;
class TableCopySource;

// Loads a snapshot into a target: empties the tables, copies them with COPY, and records the
// snapshot's position, all in one transaction, so an interrupted load leaves nothing behind.
class SnapshotLoader
{
public:
    SnapshotLoader(pg::Connection &connection, std::string sinkName)
        : m_conn(connection), m_sinkName(std::move(sinkName))
    {}

    // Called with the number of rows copied since the last call.
    using RowsCopied = std::function<void(long long rows)>;

    void load(TableCopySource &reader, const std::vector<TableDefinition> &tables,
              const OffsetsStore &offsets, Lsn consistentPoint, const RowsCopied &progress);

private:
    // Binary when every column has the same built-in type on both servers, of the same major
    // version, and both can send and receive it in binary: that skips the text output and
    // input functions, which cost the target most of its time.
    bool copiesInBinary(const TableDefinition &table, int sourceVersion);

    pg::Connection &m_conn;
    std::string m_sinkName;
};

} // namespace syncline
