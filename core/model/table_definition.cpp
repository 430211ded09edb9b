#include "model/table_definition.h"

#include <algorithm>

namespace syncline {

TableSchema TableDefinition::toSchema() const
{
    TableSchema table;
    table.schema = schema;
    table.name = name;
    table.replicaIdentity = replicaIdentity;
    for (const auto &column : columns) {
        Column described;
        described.name = column.name;
        described.typeOid = column.typeOid;
        described.typeModifier = column.typeModifier;
        described.isKey =
            std::find(keyColumns.begin(), keyColumns.end(), column.name) != keyColumns.end();
        described.sqlType = column.sqlType;
        described.notNull = column.notNull;
        described.number = column.number;
        described.comment = column.comment;
        table.columns.push_back(std::move(described));
    }
    return table;
}

TableDefinition TableDefinition::fromSchema(const TableSchema &table)
{
    TableDefinition definition;
    definition.schema = table.schema;
    definition.name = table.name;
    definition.replicaIdentity = table.replicaIdentity;
    for (const auto &column : table.columns) {
        definition.columns.push_back({column.name, column.sqlType, column.notNull, column.typeOid,
                                      column.typeModifier, column.number, column.comment});
        if (column.isKey)
            definition.keyColumns.push_back(column.name);
    }
    return definition;
}

} // namespace syncline
