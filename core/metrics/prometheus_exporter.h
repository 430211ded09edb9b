#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace syncline {

class PipelineMetrics;
struct MetricsSnapshot;

// One pipeline as the exposition shows it.
struct ExposedPipeline
{
    std::string name;                    // the `pipeline` label
    const PipelineMetrics *metrics;      // read at each scrape; outlives its registration
    std::vector<std::string> stateNames; // every state syncline_pipeline_state labels
    // When not empty, a `file` label after `pipeline` (the pipeline file's path): what tells
    // apart two pipelines of the same name on one endpoint, which would otherwise make the same
    // series twice (the console sets it; `syncline run` serves one pipeline and never does).
    std::string file;
};

// Prometheus' text format of these snapshots (what /metrics answers), with the same names,
// labels and units as the endpoint: see the README's Metrics section.
std::string
prometheusText(const std::vector<std::pair<ExposedPipeline, MetricsSnapshot>> &pipelines);

class MetricsEndpointError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// An HTTP endpoint (prometheus-cpp's Exposer) answering /metrics with the metrics of the
// pipelines added to it. Each scrape reads each pipeline's latest snapshot (PipelineMetrics::
// latest()): no counters of its own to keep in step, and no lock held beyond that copy. The
// headless runner serves one pipeline; the console may serve all it runs.
class MetricsEndpoint
{
public:
    // `listen` as ListenAddress reads it; throws MetricsEndpointError when it cannot listen.
    explicit MetricsEndpoint(const std::string &listen);
    ~MetricsEndpoint();
    MetricsEndpoint(const MetricsEndpoint &) = delete;
    MetricsEndpoint &operator=(const MetricsEndpoint &) = delete;

    // Any thread. A pipeline's labels (name and file) are its key: adding it again replaces it,
    // so that no series is served twice.
    void add(ExposedPipeline pipeline);
    void remove(const std::string &name, const std::string &file = {});
    // The port it listens on (the one the system chose, when asked for port 0).
    int port() const;
    // Where to scrape it: http://<host>:<port>/metrics (0.0.0.0 when it listens everywhere).
    std::string url() const;

private:
    class Collector;
    std::shared_ptr<Collector> m_collector;
    struct Server;
    std::unique_ptr<Server> m_server;
    std::string m_host;
};

} // namespace syncline
