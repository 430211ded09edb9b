#pragma once

#include "model/value.h"

#include <string_view>

namespace syncline {

// One line of COPY's text format (no trailing newline) as values: columns split at tabs, \N is
// NULL, and backslash escapes (\t \n \r \b \f \v \\ \digits octal \xHH) are undone.
Row parseCopyTextRow(std::string_view line);

} // namespace syncline
