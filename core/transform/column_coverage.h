#pragma once

#include "config/pipeline_config.h"
#include "model/table_schema.h"

#include <cstddef>
#include <string>
#include <vector>

namespace syncline::transform {

// A step of the chain that selects a column, and what in the step selects it.
struct StepMatch
{
    std::size_t step = 0;  // index in the chain, from 0
    std::string matchedBy; // the "columns" pattern ("*.email") or "tagged" pattern ("pii:*")

    bool operator==(const StepMatch &) const = default;
};

// What the chain does about one column of a table: what the console's Privacy view lists.
struct ColumnCoverage
{
    Column column;
    std::vector<std::string> tags; // the pii: tags of its comment
    std::vector<StepMatch> steps;  // the steps that select it, in chain order
    bool allowedUnmasked = false;  // allow_unmasked names it
    // Tagged pii:, and the chain lets it through as it is (TransformChain::unmaskedPii): what
    // validate and run refuse.
    bool unmaskedPii = false;
};

// Every step that selects `column` of `table`, by a "columns" pattern or by a "tagged" pattern
// matching one of its comment's pii: tags; the first pattern of a step that matches names it.
std::vector<StepMatch> stepsSelecting(const std::vector<TransformConfig> &steps,
                                      const TableSchema &table, const Column &column);

// Each column of `table` in order, with the steps that select it and whether it is pii: data
// that leaves the engine unmasked.
std::vector<ColumnCoverage> columnCoverage(const std::vector<TransformConfig> &steps,
                                           const std::vector<std::string> &allowUnmasked,
                                           const TableSchema &table);

} // namespace syncline::transform
