#pragma once

#include "alerts/alert_evaluator.h"

#include <deque>
#include <mutex>
#include <vector>

namespace syncline {

struct AlertGauge;
struct MetricsSnapshot;
struct PipelineStatus;

// A pipeline's alerts: evaluates its rules once a second against its status and metrics, logs
// each alert as it fires (WARN, ERROR when critical) and clears (INFO), and keeps the active
// ones and a bounded history for the metrics endpoint and the console. Any thread may read.
class AlertMonitor
{
public:
    static constexpr std::size_t kHistory = 500;

    explicit AlertMonitor(AlertsConfig config) : m_evaluator(config) {}

    // Once a second, and at each change of state (a short retry falls between two seconds).
    void evaluate(const PipelineStatus &status, const MetricsSnapshot &metrics, std::int64_t nowMs);

    std::vector<Alert> active() const;
    // Every rule, with the severity it fires at (none when quiet), for the metrics.
    std::vector<AlertGauge> gauges() const;
    // What fired and cleared, oldest first.
    std::vector<AlertTransition> history() const;

private:
    mutable std::mutex m_mutex;
    AlertEvaluator m_evaluator;
    std::deque<AlertTransition> m_history;
    bool m_retrying = false;
};

// The rules' view of a pipeline's status and metrics.
AlertInputs alertInputs(const PipelineStatus &status, const MetricsSnapshot &metrics);

} // namespace syncline
