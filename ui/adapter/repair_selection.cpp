#include "repair_selection.h"

#include <algorithm>

namespace syncline::ui {

std::vector<verify::TableResult> everyDifference(const std::vector<TableResultPtr> &results)
{
    std::vector<verify::TableResult> chosen;
    for (const auto &result : results)
        if (result && result->error.empty() && result->differenceCount() > 0)
            chosen.push_back(*result);
    return chosen;
}

verify::TableResult onlyDifferences(const verify::TableResult &result, const std::vector<int> &rows)
{
    verify::TableResult chosen = result;
    chosen.differences.clear();
    chosen.missing = chosen.extra = chosen.different = 0;
    std::vector<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (int row : sorted) {
        if (row < 0 || std::size_t(row) >= result.differences.size())
            continue;
        const auto &difference = result.differences[std::size_t(row)];
        chosen.differences.push_back(difference);
        switch (difference.kind) {
        case verify::Difference::Kind::Missing:
            ++chosen.missing;
            break;
        case verify::Difference::Kind::Extra:
            ++chosen.extra;
            break;
        case verify::Difference::Kind::Different:
            ++chosen.different;
            break;
        }
    }
    return chosen;
}

long long repairRowCount(const std::vector<verify::TableResult> &results)
{
    long long rows = 0;
    for (const auto &result : results)
        rows += result.differenceCount();
    return rows;
}

} // namespace syncline::ui
