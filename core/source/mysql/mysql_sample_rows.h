#pragma once

#include "connector/source_inspection.h"

#include <string>

namespace syncline::mysql {

// Up to `limit` rows of database.table with the values a snapshot of it reads (text, as the
// PostgreSQL sink receives them: postgresValueOf), and its shape as capture describes it.
// Throws PermanentError when the table does not exist, the client's error when the server
// cannot be read.
SampledRows sampleMysqlRows(const std::string &dsn, const std::string &database,
                            const std::string &table, int limit);

} // namespace syncline::mysql
