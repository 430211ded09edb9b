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
//
// Pipelines are known by their file, the one thing two open pipelines never share. Their series
// are labelled by name, as `syncline run` labels them; a pipeline whose name one already served
// has (two files with the same `pipeline:`) gets a `file` label too, on every endpoint, so that
// no endpoint serves a series twice (Prometheus rejects such a scrape). It keeps that label
// until its next start.
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

    // Adds the run of the pipeline of `file` (its `file` label is set here) to the endpoint for
    // all, and to the one on `ownListen` when that is not empty; the file's earlier run goes.
    // Returns the problem when `ownListen` cannot be listened on (the pipeline is still on the
    // endpoint for all).
    std::optional<std::string> add(const std::string &file, ExposedPipeline pipeline,
                                   const std::string &ownListen);
    void remove(const std::string &file);
    // The `file` label of the pipeline of `file`: empty when its name alone tells it apart.
    std::string fileLabelOf(const std::string &file) const;
    // Where the endpoint on `listen` is scraped; empty when there is none.
    std::string urlOf(const std::string &listen) const;

private:
    struct Served
    {
        std::unique_ptr<MetricsEndpoint> endpoint;
        std::set<std::string> pipelines; // the files of those whose own address it is
    };

    std::unique_ptr<MetricsEndpoint> m_all;
    std::map<std::string, ExposedPipeline> m_pipelines; // by file
    std::map<std::string, Served> m_own;                // by listen address
};

} // namespace syncline::ui
