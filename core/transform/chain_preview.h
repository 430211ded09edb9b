#pragma once

#include "model/table_schema.h"
#include "model/value.h"

#include <optional>
#include <vector>

namespace syncline::transform {

class TransformChain;

// A sampled row before and after the chain.
struct PreviewedRow
{
    Row before;
    std::optional<Row> after; // nullopt: a filter step drops the row
};

// Sampled rows of a table run through the chain, for the console's preview.
struct ChainPreview
{
    TableSchema input;
    TableSchema output; // the shape rows leave the chain with
    // For each input column, its index in the output's columns; nullopt: left out.
    std::vector<std::optional<std::size_t>> outputColumnOf;
    std::vector<PreviewedRow> rows;
};

// Runs `rows` of `table` through the chain as the pipeline does: the one place the preview
// applies a plan. Throws PermanentError when a step cannot mask a column it selects.
ChainPreview previewChain(const TransformChain &chain, TableSchema table, std::vector<Row> rows);

} // namespace syncline::transform
