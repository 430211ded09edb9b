#pragma once

#include "model/table_schema.h"

#include <cstdint>
#include <string>
#include <vector>

namespace syncline {

// What the source catalog says about a captured table: enough to create it on a target.
struct TableDefinition
{
    struct ColumnDefinition
    {
        std::string name;
        std::string sqlType; // format_type(), e.g. "numeric(12,2)", "text[]"
        bool notNull = false;
        std::uint32_t typeOid = 0; // 0 where unknown (tables described by a target)
        std::int32_t typeModifier = -1;
        int number = 0;        // attnum; 0 where unknown
        std::string comment{}; // COMMENT ON COLUMN, where the source has comments
    };

    // A user-defined type the columns need on a target: created there (createSql) unless it
    // comes from an extension, which must be installed by hand.
    struct UserType
    {
        std::string qualifiedName; // quoted: "public"."mood"
        std::string extension;     // e.g. "citext"; empty for types create_tables can create
        std::string createSql;
    };

    std::string schema;
    std::string name;
    char replicaIdentity = 'd';
    std::vector<ColumnDefinition> columns; // generated columns excluded: pgoutput never sends them
    std::vector<std::string> keyColumns;   // replica identity index, else primary key; may be empty
    std::vector<UserType> userTypes;       // dependencies first

    std::string qualifiedName() const { return schema + '.' + name; }
    // As a pgoutput Relation message would describe it (no relation id).
    TableSchema toSchema() const;
    // The definition a shape gives (one read from a topic or a target): no user types.
    static TableDefinition fromSchema(const TableSchema &table);
};

} // namespace syncline
