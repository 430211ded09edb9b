#pragma once

#include "metrics/latency_histogram.h"
#include "metrics/time_series.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace syncline {

// What the dashboard charts: one sample per second of each, kept for 24 hours.
enum class Metric
{
    EventsInPerSecond,  // changes read from the source (or, sink-only, from Kafka)
    EventsOutPerSecond, // changes committed by the sinks
    LatencyP50Ms,       // source commit -> applied on the target, over the last second
    LatencyP99Ms,
    SlotLagBytes,        // WAL the slot has not confirmed yet
    SlotLagSeconds,      // how old the last applied change's source commit is while behind
    RetainedWalBytes,    // WAL the server keeps for the slot (restart_lsn)
    ConsumerLagMessages, // Kafka: sum over partitions of high watermark - committed offset
    RetriesPerSecond,
    DeadLettersPerSecond,
};
inline constexpr int kMetricCount = int(Metric::DeadLettersPerSecond) + 1;
const char *metricName(Metric metric);

// What one sink did since the pipeline started (this process).
struct SinkCounters
{
    long long applied = 0;
    long long deadLetters = 0;
    long long schemaChangesApplied = 0;
    LatencyHistogram latency; // source commit -> committed on the target, cumulative
};

// One alert rule as the metrics export it (syncline_alert_active).
struct AlertGauge
{
    std::string rule;
    std::string severity; // of the active alert; empty while it is not
    bool operator==(const AlertGauge &) const = default;
};

struct MetricsSnapshot
{
    std::int64_t timeMs = 0; // of the last sample; 0 before the first
    std::array<double, kMetricCount> values{};
    long long totalRead = 0;
    long long totalApplied = 0;
    long long totalRetries = 0;
    long long totalDeadLetters = 0;
    long long totalFiltered = 0;               // changes a filter step dropped before the transport
    std::map<std::string, SinkCounters> sinks; // by sink name
    std::map<std::string, long long> consumerLag; // "sink topic[partition]" -> messages behind
    // The last verify result of each table, "sink schema.table" -> rows missing, extra or
    // different on the target; -1: it could not be compared.
    std::map<std::string, long long> verifyDifferences;
    // A danger to the source's capture position, with what to do (CaptureStatus::warning).
    std::string captureWarning;
    // The slot's pg_replication_slots.wal_status (reserved, extended, unreserved, lost); empty
    // when unknown (no slot yet, another engine). safe_wal_size: bytes that can still be
    // written before the slot is in danger of losing WAL; -1 when unlimited or unknown.
    std::string walStatus;
    double safeWalSizeBytes = -1;
    // Debezium's MilliSecondsBehindSource: when the newest transaction or heartbeat was read,
    // how long after its source commit that was; -1 before the first. The source's heartbeat
    // (source.heartbeat_interval_s) keeps it fresh while no table changes.
    double millisecondsBehindSource = -1;
    std::int64_t lastSourceEventMicros = 0; // the source commit time of that event
    // Tables a schema change quarantined, by sink (from the dead-letter store).
    std::map<std::string, std::vector<std::string>> quarantinedTables;
    std::string state;              // the pipeline's state (stateName), live
    std::vector<AlertGauge> alerts; // every rule, as the pipeline's alert rules last saw it

    double value(Metric metric) const { return values[std::size_t(metric)]; }
};

// A pipeline's counters and time series. The engine's threads record into it without locks on
// the hot path; a sampler turns the counters into one point per second; readers on any thread
// (the console's GUI thread) copy what they need under a short lock and never wait for I/O.
class PipelineMetrics
{
public:
    static constexpr std::size_t kSeriesCapacity = 24 * 60 * 60;

    PipelineMetrics();

    // Hot path, any thread.
    void recordRead(long long changes) { m_read.fetch_add(changes, std::memory_order_relaxed); }
    // Changes committed on a target, and the source commit times of the transactions they
    // completed (one latency sample each).
    void recordApplied(long long changes, const std::vector<std::int64_t> &commitTimesMicros);
    // `sink` names the sink for its own counters; empty: counted for the pipeline only.
    void recordApplied(long long changes, const std::vector<std::int64_t> &commitTimesMicros,
                       const std::string &sink);
    void recordRetry() { m_retries.fetch_add(1, std::memory_order_relaxed); }
    void recordDeadLetters(long long count, const std::string &sink = {});
    // Changes a filter dropped.
    void recordFiltered(long long changes)
    {
        m_filtered.fetch_add(changes, std::memory_order_relaxed);
    }
    // A schema change a sink applied to its target (not kept or quarantined).
    void recordSchemaChangeApplied(const std::string &sink);
    // The source commit time of a transaction or heartbeat just read (see
    // MetricsSnapshot::millisecondsBehindSource).
    void recordSourceTime(std::int64_t commitTimeMicros);
    void setState(std::string state);
    // The sinks whose counters show from the start, at 0.
    void declareSinks(const std::vector<std::string> &sinks);
    // Probes (a few times a minute is enough).
    void setSlotLag(double lagBytes, double retainedWalBytes, std::string warning = {});
    // See MetricsSnapshot::walStatus.
    void setSlotWal(std::string walStatus, double safeWalSizeBytes);
    void setQuarantinedTables(std::map<std::string, std::vector<std::string>> tablesBySink);
    void setAlerts(std::vector<AlertGauge> alerts);
    // Kafka: one sink's lag per partition ("topic[partition]" -> messages behind).
    void setConsumerLag(const std::string &sink, std::map<std::string, long long> lagByPartition);
    // After each verify result (see MetricsSnapshot::verifyDifferences).
    void setVerifyDifferences(std::map<std::string, long long> differences);

    // Once a second, from the sampler.
    void sample(std::int64_t nowMs);

    // Readers, any thread.
    MetricsSnapshot latest() const;
    std::vector<SeriesPoint> series(Metric metric, std::int64_t sinceMs) const;

private:
    std::atomic<long long> m_read{0};
    std::atomic<long long> m_applied{0};
    std::atomic<long long> m_retries{0};
    std::atomic<long long> m_deadLetters{0};
    std::atomic<long long> m_filtered{0};

    mutable std::mutex m_mutex;
    LatencyHistogram m_latency; // since the last sample
    std::int64_t m_lastAppliedCommitMicros = 0;
    double m_slotLagBytes = 0;
    double m_retainedWalBytes = 0;
    std::string m_captureWarning;
    std::string m_walStatus;
    double m_safeWalSizeBytes = -1;
    double m_millisecondsBehindSource = -1;
    std::int64_t m_lastSourceEventMicros = 0;
    std::map<std::string, std::vector<std::string>> m_quarantinedTables;
    std::vector<AlertGauge> m_alerts;
    std::map<std::string, SinkCounters> m_sinks;
    std::string m_state = "stopped";
    std::map<std::string, std::map<std::string, long long>> m_consumerLag; // per sink
    std::map<std::string, long long> m_verifyDifferences;
    MetricsSnapshot m_latest;
    long long m_readAtSample = 0, m_appliedAtSample = 0, m_retriesAtSample = 0,
              m_deadLettersAtSample = 0;
    std::int64_t m_lastSampleMs = 0;
    std::vector<TimeSeries> m_series;
};

} // namespace syncline
