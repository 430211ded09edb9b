#pragma once

#include <string>

namespace syncline::pg {

// The conninfo with every password removed, safe for logs and screens. Falls back to a fixed
// placeholder when the text cannot be parsed, rather than risk echoing it.
std::string redactConnInfo(const std::string &conninfo);

// The dbname the conninfo names (libpq's default, the user name, when it names none).
std::string databaseName(const std::string &conninfo);

std::string quoteIdentifier(const std::string &identifier);
std::string quoteLiteral(const std::string &text);
// "public.orders" -> "\"public\".\"orders\""
std::string quoteQualifiedName(const std::string &schema, const std::string &name);

} // namespace syncline::pg
