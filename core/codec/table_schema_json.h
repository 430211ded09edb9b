#pragma once

#include "model/lsn.h"
#include "model/table_schema.h"

#include <string>
#include <string_view>

namespace syncline {

// A table's shape as JSON: what the schema history topic (<prefix>._schemas) holds, and what
// the header syncline.columns carries in band on the first message of each new shape in each
// partition, so that a sink changes its target table at that point of the table's stream.
//   {"schema":"public","table":"users","replica_identity":"d","lsn":"0/16B3748","ts_ms":...,
//    "columns":[{"name":"id","type_oid":23,"type_modifier":-1,"key":true,
//                "sql_type":"integer","not_null":true,"has_default":false,"attnum":1,
//                "existing_rows_value":null,"renamed_from":"","previous_sql_type":""}, ...]}
// With `change` ("CREATE" or "ALTER") it also carries Debezium's schema change event fields
// (schemaName; ddl: the statements DDL capture logged for this version, or null; tableChanges
// with each column's jdbcType, typeName, length, scale, position, optional, ...), so consumers
// of Debezium's schema history read it as theirs.
std::string encodeTableSchema(const TableSchema &table, Lsn lsn, std::int64_t tsMillis,
                              const char *change = nullptr);
// Throws CodecError (debezium_envelope.h) on anything else.
TableSchema decodeTableSchema(std::string_view json);

} // namespace syncline
