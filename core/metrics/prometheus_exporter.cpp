#include "metrics/prometheus_exporter.h"

#include "config/listen_address.h"
#include "metrics/pipeline_metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <cmath>
#include <limits>
#include <mutex>
#include <sstream>

namespace syncline {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

// Commit-to-apply latency buckets, in seconds.
constexpr std::array<double, 18> kLatencyBounds = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

constexpr std::array<const char *, 4> kWalStatuses = {"reserved", "extended", "unreserved", "lost"};

// The families of one exposition, in a fixed order, each filled by every pipeline.
class Families
{
public:
    MetricFamily &family(const std::string &name, MetricType type, const std::string &help)
    {
        for (auto &family : m_families)
            if (family.name == name)
                return family;
        m_families.push_back({name, help, type, {}});
        return m_families.back();
    }

    void counter(const std::string &name, const std::string &help, Labels labels, double value)
    {
        ClientMetric metric;
        metric.label = std::move(labels);
        metric.counter.value = value;
        family(name, MetricType::Counter, help).metric.push_back(std::move(metric));
    }

    void gauge(const std::string &name, const std::string &help, Labels labels, double value)
    {
        ClientMetric metric;
        metric.label = std::move(labels);
        metric.gauge.value = value;
        family(name, MetricType::Gauge, help).metric.push_back(std::move(metric));
    }

    void histogram(const std::string &name, const std::string &help, Labels labels,
                   const LatencyHistogram &latency)
    {
        ClientMetric metric;
        metric.label = std::move(labels);
        metric.histogram.sample_count = std::uint64_t(latency.count());
        metric.histogram.sample_sum = latency.sumMicros() / 1e6;
        for (const double bound : kLatencyBounds)
            metric.histogram.bucket.push_back(
                {std::uint64_t(latency.countAtMost(bound * 1e6)), bound});
        metric.histogram.bucket.push_back(
            {std::uint64_t(latency.count()), std::numeric_limits<double>::infinity()});
        family(name, MetricType::Histogram, help).metric.push_back(std::move(metric));
    }

    std::vector<MetricFamily> take()
    {
        std::erase_if(m_families, [](const MetricFamily &f) { return f.metric.empty(); });
        return std::move(m_families);
    }

private:
    std::vector<MetricFamily> m_families;
};

Labels with(const Labels &base, std::initializer_list<ClientMetric::Label> more)
{
    Labels labels = base;
    labels.insert(labels.end(), more);
    return labels;
}

void addPipeline(Families &out, const ExposedPipeline &pipeline, const MetricsSnapshot &s)
{
    Labels p = {{"pipeline", pipeline.name}};
    if (!pipeline.file.empty())
        p.push_back({"file", pipeline.file});
    // Declared in this order, so each family's place in the text does not depend on which
    // pipeline has what.
    out.counter("syncline_events_read_total",
                "Changes read from the source (or, sink-only, from Kafka).", p,
                double(s.totalRead));
    out.counter("syncline_events_filtered_total",
                "Changes a filter transform dropped before the transport.", p,
                double(s.totalFiltered));
    for (const auto &[sink, counters] : s.sinks)
        out.counter("syncline_events_applied_total", "Changes committed on the sink's target.",
                    with(p, {{"sink", sink}}), double(counters.applied));
    for (const auto &[sink, counters] : s.sinks)
        out.counter("syncline_dead_letters_total",
                    "Changes the sink's target rejected, set aside in the dead-letter queue.",
                    with(p, {{"sink", sink}}), double(counters.deadLetters));
    out.counter("syncline_retries_total",
                "Retries: sessions restarted after a transient error, and sink requests "
                "retried.",
                p, double(s.totalRetries));
    for (const auto &[sink, counters] : s.sinks)
        out.counter("syncline_schema_changes_applied_total",
                    "Schema changes the sink applied to its target (kept or quarantined ones "
                    "not counted).",
                    with(p, {{"sink", sink}}), double(counters.schemaChangesApplied));
    for (const auto &[sink, counters] : s.sinks)
        out.histogram("syncline_apply_latency_seconds",
                      "From the source commit of a transaction to its commit on the target.",
                      with(p, {{"sink", sink}}), counters.latency);
    if (s.millisecondsBehindSource >= 0) {
        out.gauge("syncline_milliseconds_behind_source",
                  "When the newest transaction or heartbeat was read: how long after its "
                  "source commit (Debezium's MilliSecondsBehindSource).",
                  p, s.millisecondsBehindSource);
        out.gauge("syncline_source_last_event_timestamp_seconds",
                  "Source commit time of the newest transaction or heartbeat read (Unix time).", p,
                  double(s.lastSourceEventMicros) / 1e6);
    }
    out.gauge("syncline_apply_lag_seconds",
              "While the slot is behind: how old the newest applied change's source commit is.", p,
              s.value(Metric::SlotLagSeconds));
    out.gauge("syncline_slot_lag_bytes",
              "WAL (binary log) written since the position the slot confirmed.", p,
              s.value(Metric::SlotLagBytes));
    out.gauge("syncline_wal_retained_bytes", "WAL the source server keeps for the slot.", p,
              s.value(Metric::RetainedWalBytes));
    if (s.safeWalSizeBytes >= 0)
        out.gauge("syncline_slot_safe_wal_size_bytes",
                  "WAL that can still be written before the slot risks losing what it needs "
                  "(pg_replication_slots.safe_wal_size; absent when unlimited).",
                  p, s.safeWalSizeBytes);
    if (!s.walStatus.empty()) {
        for (const char *status : kWalStatuses)
            out.gauge("syncline_slot_wal_status",
                      "1 for the slot's pg_replication_slots.wal_status: reserved, extended, "
                      "unreserved (WAL will be removed at the next checkpoint) or lost.",
                      with(p, {{"status", status}}), s.walStatus == status ? 1 : 0);
    }
    for (const auto &[key, lag] : s.consumerLag) {
        // "sink topic[partition]"
        const auto space = key.find(' ');
        const auto bracket = key.rfind('[');
        if (space == std::string::npos || bracket == std::string::npos || bracket < space)
            continue;
        out.gauge("syncline_kafka_consumer_lag",
                  "Kafka: messages of the partition the sink has not committed on its target.",
                  with(p, {{"sink", key.substr(0, space)},
                           {"topic", key.substr(space + 1, bracket - space - 1)},
                           {"partition", key.substr(bracket + 1, key.size() - bracket - 2)}}),
                  double(lag));
    }
    for (const auto &[sink, tables] : s.quarantinedTables)
        out.gauge("syncline_quarantined_tables",
                  "Tables whose changes a schema change holds as dead letters.",
                  with(p, {{"sink", sink}}), double(tables.size()));
    for (const auto &[sink, tables] : s.quarantinedTables)
        for (const auto &table : tables)
            out.gauge("syncline_table_quarantined", "1 for each quarantined table.",
                      with(p, {{"sink", sink}, {"table", table}}), 1);
    for (const auto &[key, differences] : s.verifyDifferences) {
        const auto space = key.find(' ');
        const Labels labels =
            with(p, {{"sink", key.substr(0, space)}, {"table", key.substr(space + 1)}});
        if (differences >= 0)
            out.gauge("syncline_verify_differences",
                      "Rows missing, extra or different on the target at the table's last "
                      "verification.",
                      labels, double(differences));
        out.gauge("syncline_verify_failed",
                  "1 when the table's last verification could not compare it.", labels,
                  differences < 0 ? 1 : 0);
    }
    for (const auto &alert : s.alerts)
        for (const char *severity : {"warning", "critical"})
            out.gauge("syncline_alert_active",
                      "1 while the pipeline's alert rule fires, at that severity (the README's "
                      "Alert rules).",
                      with(p, {{"rule", alert.rule}, {"severity", severity}}),
                      alert.severity == severity ? 1 : 0);
    for (const auto &state : pipeline.stateNames)
        out.gauge("syncline_pipeline_state", "1 for the pipeline's current state.",
                  with(p, {{"state", state}}), s.state == state ? 1 : 0);
}

std::vector<MetricFamily>
familiesOf(const std::vector<std::pair<ExposedPipeline, MetricsSnapshot>> &pipelines)
{
    Families families;
    for (const auto &[pipeline, snapshot] : pipelines)
        addPipeline(families, pipeline, snapshot);
    return families.take();
}

} // namespace

std::string
prometheusText(const std::vector<std::pair<ExposedPipeline, MetricsSnapshot>> &pipelines)
{
    std::ostringstream text;
    prometheus::TextSerializer().Serialize(text, familiesOf(pipelines));
    return text.str();
}

// One Collectable for every pipeline: two would each declare the same families.
class MetricsEndpoint::Collector : public prometheus::Collectable
{
public:
    std::vector<MetricFamily> Collect() const override
    {
        std::vector<std::pair<ExposedPipeline, MetricsSnapshot>> snapshots;
        {
            std::lock_guard lock(m_mutex);
            for (const auto &pipeline : m_pipelines)
                snapshots.emplace_back(pipeline, pipeline.metrics->latest());
        }
        return familiesOf(snapshots);
    }

    void add(ExposedPipeline pipeline)
    {
        std::lock_guard lock(m_mutex);
        remove(pipeline.name, pipeline.file, lock);
        m_pipelines.push_back(std::move(pipeline));
    }

    void remove(const std::string &name, const std::string &file,
                const std::lock_guard<std::mutex> &)
    {
        std::erase_if(m_pipelines,
                      [&](const ExposedPipeline &p) { return p.name == name && p.file == file; });
    }

    void remove(const std::string &name, const std::string &file)
    {
        std::lock_guard lock(m_mutex);
        remove(name, file, lock);
    }

private:
    mutable std::mutex m_mutex;
    std::vector<ExposedPipeline> m_pipelines;
};

struct MetricsEndpoint::Server
{
    std::unique_ptr<prometheus::Exposer> exposer;
};

MetricsEndpoint::MetricsEndpoint(const std::string &listen)
    : m_collector(std::make_shared<Collector>()), m_server(std::make_unique<Server>())
{
    const auto parsed = parseListenAddress(listen);
    if (!parsed.address)
        throw MetricsEndpointError(parsed.problem);
    m_host = parsed.address->host.empty() ? "0.0.0.0" : parsed.address->host;
    try {
        m_server->exposer = std::make_unique<prometheus::Exposer>(parsed.address->civetweb(), 2);
    } catch (const std::exception &error) {
        throw MetricsEndpointError("cannot listen on " + listen + " for /metrics: " + error.what() +
                                   " (is the port in use?)");
    }
    m_server->exposer->RegisterCollectable(m_collector);
}

MetricsEndpoint::~MetricsEndpoint() = default; // the server stops before the collector goes

void MetricsEndpoint::add(ExposedPipeline pipeline)
{
    m_collector->add(std::move(pipeline));
}

void MetricsEndpoint::remove(const std::string &name, const std::string &file)
{
    m_collector->remove(name, file);
}

int MetricsEndpoint::port() const
{
    const auto ports = m_server->exposer->GetListeningPorts();
    return ports.empty() ? 0 : ports.front();
}

std::string MetricsEndpoint::url() const
{
    return "http://" + m_host + ':' + std::to_string(port()) + "/metrics";
}

} // namespace syncline
