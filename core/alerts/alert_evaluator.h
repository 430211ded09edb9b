#pragma once

#include "config/alerts_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace syncline {

enum class AlertSeverity
{
    Warning,
    Critical
};
const char *severityName(AlertSeverity severity);

// What the rules look at, taken from the pipeline's status and metrics once a second.
struct AlertInputs
{
    bool failed = false;
    bool retrying = false;
    std::string detail;              // the failure or the retry reason
    double secondsBehindSource = -1; // -1: not known (not streaming yet)
    std::string walStatus;           // the slot's pg_replication_slots.wal_status, or empty
    long long deadLettersTotal = 0;  // dead-lettered since the pipeline started
    std::vector<std::string> quarantinedTables;
    std::vector<std::string> differingTables; // the last verify found differences in them
};

struct Alert
{
    std::string rule; // "lag", "slot_wal_status", "retrying", "dead_letters", "quarantined", ...
    AlertSeverity severity = AlertSeverity::Warning;
    std::string message;
    std::int64_t sinceMs = 0; // when it fired
};

struct AlertTransition
{
    Alert alert;
    bool fired = true; // false: it cleared
};

// Evaluates a pipeline's alert rules (AlertsConfig) over time: a rule with a duration fires
// once its condition has held that long, and clears as soon as it no longer holds. The same
// rules run in the headless runner (logged, exported as metrics) and in the console.
class AlertEvaluator
{
public:
    explicit AlertEvaluator(AlertsConfig config);

    // Returns what fired or cleared since the last call.
    std::vector<AlertTransition> evaluate(const AlertInputs &inputs, std::int64_t nowMs);
    const std::vector<Alert> &active() const { return m_active; }
    // Every rule's name, in the order they are evaluated.
    static const std::vector<std::string> &ruleNames();

private:
    struct Condition
    {
        bool holds = false;
        AlertSeverity severity = AlertSeverity::Warning;
        std::string message;
    };
    struct RuleState
    {
        std::int64_t holdingSinceMs = -1;
    };

    void apply(const std::string &rule, const AlertsConfig::Rule &settings,
               const Condition &condition, std::int64_t nowMs,
               std::vector<AlertTransition> &transitions);
    Condition deadLetters(const AlertInputs &inputs, std::int64_t nowMs);

    AlertsConfig m_config;
    std::vector<Alert> m_active;
    std::vector<std::pair<std::string, RuleState>> m_states;
    long long m_deadLettersSeen = -1;
    long long m_deadLettersAtFiring = 0;
    std::int64_t m_lastNewDeadLetterMs = -1;
};

} // namespace syncline
