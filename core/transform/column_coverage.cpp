#include "transform/column_coverage.h"

#include "util/errors.h"

#include "transform/transform_chain.h"
#include "util/glob.h"

#include <algorithm>
#include <optional>

namespace syncline::transform {

namespace {

// The step's first pattern that selects the column; empty when none does.
// What in a step that covers the column selects it: a mask's columns, tagged or types pattern,
// or a select's exclude pattern (a column left out never leaves). Other kinds cover nothing.
std::string matchOf(const TransformConfig &step, const TableSchema &table, const Column &column,
                    const std::vector<std::string> &tags)
{
    if (!step.tables.empty() &&
        std::none_of(step.tables.begin(), step.tables.end(), [&](const std::string &pattern) {
            return selectsColumn(pattern + ".*", table.schema, table.name, column.name);
        }))
        return {};
    const auto selected = [&](const std::vector<std::string> &patterns) -> std::string {
        for (const auto &pattern : patterns)
            if (selectsColumn(pattern, table.schema, table.name, column.name))
                return pattern;
        return {};
    };
    if (step.type == "select") {
        if (auto excluded = selected(step.exclude); !excluded.empty())
            return excluded;
        if (!step.include.empty() && selected(step.include).empty())
            return "not in include";
        return {};
    }
    if (step.type != "mask")
        return {};
    if (auto pattern = selected(step.columns); !pattern.empty())
        return pattern;
    for (const auto &pattern : step.tagged)
        for (const auto &tag : tags)
            if (globMatches(pattern, tag))
                return pattern;
    for (const auto &pattern : step.types)
        if (!column.sqlType.empty() &&
            (globMatches(pattern, column.sqlType) ||
             globMatches(pattern, column.sqlType.substr(0, column.sqlType.find('(')))))
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
    // A step still being edited (a filter that does not parse yet) leaves the flags unknown.
    std::optional<TransformChain> chain;
    try {
        chain.emplace(steps, allowUnmasked);
    } catch (const PermanentError &) {
    }
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
        try {
            entry.unmaskedPii = chain && !chain->unmaskedPii(alone).empty();
        } catch (const PermanentError &) {
            entry.unmaskedPii =
                !entry.tags.empty() && entry.steps.empty() && !entry.allowedUnmasked;
        }
        coverage.push_back(std::move(entry));
    }
    return coverage;
}

} // namespace syncline::transform
