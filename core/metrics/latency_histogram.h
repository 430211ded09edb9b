#pragma once

#include <array>
#include <cstdint>

namespace syncline {

// Latencies in logarithmic buckets (4.5% wide, 1 µs to ~100 min): constant memory,
// percentiles accurate to a bucket.
class LatencyHistogram
{
public:
    void record(std::int64_t micros);
    void clear();
    long long count() const { return m_count; }
    double sumMicros() const { return m_sumMicros; }
    // How many recorded latencies are at most `micros`, to a bucket (a bucket counts when its
    // upper bound is within the limit): the cumulative buckets of a Prometheus histogram.
    long long countAtMost(double micros) const;
    // The latency below which `fraction` (0..1) of the recorded ones are, in milliseconds;
    // 0 when nothing was recorded.
    double percentileMs(double fraction) const;

private:
    static constexpr int kBuckets = 512;
    static int bucketOf(std::int64_t micros);
    static double upperBoundMicros(int bucket);

    std::array<long long, kBuckets> m_buckets{};
    long long m_count = 0;
    double m_sumMicros = 0;
};

} // namespace syncline
