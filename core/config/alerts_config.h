#pragma once

namespace syncline {

// The alert rules of a pipeline (alerts: in the file), each on by default. Durations in seconds.
struct AlertsConfig
{
    struct Rule
    {
        bool enabled = true;
        double above = 0;      // lag: seconds behind the source
        double forSeconds = 0; // how long the condition holds before the alert fires
        double clearAfter = 0; // dead_letters: quiet time after the last new one
    };
    Rule lag{true, 300, 120};
    Rule slotWalStatus;
    Rule retrying{true, 0, 600};
    Rule deadLetters{true, 0, 0, 600};
    Rule quarantined;
    Rule verifyDifferences;
    Rule pipelineFailed;
};

} // namespace syncline
