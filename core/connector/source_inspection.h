#pragma once

#include "model/table_schema.h"
#include "model/value.h"

#include <algorithm>
#include <string>
#include <vector>

namespace syncline {

// A setting or privilege that capture needs from the source server, as it stands now.
struct ServerRequirement
{
    std::string name;    // "wal_level", "binlog_format", "REPLICATION SLAVE"
    std::string current; // the server's value: "replica", "MIXED", "granted", "missing"
    std::string wanted;  // "logical", "ROW", "granted"
    // What is wrong and how to fix it, in a sentence; empty when met.
    std::string problem;
    // The statements (or my.cnf lines, as SQL comments) that fix it, ready to copy; empty when
    // met.
    std::string fix;

    bool met() const { return problem.empty(); }
};

// A table of the source as a person choosing what to capture needs to see it.
struct InspectedTable
{
    std::string schema; // PostgreSQL: the schema; MySQL: the database
    std::string name;
    std::vector<std::string> key; // primary key columns in key order; empty when none
    // How updates and deletes name their row: "primary key", "replica identity full",
    // "whole row (no primary key)"; or why they cannot.
    std::string identity;
    bool capturable = false;
    std::string fix; // the SQL that makes it capturable; empty when it is, or when none can
    // In attnum (MySQL: ordinal) order, with name, SQL type, comment (where the engine's comments
    // are read: PostgreSQL) and whether it is part of the primary key.
    std::vector<Column> columns{};

    std::string qualifiedName() const { return schema + "." + name; }
    // Sets Column::isKey on the columns `key` names.
    void markKeyColumns()
    {
        for (auto &column : columns)
            column.isKey = std::find(key.begin(), key.end(), column.name) != key.end();
    }
    // The table as transforms see it (transform/transform_chain.h).
    TableSchema shape() const { return {.schema = schema, .name = name, .columns = columns}; }
};

// What a source server says about itself before any pipeline runs against it: the designer's
// "Test connection" and "Browse tables…", built from the same checks as capture's.
struct SourceInspection
{
    std::string server; // "PostgreSQL 15.8, database shop, user repl"
    std::vector<ServerRequirement> requirements;
    std::vector<InspectedTable> tables; // only when asked for

    bool ready() const
    {
        for (const auto &requirement : requirements)
            if (!requirement.met())
                return false;
        return true;
    }
};

// A few rows of a source table as the source reads them (text values), with the table's shape:
// what the console's transform preview runs through the chain.
struct SampledRows
{
    TableSchema table; // columns in attnum order, with comments and key flags
    std::vector<Row> rows;
};

} // namespace syncline
