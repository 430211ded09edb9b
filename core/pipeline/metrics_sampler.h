#pragma once

#include "connector/source.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace syncline {

class PipelineMetrics;
namespace dlq {
class DeadLetterStore;
}
struct PipelineConfig;

// Samples a pipeline's metrics once a second on its own thread, and every few seconds asks the
// source server how far behind the capture position is (a PostgreSQL slot, a MySQL binary log
// capture point), through a Source of its own with connections separate from the pipeline's,
// so a slow answer never holds up replication; it reads the quarantined tables from the
// dead-letter store as often.
class MetricsSampler
{
public:
    // `afterSample` runs on the sampling thread after each sample (the alert rules).
    MetricsSampler(const PipelineConfig &config, PipelineMetrics &metrics,
                   std::function<void(std::int64_t nowMs)> afterSample = {});
    ~MetricsSampler(); // stops and joins

    MetricsSampler(const MetricsSampler &) = delete;
    MetricsSampler &operator=(const MetricsSampler &) = delete;

private:
    // Runs `work` every `period` until stopped.
    void every(std::chrono::milliseconds period, void (MetricsSampler::*work)());
    void sample();
    void probe();
    void probeSlot();
    void probeQuarantines();

    const PipelineConfig &m_config;
    PipelineMetrics &m_metrics;
    std::function<void(std::int64_t nowMs)> m_afterSample;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_sampler;
    std::unique_ptr<Source> m_probe;               // used by the prober thread only
    std::unique_ptr<dlq::DeadLetterStore> m_store; // the same
    std::thread m_prober; // separate: a slow or unreachable server must not delay samples
};

} // namespace syncline
