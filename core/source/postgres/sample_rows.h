#pragma once

#include "connector/source_inspection.h"

#include <string>

namespace syncline {

// Up to `limit` rows of schema.table as the pipeline would read them (every column capture
// sends, in attnum order, as text), with the table's shape from the catalog. Throws pg::Error.
SampledRows samplePostgresRows(const std::string &dsn, const std::string &schema,
                               const std::string &table, int limit);

} // namespace syncline
