#pragma once

#include "model/ddl_statement.h"

#include <optional>
#include <string>

namespace syncline {

namespace pg {
class Connection;
}

// Optional DDL capture on the source: an event trigger writes each DDL statement into
// syncline.ddl_log, a table in the pipeline's publication, so the statements arrive in the
// WAL in their place among the changes. The schema history keeps them next to the versions
// they made; a CREATE TABLE sets off the search for new tables that match a pattern at once.
// Renames do not depend on it (a column keeps its attnum), so without it nothing is lost
// but the statements' text.
namespace ddl_capture {

constexpr const char *kTable = "syncline.ddl_log";

// The SQL that installs it (for a DBA when the pipeline's role may not: event triggers need a
// superuser).
std::string installSql();
bool isInstalled(pg::Connection &connection);
// Installs it when missing and the role may; true when it is installed afterwards. Rows older
// than a week are deleted each time.
bool ensureInstalled(pg::Connection &connection);

// One statement as the trigger logged it.
using Statement = DdlStatement;

} // namespace ddl_capture
} // namespace syncline
