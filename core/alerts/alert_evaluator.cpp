#include "alerts/alert_evaluator.h"

#include <algorithm>
#include <cmath>

namespace syncline {

namespace {

std::string joined(const std::vector<std::string> &names)
{
    std::string text;
    for (const auto &name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

std::string seconds(double value)
{
    return std::to_string(static_cast<long long>(std::llround(value))) + " s";
}

} // namespace

const char *severityName(AlertSeverity severity)
{
    return severity == AlertSeverity::Critical ? "critical" : "warning";
}

AlertEvaluator::AlertEvaluator(AlertsConfig config) : m_config(config) {}

const std::vector<std::string> &AlertEvaluator::ruleNames()
{
    static const std::vector<std::string> names = {
        "lag",         "slot_wal_status",    "retrying",       "dead_letters",
        "quarantined", "verify_differences", "pipeline_failed"};
    return names;
}

std::vector<AlertTransition> AlertEvaluator::evaluate(const AlertInputs &inputs, std::int64_t nowMs)
{
    std::vector<AlertTransition> transitions;
    const auto &c = m_config;

    Condition lag;
    lag.holds = inputs.secondsBehindSource > c.lag.above;
    lag.message = "the sinks are " + seconds(inputs.secondsBehindSource) +
                  " behind the source (threshold " + seconds(c.lag.above) + ")";
    apply("lag", c.lag, lag, nowMs, transitions);

    Condition wal;
    wal.holds = inputs.walStatus == "unreserved" || inputs.walStatus == "lost";
    wal.severity = inputs.walStatus == "lost" ? AlertSeverity::Critical : AlertSeverity::Warning;
    wal.message = inputs.walStatus == "lost"
                      ? "the replication slot was invalidated (wal_status lost): PostgreSQL "
                        "removed WAL it needed; the sinks must be loaded again"
                      : "the replication slot's WAL is past max_slot_wal_keep_size (wal_status "
                        "unreserved): PostgreSQL will invalidate the slot at the next "
                        "checkpoint unless the pipeline catches up";
    apply("slot_wal_status", c.slotWalStatus, wal, nowMs, transitions);

    Condition retrying;
    retrying.holds = inputs.retrying;
    retrying.message = "retrying: " + inputs.detail;
    apply("retrying", c.retrying, retrying, nowMs, transitions);

    apply("dead_letters", c.deadLetters, deadLetters(inputs, nowMs), nowMs, transitions);

    Condition quarantined;
    quarantined.holds = !inputs.quarantinedTables.empty();
    quarantined.severity = AlertSeverity::Critical;
    quarantined.message = "quarantined: " + joined(inputs.quarantinedTables) +
                          " (a schema change the sink cannot apply; see syncline dlq list)";
    apply("quarantined", c.quarantined, quarantined, nowMs, transitions);

    Condition differences;
    differences.holds = !inputs.differingTables.empty();
    differences.message = "verify found differences in " + joined(inputs.differingTables);
    apply("verify_differences", c.verifyDifferences, differences, nowMs, transitions);

    Condition failed;
    failed.holds = inputs.failed;
    failed.severity = AlertSeverity::Critical;
    failed.message = "the pipeline failed: " + inputs.detail;
    apply("pipeline_failed", c.pipelineFailed, failed, nowMs, transitions);
    return transitions;
}

AlertEvaluator::Condition AlertEvaluator::deadLetters(const AlertInputs &inputs, std::int64_t nowMs)
{
    if (m_deadLettersSeen < 0 || inputs.deadLettersTotal < m_deadLettersSeen)
        m_deadLettersSeen = inputs.deadLettersTotal; // a new session counts from zero again
    const bool firing = std::any_of(m_active.begin(), m_active.end(), [](const Alert &alert) {
        return alert.rule == "dead_letters";
    });
    if (inputs.deadLettersTotal > m_deadLettersSeen) {
        if (!firing)
            m_deadLettersAtFiring = m_deadLettersSeen;
        m_lastNewDeadLetterMs = nowMs;
        m_deadLettersSeen = inputs.deadLettersTotal;
    }
    Condition condition;
    condition.holds = m_lastNewDeadLetterMs >= 0 && double(nowMs - m_lastNewDeadLetterMs) <
                                                        m_config.deadLetters.clearAfter * 1000;
    condition.message = std::to_string(m_deadLettersSeen - m_deadLettersAtFiring) +
                        " new dead letter(s): changes the sinks' targets kept rejecting (see "
                        "syncline dlq list)";
    return condition;
}

void AlertEvaluator::apply(const std::string &rule, const AlertsConfig::Rule &settings,
                           const Condition &condition, std::int64_t nowMs,
                           std::vector<AlertTransition> &transitions)
{
    auto state = std::find_if(m_states.begin(), m_states.end(),
                              [&](const auto &one) { return one.first == rule; });
    if (state == m_states.end())
        state = m_states.insert(m_states.end(), {rule, RuleState{}});
    auto active = std::find_if(m_active.begin(), m_active.end(),
                               [&](const Alert &alert) { return alert.rule == rule; });
    const bool holds = settings.enabled && condition.holds;
    if (!holds) {
        state->second.holdingSinceMs = -1;
        if (active != m_active.end()) {
            transitions.push_back({*active, false});
            m_active.erase(active);
        }
        return;
    }
    if (state->second.holdingSinceMs < 0)
        state->second.holdingSinceMs = nowMs;
    if (active != m_active.end()) {
        // Still firing: the message follows the figures, a change of severity fires anew.
        const bool escalated = active->severity != condition.severity;
        active->message = condition.message;
        if (escalated) {
            active->severity = condition.severity;
            active->sinceMs = nowMs;
            transitions.push_back({*active, true});
        }
        return;
    }
    if (double(nowMs - state->second.holdingSinceMs) < settings.forSeconds * 1000)
        return;
    m_active.push_back({rule, condition.severity, condition.message, nowMs});
    transitions.push_back({m_active.back(), true});
}

} // namespace syncline
