#pragma once

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

    std::string qualifiedName() const { return schema + "." + name; }
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

} // namespace syncline
