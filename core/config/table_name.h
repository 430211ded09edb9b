#pragma once

#include <string>

namespace syncline {

// A table as pipeline files and commands name it, "schema.table" or "table" (schema public),
// in its qualified form.
inline std::string qualifiedTableName(const std::string &table)
{
    return table.find('.') == std::string::npos ? "public." + table : table;
}

} // namespace syncline
