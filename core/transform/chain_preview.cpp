#include "transform/chain_preview.h"

#include "transform/transform_chain.h"

namespace syncline::transform {

ChainPreview previewChain(const TransformChain &chain, TableSchema table, std::vector<Row> rows)
{
    const auto plan = chain.planFor(table);
    ChainPreview preview{.input = table, .output = std::move(table), .rows = {}};
    preview.rows.reserve(rows.size());
    for (Row &row : rows) {
        Row after = row;
        plan->apply(after);
        preview.rows.push_back({std::move(row), std::move(after)});
    }
    return preview;
}

} // namespace syncline::transform
