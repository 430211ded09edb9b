#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

struct Column
{
    std::string name;
    std::uint32_t typeOid = 0;
    std::int32_t typeModifier = -1;
    bool isKey = false; // part of the replica identity

    // What the source catalog adds to a Relation message (empty or unset where unknown, as
    // for tables read back from a target or a topic).
    std::string sqlType; // format_type(), e.g. "character varying(20)"
    bool notNull = false;
    bool hasDefault = false;
    // The value rows that existed before the column was added hold (attmissingval), as text.
    std::optional<std::string> existingRowsValue;
    int number = 0;              // attnum: a column's identity on the source, kept across renames
    std::string renamedFrom;     // the column's name in the table's previous version, when renamed
    std::string previousSqlType; // its type in the table's previous version, when it had one
    // COMMENT ON COLUMN on the source ('pii:email' tags a column for transforms); empty if none.
    std::string comment;

    bool operator==(const Column &) const = default;
};

// A table as the source describes it in a pgoutput Relation message.
struct TableSchema
{
    std::uint32_t relationId = 0;
    std::string schema;
    std::string name;
    // 'd' default (primary key), 'f' full, 'i' index, 'n' nothing
    char replicaIdentity = 'd';
    std::vector<Column> columns;
    // The DDL statements that made this version, one a line, when DDL capture logged them (see
    // ddlOfVersion in schema/schema_history.h). Not part of the shape: ignored by ==.
    std::string ddl;

    bool operator==(const TableSchema &other) const
    {
        return relationId == other.relationId && schema == other.schema && name == other.name &&
               replicaIdentity == other.replicaIdentity && columns == other.columns;
    }

    std::string qualifiedName() const { return schema + '.' + name; }
    // The same columns (names, types, key) and replica identity: what a Relation message
    // says, without what the source's catalog added.
    bool hasShapeOf(const TableSchema &other) const
    {
        if (replicaIdentity != other.replicaIdentity || columns.size() != other.columns.size())
            return false;
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i].name != other.columns[i].name ||
                columns[i].typeOid != other.columns[i].typeOid ||
                columns[i].typeModifier != other.columns[i].typeModifier ||
                columns[i].isKey != other.columns[i].isKey)
                return false;
        return true;
    }
    std::vector<int> keyColumnIndexes() const
    {
        std::vector<int> keys;
        for (int i = 0; i < int(columns.size()); ++i)
            if (columns[i].isKey)
                keys.push_back(i);
        return keys;
    }
};

} // namespace syncline
