#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace syncline {

struct Column
{
    std::string name;
    std::uint32_t typeOid = 0;
    std::int32_t typeModifier = -1;
    bool isKey = false; // part of the replica identity

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

    bool operator==(const TableSchema &) const = default;

    std::string qualifiedName() const { return schema + '.' + name; }
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
