#include "metrics/time_series.h"

#include <algorithm>

namespace syncline {

TimeSeries::TimeSeries(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 1))
{
    // Reserved, not filled: memory is touched as points arrive, not all at start-up (a
    // pipeline's rings are 24 hours of points each).
    m_points.reserve(m_capacity);
}

void TimeSeries::append(std::int64_t timeMs, double value)
{
    if (m_points.size() < m_capacity) {
        m_points.push_back({timeMs, value});
        return;
    }
    m_points[m_start] = {timeMs, value};
    m_start = (m_start + 1) % m_capacity;
}

const SeriesPoint &TimeSeries::at(std::size_t index) const
{
    return m_points[(m_start + index) % m_points.size()];
}

std::vector<SeriesPoint> TimeSeries::since(std::int64_t sinceMs) const
{
    // Points are in time order: binary search for the first one in the window.
    std::size_t low = 0;
    std::size_t high = m_points.size();
    while (low < high) {
        const std::size_t middle = (low + high) / 2;
        if (at(middle).timeMs < sinceMs)
            low = middle + 1;
        else
            high = middle;
    }
    std::vector<SeriesPoint> points;
    points.reserve(m_points.size() - low);
    for (std::size_t i = low; i < m_points.size(); ++i)
        points.push_back(at(i));
    return points;
}

} // namespace syncline
