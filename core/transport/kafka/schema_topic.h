#pragma once

#include "model/table_schema.h"
#include "transport/kafka/browse_types.h"

#include <map>
#include <string>

namespace syncline::kafka {

// The newest shape of each table (by schema.table) in a Syncline schema history topic
// (<topic_prefix>._schemas, see table_schema_json.h), read from its beginning to its end: what
// a pipeline without a source knows of its tables when its sinks keep no definitions. Throws
// TransientError when the topic cannot be read before the deadline, PermanentError when a
// message in it is not a table's shape.
std::map<std::string, TableSchema> readSchemaTopic(const BrowseConnection &connection,
                                                   const std::string &topic,
                                                   BrowseDeadline deadline);

} // namespace syncline::kafka
