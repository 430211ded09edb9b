#pragma once

#include "config/pipeline_config.h"
#include "model/table_schema.h"

#include <string>
#include <vector>

namespace syncline {

// A column of a target table, as the target's catalog describes it.
struct TargetColumn
{
    std::string name;
    std::string sqlType; // format_type()
    bool notNull = false;
    bool hasDefault = false;
    bool isKey = false;
};

// One difference between a source table's new shape and its target table, and what the
// sink's policy does about it.
struct SchemaChange
{
    enum class Kind
    {
        AddColumn,
        DropColumn,
        RenameColumn,
        Widen,
        Incompatible, // narrowing, or a type that does not convert
        DropNotNull,  // the source allows NULL where the target does not
    };
    Kind kind = Kind::AddColumn;
    std::string column;
    std::string detail; // "integer → bigint", "DEFAULT 'x' for existing rows", ...
    SchemaChangePolicy::Action action = SchemaChangePolicy::Action::Apply;
    std::vector<std::string> statements; // what applying it runs on the target (also when refused)
};

const char *schemaChangeKindName(SchemaChange::Kind kind); // add_column, drop_column, ...
const char *schemaActionName(SchemaChangePolicy::Action action);

struct SchemaPlan
{
    std::vector<SchemaChange> changes;

    // The statements the target runs, in order; none when a change is refused.
    std::vector<std::string> statements() const;
    // The first change the policy refuses (quarantines the table), or null.
    const SchemaChange *refused() const;
    // "column city: add_column (text) refused by policy"-style summary of every change.
    std::string describe() const;
};

// Compares a source table's shape with its target table and plans the target's DDL under
// `policy`. A column renamed on the source (renamedFrom) is renamed on the target; a column
// the target lacks is added with the value older rows hold on the source; a column the
// source dropped is kept (nullable) or dropped; a type change is applied when it widens.
// Columns whose source type is unknown (sqlType empty) are compared by name only.
SchemaPlan planSchemaChanges(const TableSchema &source, const std::vector<TargetColumn> &target,
                             const SchemaChangePolicy &policy);

} // namespace syncline
