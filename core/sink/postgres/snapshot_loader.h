#pragma once

#include "model/lsn.h"
#include "pg/connection.h"
#include "source/postgres/table_definition.h"

#include <string>
#include <vector>

namespace syncline {

class OffsetsStore;
class SnapshotReader;

// Loads a snapshot into a target: empties the tables, copies them with COPY, and records the
// snapshot's position, all in one transaction, so an interrupted load leaves nothing behind.
class SnapshotLoader
{
public:
    SnapshotLoader(pg::Connection &connection, std::string sinkName)
        : m_conn(connection), m_sinkName(std::move(sinkName))
    {}

    void load(SnapshotReader &reader, const std::vector<TableDefinition> &tables,
              const OffsetsStore &offsets, Lsn consistentPoint);

private:
    pg::Connection &m_conn;
    std::string m_sinkName;
};

} // namespace syncline
