#pragma once

#include "connector/source_inspection.h"

#include <string>

namespace syncline {

// The PostgreSQL server behind `dsn` as capture needs it: version, database and user;
// wal_level and the role's REPLICATION attribute; and, `withTables`, every ordinary table with
// its primary key and whether its replica identity lets updates and deletes be captured.
// Throws pg::Error when the server cannot be reached or read.
SourceInspection inspectPostgresSource(const std::string &dsn, bool withTables);

} // namespace syncline
