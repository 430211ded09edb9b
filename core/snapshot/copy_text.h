#pragma once

#include "model/value.h"

#include <string>
#include <string_view>

namespace syncline {

// One line of COPY's text format (no trailing newline) as values: columns split at tabs, \N is
// NULL, and backslash escapes (\t \n \r \b \f \v \\ \digits octal \xHH) are undone.
Row parseCopyTextRow(std::string_view line);

// Appends one value as a field of COPY's text format, as COPY TO writes it: NULL as \N, and
// backslash, tab, newline, carriage return, backspace, form feed and vertical tab escaped.
// parseCopyTextRow() reads it back.
void appendCopyTextField(std::string &line, const Value &value);

} // namespace syncline
