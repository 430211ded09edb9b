#include "pipeline/metrics_sampler.h"

#include "config/pipeline_config.h"
#include "dlq/dead_letter_store.h"
#include "metrics/pipeline_metrics.h"
#include "pipeline/connector_factory.h"
#include "util/log.h"
#include "util/time_text.h"

namespace syncline {

MetricsSampler::MetricsSampler(const PipelineConfig &config, PipelineMetrics &metrics,
                               std::function<void(std::int64_t nowMs)> afterSample)
    : m_config(config), m_metrics(metrics), m_afterSample(std::move(afterSample))
{
    // Created on the pipeline's thread: each thread logs under its pipeline's name.
    m_sampler = std::thread([this, pipeline = log::currentPipeline()] {
        log::PipelineScope scope(pipeline);
        every(std::chrono::seconds(1), &MetricsSampler::sample);
    });
    m_prober = std::thread([this, pipeline = log::currentPipeline()] {
        log::PipelineScope scope(pipeline);
        every(std::chrono::seconds(5), &MetricsSampler::probe);
    });
}

MetricsSampler::~MetricsSampler()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_sampler.join();
    if (m_prober.joinable())
        m_prober.join();
    sample(); // the totals as the pipeline ends
}

void MetricsSampler::every(std::chrono::milliseconds period, void (MetricsSampler::*work)())
{
    auto next = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        (this->*work)();
        lock.lock();
        next += period;
        m_wake.wait_until(lock, next, [this] { return m_stopping; });
    }
}

void MetricsSampler::sample()
{
    const std::int64_t now = unixMillisNow();
    m_metrics.sample(now);
    if (m_afterSample)
        m_afterSample(now);
}

void MetricsSampler::probe()
{
    if (m_config.hasSource)
        probeSlot();
    probeQuarantines();
}

// The store is where quarantines live (a schema change sets one, an operator's replay ends it),
// also across restarts: read from there rather than counted in the sinks.
void MetricsSampler::probeQuarantines()
{
    const auto file = dlq::DeadLetterStore::fileIn(m_config.stateDir);
    if (!std::filesystem::exists(file))
        return;
    try {
        if (!m_store)
            m_store = std::make_unique<dlq::DeadLetterStore>(file);
        std::map<std::string, std::vector<std::string>> tables;
        for (const auto &sink : m_config.sinks)
            tables[sink.name];
        for (const auto &held : m_store->quarantines())
            tables[held.sink].push_back(held.table);
        m_metrics.setQuarantinedTables(std::move(tables));
    } catch (const std::exception &) {
        m_store.reset(); // busy or unreadable: the last value stays
    }
}

void MetricsSampler::probeSlot()
{
    try {
        if (!m_probe)
            m_probe = makeSource(m_config.source, m_config.stateDir);
        const CaptureStatus status = m_probe->captureStatus();
        if (status.exists) {
            m_metrics.setSlotLag(double(status.lagBytes), double(status.retainedBytes),
                                 status.warning);
            m_metrics.setSlotWal(status.walStatus, double(status.safeWalSizeBytes));
        }
    } catch (const std::exception &) {
        // The pipeline reports an unreachable source itself; the chart keeps its last value.
        m_probe.reset();
    }
}

} // namespace syncline
