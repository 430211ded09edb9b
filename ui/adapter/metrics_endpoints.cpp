#include "metrics_endpoints.h"

#include <algorithm>

namespace syncline::ui {

MetricsEndpoints::MetricsEndpoints() = default;

MetricsEndpoints::~MetricsEndpoints() = default;

void MetricsEndpoints::serveAll(const std::string &listen)
{
    auto endpoint = std::make_unique<MetricsEndpoint>(listen);
    for (const auto &[file, pipeline] : m_pipelines)
        endpoint->add(pipeline);
    m_all = std::move(endpoint);
}

std::string MetricsEndpoints::allUrl() const
{
    return m_all ? m_all->url() : std::string();
}

std::optional<std::string> MetricsEndpoints::add(const std::string &file, ExposedPipeline pipeline,
                                                 const std::string &ownListen)
{
    remove(file); // an earlier run's metrics go
    // The name's series without a file label are another pipeline's: this one's carry its file.
    const bool nameTaken =
        std::any_of(m_pipelines.begin(), m_pipelines.end(), [&](const auto &served) {
            return served.second.name == pipeline.name && served.second.file.empty();
        });
    pipeline.file = nameTaken ? file : std::string();
    const auto &added = m_pipelines.emplace(file, std::move(pipeline)).first->second;
    if (m_all)
        m_all->add(added);
    if (ownListen.empty())
        return std::nullopt;
    auto served = m_own.find(ownListen);
    if (served == m_own.end()) {
        try {
            served =
                m_own.emplace(ownListen, Served{std::make_unique<MetricsEndpoint>(ownListen), {}})
                    .first;
        } catch (const MetricsEndpointError &error) {
            return std::string(error.what());
        }
    }
    served->second.endpoint->add(added);
    served->second.pipelines.insert(file);
    return std::nullopt;
}

void MetricsEndpoints::remove(const std::string &file)
{
    const auto pipeline = m_pipelines.find(file);
    if (pipeline == m_pipelines.end())
        return;
    const std::string name = pipeline->second.name;
    const std::string label = pipeline->second.file;
    m_pipelines.erase(pipeline);
    if (m_all)
        m_all->remove(name, label);
    for (auto served = m_own.begin(); served != m_own.end();) {
        if (served->second.pipelines.erase(file))
            served->second.endpoint->remove(name, label);
        // Nobody's address any more: the port is given back.
        served = served->second.pipelines.empty() ? m_own.erase(served) : std::next(served);
    }
}

std::string MetricsEndpoints::fileLabelOf(const std::string &file) const
{
    const auto pipeline = m_pipelines.find(file);
    return pipeline == m_pipelines.end() ? std::string() : pipeline->second.file;
}

std::string MetricsEndpoints::urlOf(const std::string &listen) const
{
    const auto served = m_own.find(listen);
    return served == m_own.end() ? std::string() : served->second.endpoint->url();
}

} // namespace syncline::ui
