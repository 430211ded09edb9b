#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace syncline {

struct SeriesPoint
{
    std::int64_t timeMs = 0; // since the Unix epoch
    double value = 0;
};

// A fixed-capacity ring of points in time order: the oldest point goes when a new one comes.
// Not synchronised; its owner locks.
class TimeSeries
{
public:
    explicit TimeSeries(std::size_t capacity);

    void append(std::int64_t timeMs, double value);
    // The points at or after `sinceMs`, oldest first.
    std::vector<SeriesPoint> since(std::int64_t sinceMs) const;
    std::size_t size() const { return m_points.size(); }
    std::size_t capacity() const { return m_capacity; }

private:
    const SeriesPoint &at(std::size_t index) const; // 0 = oldest

    // Grows to m_capacity, then wraps: m_start is the oldest point once full.
    std::vector<SeriesPoint> m_points;
    std::size_t m_capacity;
    std::size_t m_start = 0;
};

} // namespace syncline
