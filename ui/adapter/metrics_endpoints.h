#pragma once

#include "metrics/prometheus_exporter.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace syncline::ui {

// The /metrics endpoints the console serves: one for every pipeline it runs
// (`syncline-console --metrics HOST:PORT`), and one per address a pipeline file names
// (`metrics: {listen: ...}`, as `syncline run` serves it), shared by the pipelines that name the
// same one. A pipeline stays on them from its start until its next start or its closing, so that
// a stopped pipeline shows as stopped rather than disappearing. GUI thread only.
class MetricsEndpoints
{
public:
    MetricsEndpoints();
    ~MetricsEndpoints();
    MetricsEndpoints(const MetricsEndpoints &) = delete;
    MetricsEndpoints &operator=(const MetricsEndpoints &) = delete;

    // Serves every pipeline, those added before too, on `listen`. Throws MetricsEndpointError
    // when it cannot listen there.
    void serveAll(const std::string &listen);
    // Where the endpoint for every pipeline is scraped; empty when there is none.
    std::string allUrl() const;

    // Adds a run's metrics to the endpoint for all, and to the one on `ownListen` when that is
    // not empty. Returns the problem when `ownListen` cannot be listened on (the pipeline is
    // still on the endpoint for all).
    std::optional<std::string> add(const ExposedPipeline &pipeline, const std::string &ownListen);
    void remove(const std::string &name);
    // Where the endpoint on `listen` is scraped; empty when there is none.
    std::string urlOf(const std::string &listen) const;

private:
    struct Served
    {
        std::unique_ptr<MetricsEndpoint> endpoint;
        std::set<std::string> pipelines; // the names of those whose own address it is
    };

    std::unique_ptr<MetricsEndpoint> m_all;
    std::map<std::string, ExposedPipeline> m_pipelines; // by name
    std::map<std::string, Served> m_own;                // by listen address
};

} // namespace syncline::ui
