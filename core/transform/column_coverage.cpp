#include "transform/column_coverage.h"

#include "transform/transform_chain.h"
#include "util/glob.h"

#include <algorithm>

namespace syncline::transform {

namespace {

// The step's first pattern that selects the column; empty when none does.
std::string matchOf(const TransformConfig &step, const TableSchema &table, const Column &column,
                    const std::vector<std::string> &tags)
{
    for (const auto &pattern : step.columns)
        if (selectsColumn(pattern, table.schema, table.name, column.name))
            return pattern;
    for (const auto &pattern : step.tagged)
        for (const auto &tag : tags)
            if (globMatches(pattern, tag))
                return pattern;
    return {};
}

} // namespace

std::vector<StepMatch> stepsSelecting(const std::vector<TransformConfig> &steps,
                                      const TableSchema &table, const Column &column)
{
    const auto tags = piiTags(column.comment);
    std::vector<StepMatch> matches;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (std::string pattern = matchOf(steps[i], table, column, tags); !pattern.empty())
            matches.push_back({i, std::move(pattern)});
    return matches;
}

std::vector<ColumnCoverage> columnCoverage(const std::vector<TransformConfig> &steps,
                                           const std::vector<std::string> &allowUnmasked,
                                           const TableSchema &table)
{
    const TransformChain chain(steps, allowUnmasked);
    std::vector<ColumnCoverage> coverage;
    for (const Column &column : table.columns) {
        ColumnCoverage entry{.column = column,
                             .tags = piiTags(column.comment),
                             .steps = stepsSelecting(steps, table, column)};
        entry.allowedUnmasked =
            std::any_of(allowUnmasked.begin(), allowUnmasked.end(), [&](const auto &pattern) {
                return selectsColumn(pattern, table.schema, table.name, column.name);
            });
        // Asked of the chain itself, one column at a time, so that what counts as masked
        // (a mask, a select that drops the column) stays core's decision.
        const TableSchema alone{.schema = table.schema, .name = table.name, .columns = {column}};
        entry.unmaskedPii = !chain.unmaskedPii(alone).empty();
        coverage.push_back(std::move(entry));
    }
    return coverage;
}

} // namespace syncline::transform
