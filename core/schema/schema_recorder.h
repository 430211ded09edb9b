#pragma once

#include "model/lsn.h"
#include "model/table_schema.h"

#include <filesystem>
#include <memory>

namespace syncline {

class SchemaHistory;
struct SchemaPlan;

// Feeds the schema history from the change stream: the source hands it each new relation
// version (pgoutput sends a Relation message before a table's first change and after every
// DDL) before any change refers to it. The history is a convenience for the console, and the
// memory of column renames: if it cannot be written, the pipeline goes on and says so once.
class SchemaRecorder
{
public:
    explicit SchemaRecorder(const std::filesystem::path &stateDir);
    ~SchemaRecorder();

    // Keeps a statement DDL capture logged (object, command tag, text).
    void recordDdl(const std::string &object, const std::string &commandTag, const std::string &ddl,
                   Lsn lsn);

    // Links columns to the previous version (see SchemaHistory::linkToPrevious), records a
    // new version, and gives the table the DDL statements that made its version (TableSchema::ddl).
    void track(TableSchema &table, Lsn lsn);

private:
    std::unique_ptr<SchemaHistory> m_history;
};

// Writes what a sink did about each new shape (PostgresSink's schema observer) into the schema
// history, for `status` and the console. Opened on first use, on the sink's thread; like the
// history, a convenience: failures are logged once and the sink goes on.
class SchemaActionLog
{
public:
    SchemaActionLog(std::filesystem::path stateDir, std::string sink);
    ~SchemaActionLog();

    void record(const TableSchema &table, const SchemaPlan &plan, Lsn lsn,
                const std::string &refusal);

private:
    std::filesystem::path m_stateDir;
    std::string m_sink;
    std::unique_ptr<SchemaHistory> m_history;
    bool m_failed = false;
};

} // namespace syncline
