#include "series_decimation.h"

#include <algorithm>

namespace syncline::ui {

QList<QPointF> decimate(const std::vector<SeriesPoint> &points, qsizetype maxPoints, double divisor)
{
    const auto toPoint = [divisor](const SeriesPoint &p) {
        return QPointF(double(p.timeMs), p.value / divisor);
    };
    QList<QPointF> result;
    const qsizetype count = qsizetype(points.size());
    if (count <= maxPoints || maxPoints < 2) {
        result.reserve(count);
        for (const SeriesPoint &point : points)
            result.append(toPoint(point));
        return result;
    }
    const qsizetype buckets = maxPoints / 2;
    result.reserve(buckets * 2);
    for (qsizetype bucket = 0; bucket < buckets; ++bucket) {
        const auto begin = points.begin() + bucket * count / buckets;
        const auto end = points.begin() + (bucket + 1) * count / buckets;
        if (begin == end)
            continue;
        const auto [low, high] =
            std::minmax_element(begin, end, [](const SeriesPoint &a, const SeriesPoint &b) {
                return a.value < b.value;
            });
        const auto first = std::min(low, high), second = std::max(low, high);
        result.append(toPoint(*first));
        if (second->value != first->value)
            result.append(toPoint(*second));
    }
    return result;
}

} // namespace syncline::ui
