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
struct PipelineConfig;

// Samples a pipeline's metrics once a second on its own thread, and every few seconds asks the
// source server how far behind the capture position is (a PostgreSQL slot, a MySQL binary log
// capture point), through a Source of its own with connections separate from the pipeline's,
// so a slow answer never holds up replication.
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
    void probeSlot();

    const PipelineConfig &m_config;
    PipelineMetrics &m_metrics;
    std::function<void(std::int64_t nowMs)> m_afterSample;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_sampler;
    std::unique_ptr<Source> m_probe; // used by the prober thread only
    std::thread m_prober; // separate: a slow or unreachable server must not delay samples
};

} // namespace syncline
