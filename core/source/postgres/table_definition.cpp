#include "source/postgres/table_definition.h"

#include <algorithm>

namespace syncline {

TableSchema TableDefinition::toSchema() const
{
    TableSchema table;
    table.schema = schema;
    table.name = name;
    table.replicaIdentity = replicaIdentity;
    for (const auto &column : columns)
        table.columns.push_back(
            {column.name, column.typeOid, column.typeModifier,
             std::find(keyColumns.begin(), keyColumns.end(), column.name) != keyColumns.end()});
    return table;
}

} // namespace syncline
