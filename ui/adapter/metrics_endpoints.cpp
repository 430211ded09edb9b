#include "metrics_endpoints.h"

namespace syncline::ui {

MetricsEndpoints::MetricsEndpoints() = default;

MetricsEndpoints::~MetricsEndpoints() = default;

void MetricsEndpoints::serveAll(const std::string &listen)
{
    auto endpoint = std::make_unique<MetricsEndpoint>(listen);
    for (const auto &[name, pipeline] : m_pipelines)
        endpoint->add(pipeline);
    m_all = std::move(endpoint);
}

std::string MetricsEndpoints::allUrl() const
{
    return m_all ? m_all->url() : std::string();
}

std::optional<std::string> MetricsEndpoints::add(const ExposedPipeline &pipeline,
                                                 const std::string &ownListen)
{
    remove(pipeline.name); // an earlier run's metrics go
    m_pipelines.emplace(pipeline.name, pipeline);
    if (m_all)
        m_all->add(pipeline);
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
    served->second.endpoint->add(pipeline);
    served->second.pipelines.insert(pipeline.name);
    return std::nullopt;
}

void MetricsEndpoints::remove(const std::string &name)
{
    if (!m_pipelines.erase(name))
        return;
    if (m_all)
        m_all->remove(name);
    for (auto served = m_own.begin(); served != m_own.end();) {
        if (served->second.pipelines.erase(name))
            served->second.endpoint->remove(name);
        // Nobody's address any more: the port is given back.
        served = served->second.pipelines.empty() ? m_own.erase(served) : std::next(served);
    }
}

std::string MetricsEndpoints::urlOf(const std::string &listen) const
{
    const auto served = m_own.find(listen);
    return served == m_own.end() ? std::string() : served->second.endpoint->url();
}

} // namespace syncline::ui
