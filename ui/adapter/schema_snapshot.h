#pragma once

#include "schema/schema_history.h"
#include "schema_snapshot_fwd.h"

#include <QString>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace syncline::ui {

// Every version of one captured table, oldest first (never empty).
struct TableHistory
{
    std::string name; // schema.table
    std::vector<SchemaVersion> versions;
    std::vector<SchemaActionRecord> actions; // what the sinks did about its changes, oldest first
    std::vector<DdlRecord> ddl;              // statements DDL capture logged, oldest first

    // The statements that made version `index` (logged after the one before it), one a line.
    std::string ddlOfVersion(std::size_t index) const;

    const SchemaVersion &latest() const { return versions.back(); }
};

// A pipeline's schema history as read at one moment, or why it could not be read.
struct SchemaSnapshot
{
    enum class Status
    {
        Loaded,
        NoHistory, // the pipeline has not recorded any schema yet (never started)
        Failed     // `error` says why
    };

    Status status = Status::NoHistory;
    QString stateDirectory;
    QString error;
    std::vector<TableHistory> tables; // by name

    // A table whose changes a sink holds because of a schema change it could not apply.
    struct HeldTable
    {
        std::string sink;
        std::string table;
        std::string reason;
        int heldChanges = 0;
    };
    std::vector<HeldTable> held;

    // -1 when absent.
    int indexOf(const std::string &table) const;
    // True when both hold the same tables with the same version numbers and sink actions, and
    // the same held tables. Versions and actions are only ever appended, so equal numbers mean
    // equal contents.
    bool sameVersionsAs(const SchemaSnapshot &other) const;
};

// Reads the history in `stateDirectory` (blocking: call it off the GUI thread). Never creates
// the file: a pipeline that never ran gives NoHistory. Errors come back as values.
SchemaSnapshot loadSchemaSnapshot(const std::filesystem::path &stateDirectory);

} // namespace syncline::ui
