#pragma once

#include <string>

namespace syncline {

// Whether every value of type `from` converts to type `to` without loss, so a target column
// may follow a source change from one to the other: smallint → integer → bigint → numeric,
// real → double precision, varchar(n) → varchar(m > n) → varchar → text, numeric(p,s) to more
// digits on both sides of the point, more fractional seconds, and the like. Types are written
// as format_type() writes them.
bool isWidening(const std::string &from, const std::string &to);

} // namespace syncline
