#include "pipeline/alert_monitor.h"

#include "metrics/pipeline_metrics.h"
#include "pipeline/pipeline_status.h"
#include "util/log.h"

namespace syncline {

AlertInputs alertInputs(const PipelineStatus &status, const MetricsSnapshot &metrics)
{
    AlertInputs inputs;
    inputs.failed = status.state == PipelineState::Failed;
    inputs.retrying = status.state == PipelineState::Retrying;
    inputs.detail = status.detail;
    if (metrics.timeMs > 0 && status.state == PipelineState::Streaming)
        inputs.secondsBehindSource = metrics.value(Metric::SlotLagSeconds);
    inputs.deadLettersTotal = metrics.totalDeadLetters;
    inputs.walStatus = metrics.walStatus;
    for (const auto &[sink, tables] : metrics.quarantinedTables)
        for (const auto &table : tables)
            inputs.quarantinedTables.push_back(sink + ' ' + table);
    for (const auto &table : status.verification.tables)
        if (table.differences() > 0)
            inputs.differingTables.push_back(table.sink + ' ' + table.table);
    return inputs;
}

void AlertMonitor::evaluate(const PipelineStatus &status, const MetricsSnapshot &metrics,
                            std::int64_t nowMs)
{
    std::lock_guard lock(m_mutex);
    AlertInputs inputs = alertInputs(status, metrics);
    // Between two attempts the pipeline is Starting: still the same retrying spell.
    if (status.state == PipelineState::Starting && m_retrying)
        inputs.retrying = true;
    m_retrying = inputs.retrying;
    for (auto &transition : m_evaluator.evaluate(inputs, nowMs)) {
        const Alert &alert = transition.alert;
        const std::string line =
            "alert " + alert.rule + (transition.fired ? "" : " cleared") + ": " + alert.message;
        if (!transition.fired)
            log::info("alerts", line);
        else if (alert.severity == AlertSeverity::Critical)
            log::error("alerts", line);
        else
            log::warning("alerts", line);
        m_history.push_back(std::move(transition));
        if (m_history.size() > kHistory)
            m_history.pop_front();
    }
}

std::vector<AlertGauge> AlertMonitor::gauges() const
{
    std::lock_guard lock(m_mutex);
    std::vector<AlertGauge> gauges;
    for (const auto &rule : AlertEvaluator::ruleNames()) {
        AlertGauge gauge{rule, {}};
        for (const auto &alert : m_evaluator.active())
            if (alert.rule == rule)
                gauge.severity = severityName(alert.severity);
        gauges.push_back(std::move(gauge));
    }
    return gauges;
}

std::vector<Alert> AlertMonitor::active() const
{
    std::lock_guard lock(m_mutex);
    return m_evaluator.active();
}

std::vector<AlertTransition> AlertMonitor::history() const
{
    std::lock_guard lock(m_mutex);
    return {m_history.begin(), m_history.end()};
}

} // namespace syncline
