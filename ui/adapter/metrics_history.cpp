#include "metrics_history.h"

#include <algorithm>

namespace syncline::ui {

void MetricsHistory::keepRun(const PipelineMetrics &run)
{
    for (int metric = 0; metric < kMetricCount; ++metric) {
        auto &kept = m_points[std::size_t(metric)];
        const std::int64_t after = kept.empty() ? 0 : kept.back().timeMs + 1;
        const auto points = run.series(Metric(metric), after);
        kept.insert(kept.end(), points.begin(), points.end());
        if (kept.empty())
            continue;
        const std::int64_t oldest = kept.back().timeMs - kKeepMs;
        const auto first = std::find_if(kept.begin(), kept.end(), [oldest](const SeriesPoint &p) {
            return p.timeMs >= oldest;
        });
        kept.erase(kept.begin(), first);
    }
}

std::vector<SeriesPoint> MetricsHistory::series(Metric metric, std::int64_t sinceMs,
                                                std::vector<SeriesPoint> current) const
{
    const auto &kept = m_points[std::size_t(metric)];
    const auto first = std::lower_bound(
        kept.begin(), kept.end(), sinceMs,
        [](const SeriesPoint &point, std::int64_t time) { return point.timeMs < time; });
    if (first == kept.end())
        return current;
    // A run never overlaps the one before it; drop what would (a clock set back).
    const std::int64_t end = current.empty() ? INT64_MAX : current.front().timeMs;
    std::vector<SeriesPoint> points;
    points.reserve(std::size_t(kept.end() - first) + current.size());
    for (auto it = first; it != kept.end() && it->timeMs < end; ++it)
        points.push_back(*it);
    points.insert(points.end(), current.begin(), current.end());
    return points;
}

bool MetricsHistory::isEmpty() const
{
    return std::all_of(m_points.begin(), m_points.end(),
                       [](const auto &points) { return points.empty(); });
}

} // namespace syncline::ui
