#include "metrics/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace syncline {

namespace {
constexpr double kGrowth = 1.045;
}

int LatencyHistogram::bucketOf(std::int64_t micros)
{
    if (micros <= 1)
        return 0;
    const int bucket = int(std::ceil(std::log(double(micros)) / std::log(kGrowth)));
    return std::clamp(bucket, 0, kBuckets - 1);
}

double LatencyHistogram::upperBoundMicros(int bucket)
{
    return std::pow(kGrowth, bucket);
}

void LatencyHistogram::record(std::int64_t micros)
{
    ++m_buckets[std::size_t(bucketOf(micros))];
    ++m_count;
    m_sumMicros += double(std::max<std::int64_t>(0, micros));
}

void LatencyHistogram::clear()
{
    m_buckets.fill(0);
    m_count = 0;
    m_sumMicros = 0;
}

long long LatencyHistogram::countAtMost(double micros) const
{
    long long count = 0;
    for (int bucket = 0; bucket < kBuckets && upperBoundMicros(bucket) <= micros; ++bucket)
        count += m_buckets[std::size_t(bucket)];
    return count;
}

double LatencyHistogram::percentileMs(double fraction) const
{
    if (m_count == 0)
        return 0;
    const auto rank = std::max<long long>(1, (long long)std::ceil(fraction * double(m_count)));
    long long seen = 0;
    for (int bucket = 0; bucket < kBuckets; ++bucket) {
        seen += m_buckets[std::size_t(bucket)];
        if (seen >= rank)
            return upperBoundMicros(bucket) / 1000.0;
    }
    return upperBoundMicros(kBuckets - 1) / 1000.0;
}

} // namespace syncline
