#pragma once

#include "verify_outcome.h"

#include <vector>

namespace syncline::ui {

// What a repair of a comparison's results is asked for, in the shape Repairer::request takes.

// Every table result with differences (none with an error).
std::vector<verify::TableResult> everyDifference(const std::vector<TableResultPtr> &results);

// `result` with only the differences at `rows` (indexes into result.differences; out of range
// ones are ignored), and its counts made to match them.
verify::TableResult onlyDifferences(const verify::TableResult &result,
                                    const std::vector<int> &rows);

// The rows a repair of `results` changes.
long long repairRowCount(const std::vector<verify::TableResult> &results);

} // namespace syncline::ui
