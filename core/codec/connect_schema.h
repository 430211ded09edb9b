#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncline {

// A field of a row image as Kafka Connect's JSON converter describes it (schemas.enable=true),
// with the PostgreSQL type Debezium's PostgreSQL connector makes of that schema.
struct ConnectField
{
    std::string name;
    std::string sqlType; // "integer", "text", "timestamp with time zone", ...
    bool optional = true;
};

// The fields of the "after" (else "before") struct of a message wrapped as
// {"schema":{...},"payload":{...}}; nullopt for a bare payload or anything else. Logical types
// are mapped as Debezium names them (io.debezium.time.ZonedTimestamp → timestamp with time
// zone, org.apache.kafka.connect.data.Decimal → numeric, ...); other types by their Connect
// type (int32 → integer, string → text, bytes → bytea, ...).
std::optional<std::vector<ConnectField>> connectRowFields(std::string_view message);

} // namespace syncline
