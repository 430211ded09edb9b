#pragma once

#include <string_view>

namespace syncline {

// Glob matching with * only: any characters, none included. Names are matched part by part
// (schema, table, column), so * never spans a dot.
bool globMatches(std::string_view pattern, std::string_view text);

} // namespace syncline
