#pragma once

#include <string>

namespace syncline::dlq {

// PostgreSQL's condition name for a SQLSTATE ("23514" -> "check_violation"), the class operators
// filter dead letters by; "sqlstate_XXXXX" for codes without a well-known name.
std::string errorClassOf(const std::string &sqlstate);

} // namespace syncline::dlq
