#pragma once

#include "model/lsn.h"
#include "model/table_schema.h"

#include <filesystem>
#include <memory>

namespace syncline {

class SchemaHistory;

// Feeds the schema history from the change stream: the source hands it each new relation
// version (pgoutput sends a Relation message before a table's first change and after every
// DDL) before any change refers to it. The history is a convenience for the console, and the
// memory of column renames: if it cannot be written, the pipeline goes on and says so once.
class SchemaRecorder
{
public:
    explicit SchemaRecorder(const std::filesystem::path &stateDir);
    ~SchemaRecorder();

    // Links columns to the previous version (see SchemaHistory::linkToPrevious) and records a
    // new version.
    void track(TableSchema &table, Lsn lsn);

private:
    std::unique_ptr<SchemaHistory> m_history;
};

} // namespace syncline
