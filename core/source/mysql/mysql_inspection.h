#pragma once

#include "connector/source_inspection.h"

#include <string>

namespace syncline::mysql {

// The MySQL or MariaDB server behind `dsn` as capture needs it: version, server_id and
// account; every binary log setting and privilege of binlogRequirements() with its fix; and,
// `withTables`, every base table outside the system databases with its primary key. Throws
// when the server cannot be reached or read.
SourceInspection inspectMysqlSource(const std::string &dsn, bool withTables);

} // namespace syncline::mysql
