#pragma once

#include "metrics/time_series.h"

#include <QList>
#include <QPointF>

#include <vector>

namespace syncline::ui {

// Chart points (x: ms since the epoch, y: value / divisor) for `points`, at most `maxPoints` of
// them: over that, each bucket of neighbours keeps only its lowest and highest point, in time
// order, so a one-second spike still shows in a 24-hour chart.
QList<QPointF> decimate(const std::vector<SeriesPoint> &points, qsizetype maxPoints,
                        double divisor = 1.0);

} // namespace syncline::ui
