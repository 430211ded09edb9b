#include "transform/chain_preview.h"

#include "transform/transform_chain.h"

namespace syncline::transform {

ChainPreview previewChain(const TransformChain &chain, TableSchema table, std::vector<Row> rows)
{
    const auto plan = chain.planFor(table);
    ChainPreview preview{.input = std::move(table), .output = *plan->output, .rows = {}};
    preview.outputColumnOf.resize(preview.input.columns.size());
    for (std::size_t i = 0; i < plan->outputColumns.size(); ++i)
        preview.outputColumnOf[plan->outputColumns[i]] = i;
    preview.rows.reserve(rows.size());
    for (Row &row : rows) {
        std::optional<Row> after = row;
        if (!plan->apply(*after))
            after.reset();
        preview.rows.push_back({std::move(row), std::move(after)});
    }
    return preview;
}

} // namespace syncline::transform
