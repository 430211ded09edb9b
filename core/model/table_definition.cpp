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

} // namespace syncline
