#pragma once

#include "verify/verify_result.h"

#include <ostream>
#include <string>
#include <vector>

namespace syncline::cli {

// How `syncline verify` and `syncline repair` print comparisons.
namespace verify_output {

// The per-table table, then the first differences and a summary line.
void printText(std::ostream &out, const std::vector<verify::TableResult> &results,
               const std::string &reportFile);
// One JSON object: counts per table and the differences (capped, and saying so).
void printJson(std::ostream &out, const std::vector<verify::TableResult> &results);
// Every difference as a JSON line, source row beside target row. Returns false when the file
// cannot be written.
bool writeReport(const std::string &file, const std::vector<verify::TableResult> &results);

long long differenceCount(const std::vector<verify::TableResult> &results);
bool anyError(const std::vector<verify::TableResult> &results);

} // namespace verify_output
} // namespace syncline::cli
