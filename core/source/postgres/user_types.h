#pragma once

#include "model/table_definition.h"

#include <string>
#include <vector>

namespace syncline {

namespace pg {
class Connection;
}

// The user-defined types a table's columns use, directly or through arrays, domains, composite
// attributes and range subtypes: dependencies first, each with the statement that creates it
// on a target (enums, composites, domains, ranges) or the extension that provides it.
std::vector<TableDefinition::UserType> describeUserTypes(pg::Connection &connection,
                                                         const std::string &qualifiedTable);

} // namespace syncline
