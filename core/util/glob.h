#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncline {

// Glob matching with * only: any characters, none included. Names are matched part by part
// (schema, table, column), so * never spans a dot.
bool globMatches(std::string_view pattern, std::string_view text);

// What each * matched, in order, when `pattern` matches `text` (each * as short as it can be).
std::optional<std::vector<std::string>> globCaptures(std::string_view pattern,
                                                     std::string_view text);

} // namespace syncline
