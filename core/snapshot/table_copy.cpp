#include "snapshot/table_copy.h"

#include "pg/conninfo.h"

namespace syncline {

std::string copyColumnList(const TableDefinition &table)
{
    std::string list = "(";
    for (const auto &column : table.columns)
        list += (list.size() > 1 ? ", " : "") + pg::quoteIdentifier(column.name);
    return list + ')';
}

} // namespace syncline
