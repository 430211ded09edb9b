#include "metrics/pipeline_metrics.h"

#include "util/time_text.h"

#include <algorithm>

namespace syncline {

const char *metricName(Metric metric)
{
    switch (metric) {
    case Metric::EventsInPerSecond:
        return "events_in_per_second";
    case Metric::EventsOutPerSecond:
        return "events_out_per_second";
    case Metric::LatencyP50Ms:
        return "latency_p50_ms";
    case Metric::LatencyP99Ms:
        return "latency_p99_ms";
    case Metric::SlotLagBytes:
        return "slot_lag_bytes";
    case Metric::SlotLagSeconds:
        return "slot_lag_seconds";
    case Metric::RetainedWalBytes:
        return "retained_wal_bytes";
    case Metric::ConsumerLagMessages:
        return "consumer_lag_messages";
    case Metric::RetriesPerSecond:
        return "retries_per_second";
    case Metric::DeadLettersPerSecond:
        return "dead_letters_per_second";
    }
    return "unknown";
}

PipelineMetrics::PipelineMetrics()
{
    // Each built in place: a copy would not keep the reserved capacity.
    m_series.reserve(kMetricCount);
    for (int metric = 0; metric < kMetricCount; ++metric)
        m_series.emplace_back(kSeriesCapacity);
}

void PipelineMetrics::recordApplied(long long changes,
                                    const std::vector<std::int64_t> &commitTimesMicros)
{
    recordApplied(changes, commitTimesMicros, std::string());
}

void PipelineMetrics::recordApplied(long long changes,
                                    const std::vector<std::int64_t> &commitTimesMicros,
                                    const std::string &sink)
{
    m_applied.fetch_add(changes, std::memory_order_relaxed);
    if (commitTimesMicros.empty() && sink.empty())
        return;
    const std::int64_t now = unixMicrosNow();
    std::lock_guard lock(m_mutex);
    SinkCounters *counters = sink.empty() ? nullptr : &m_sinks[sink];
    if (counters)
        counters->applied += changes;
    for (const std::int64_t commitTime : commitTimesMicros) {
        if (commitTime <= 0)
            continue;
        const std::int64_t latency = std::max<std::int64_t>(0, now - commitTime);
        m_latency.record(latency);
        if (counters)
            counters->latency.record(latency);
        m_lastAppliedCommitMicros = std::max(commitTime, m_lastAppliedCommitMicros);
    }
}

void PipelineMetrics::recordDeadLetters(long long count, const std::string &sink)
{
    m_deadLetters.fetch_add(count, std::memory_order_relaxed);
    if (sink.empty())
        return;
    std::lock_guard lock(m_mutex);
    m_sinks[sink].deadLetters += count;
}

void PipelineMetrics::recordSchemaChangeApplied(const std::string &sink)
{
    std::lock_guard lock(m_mutex);
    ++m_sinks[sink].schemaChangesApplied;
}

void PipelineMetrics::recordSourceTime(std::int64_t commitTimeMicros)
{
    if (commitTimeMicros <= 0)
        return;
    const std::int64_t now = unixMicrosNow();
    std::lock_guard lock(m_mutex);
    m_millisecondsBehindSource = std::max(0.0, double(now - commitTimeMicros) / 1000.0);
    m_lastSourceEventMicros = commitTimeMicros;
}

void PipelineMetrics::declareSinks(const std::vector<std::string> &sinks)
{
    std::lock_guard lock(m_mutex);
    for (const auto &sink : sinks)
        m_sinks[sink];
}

void PipelineMetrics::setState(std::string state)
{
    std::lock_guard lock(m_mutex);
    m_state = std::move(state);
}

void PipelineMetrics::setSlotWal(std::string walStatus, double safeWalSizeBytes)
{
    std::lock_guard lock(m_mutex);
    m_walStatus = std::move(walStatus);
    m_safeWalSizeBytes = safeWalSizeBytes;
}

void PipelineMetrics::setAlerts(std::vector<AlertGauge> alerts)
{
    std::lock_guard lock(m_mutex);
    m_alerts = std::move(alerts);
}

void PipelineMetrics::setQuarantinedTables(
    std::map<std::string, std::vector<std::string>> tablesBySink)
{
    std::lock_guard lock(m_mutex);
    m_quarantinedTables = std::move(tablesBySink);
}

void PipelineMetrics::setSlotLag(double lagBytes, double retainedWalBytes, std::string warning)
{
    std::lock_guard lock(m_mutex);
    m_slotLagBytes = lagBytes;
    m_retainedWalBytes = retainedWalBytes;
    m_captureWarning = std::move(warning);
}

void PipelineMetrics::setConsumerLag(const std::string &sink,
                                     std::map<std::string, long long> lagByPartition)
{
    std::lock_guard lock(m_mutex);
    m_consumerLag[sink] = std::move(lagByPartition);
}

void PipelineMetrics::setVerifyDifferences(std::map<std::string, long long> differences)
{
    std::lock_guard lock(m_mutex);
    m_verifyDifferences = std::move(differences);
}

void PipelineMetrics::sample(std::int64_t nowMs)
{
    const long long read = m_read.load(std::memory_order_relaxed);
    const long long applied = m_applied.load(std::memory_order_relaxed);
    const long long retries = m_retries.load(std::memory_order_relaxed);
    const long long deadLetters = m_deadLetters.load(std::memory_order_relaxed);
    const long long filtered = m_filtered.load(std::memory_order_relaxed);

    std::lock_guard lock(m_mutex);
    const std::int64_t lastCommitMicros = m_lastAppliedCommitMicros;
    const double seconds = m_lastSampleMs ? double(nowMs - m_lastSampleMs) / 1000.0 : 0;
    const auto rate = [seconds](long long now, long long before) {
        return seconds > 0 ? double(now - before) / seconds : 0.0;
    };
    MetricsSnapshot &s = m_latest;
    s.timeMs = nowMs;
    s.values[std::size_t(Metric::EventsInPerSecond)] = rate(read, m_readAtSample);
    s.values[std::size_t(Metric::EventsOutPerSecond)] = rate(applied, m_appliedAtSample);
    s.values[std::size_t(Metric::LatencyP50Ms)] = m_latency.percentileMs(0.50);
    s.values[std::size_t(Metric::LatencyP99Ms)] = m_latency.percentileMs(0.99);
    s.values[std::size_t(Metric::SlotLagBytes)] = m_slotLagBytes;
    // Time lag: how old the newest applied change is, but only while there is something left
    // to apply; an idle, caught-up pipeline is not behind.
    s.values[std::size_t(Metric::SlotLagSeconds)] =
        (m_slotLagBytes > 0 && lastCommitMicros > 0)
            ? std::max(0.0, double(nowMs) / 1000.0 - double(lastCommitMicros) / 1e6)
            : 0.0;
    s.values[std::size_t(Metric::RetainedWalBytes)] = m_retainedWalBytes;
    long long consumerLag = 0;
    s.consumerLag.clear();
    for (const auto &[sink, partitions] : m_consumerLag)
        for (const auto &[partition, lag] : partitions) {
            consumerLag += lag;
            s.consumerLag[sink + ' ' + partition] = lag;
        }
    s.values[std::size_t(Metric::ConsumerLagMessages)] = double(consumerLag);
    s.verifyDifferences = m_verifyDifferences;
    s.captureWarning = m_captureWarning;
    s.walStatus = m_walStatus;
    s.safeWalSizeBytes = m_safeWalSizeBytes;
    s.millisecondsBehindSource = m_millisecondsBehindSource;
    s.lastSourceEventMicros = m_lastSourceEventMicros;
    s.quarantinedTables = m_quarantinedTables;
    s.alerts = m_alerts;
    s.sinks = m_sinks;
    s.totalFiltered = filtered;
    s.values[std::size_t(Metric::RetriesPerSecond)] = rate(retries, m_retriesAtSample);
    s.values[std::size_t(Metric::DeadLettersPerSecond)] = rate(deadLetters, m_deadLettersAtSample);
    s.totalRead = read;
    s.totalApplied = applied;
    s.totalRetries = retries;
    s.totalDeadLetters = deadLetters;
    m_latency.clear();
    m_readAtSample = read;
    m_appliedAtSample = applied;
    m_retriesAtSample = retries;
    m_deadLettersAtSample = deadLetters;
    if (m_lastSampleMs)
        for (int metric = 0; metric < kMetricCount; ++metric)
            m_series[std::size_t(metric)].append(nowMs, s.values[std::size_t(metric)]);
    m_lastSampleMs = nowMs;
}

MetricsSnapshot PipelineMetrics::latest() const
{
    std::lock_guard lock(m_mutex);
    MetricsSnapshot snapshot = m_latest;
    snapshot.state = m_state;
    return snapshot;
}

std::vector<SeriesPoint> PipelineMetrics::series(Metric metric, std::int64_t sinceMs) const
{
    std::lock_guard lock(m_mutex);
    return m_series[std::size_t(metric)].since(sinceMs);
}

} // namespace syncline
