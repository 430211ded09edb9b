#pragma once

#include "model/change_event.h"

#include <filesystem>
#include <memory>
#include <unordered_set>
#include <vector>

namespace syncline {

class SchemaHistory;

// Feeds the schema history from the change stream: each new relation version (pgoutput sends
// a Relation message before a table's first change and after every DDL) is looked at once.
// The history is a convenience: if it cannot be written, the pipeline goes on and says so once.
class SchemaRecorder
{
public:
    explicit SchemaRecorder(const std::filesystem::path &stateDir);
    ~SchemaRecorder();

    void observe(const TransactionChunk &chunk);

private:
    void record(const std::shared_ptr<const TableSchema> &table, Lsn lsn);

    std::unique_ptr<SchemaHistory> m_history;
    const TableSchema *m_last = nullptr;
    std::unordered_set<const TableSchema *> m_seen;
    // Held, so an address seen here is never reused by a newer version.
    std::vector<std::shared_ptr<const TableSchema>> m_held;
};

} // namespace syncline
