#pragma once

#include "metrics/pipeline_metrics.h"

#include <array>
#include <cstdint>
#include <vector>

namespace syncline::ui {

// The one-second points of a pipeline's earlier runs in this console, so its charts go on
// across a restart instead of starting over: each run's engine starts with empty series, and
// the controller hands the finished run's points here before it starts the next. Keeps at most
// the engine's own span (24 hours) before the newest kept point.
class MetricsHistory
{
public:
    static constexpr std::int64_t kKeepMs = std::int64_t(PipelineMetrics::kSeriesCapacity) * 1000;

    // Appends the points of a run that has ended (those after the newest point kept).
    void keepRun(const PipelineMetrics &run);
    // The kept points at or after sinceMs, then `current` (the running series, newer).
    std::vector<SeriesPoint> series(Metric metric, std::int64_t sinceMs,
                                    std::vector<SeriesPoint> current) const;
    bool isEmpty() const;

private:
    std::array<std::vector<SeriesPoint>, kMetricCount> m_points;
};

} // namespace syncline::ui
