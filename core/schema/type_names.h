#pragma once

#include <cstdint>
#include <string>

namespace syncline {

// "integer", "numeric(14,2)", "character varying(80)", "timestamp with time zone", ... for
// PostgreSQL's built-in types, as format_type() writes them; "type <oid>" for others.
std::string typeName(std::uint32_t typeOid, std::int32_t typeModifier);

} // namespace syncline
