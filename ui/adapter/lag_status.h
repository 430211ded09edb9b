#pragma once

#include <QMetaType>

#include <cstdint>
#include <optional>
#include <span>

namespace syncline::ui {

// How a pipeline keeps up with its source, judged the way Burrow judges Kafka consumers: from
// the trend of the lag over a window of samples, never from a fixed lag threshold.
enum class LagStatus
{
    Ok,      // at the head at some point in the window, or the lag is not growing
    Warn,    // changes are applied, but the lag grew at every step of the window
    Stalled, // lag, and nothing was applied in the whole window
    Stopped  // the pipeline does not run
};

struct LagSample
{
    std::int64_t timeMs = 0;
    double lag = 0;      // e.g. slot lag in bytes
    double progress = 0; // changes applied since the previous sample
    // Everything read was applied at this sample (e.g. the time lag was under a second): the
    // pipeline was at the head, whatever bytes the slot still showed in flight.
    bool atHead = false;
};

struct LagEvaluation
{
    LagStatus status = LagStatus::Stopped;
    // Seconds until the lag is down to the caught-up level at the trend of the window; only
    // while it is shrinking.
    std::optional<double> etaSeconds;

    bool operator==(const LagEvaluation &) const = default;
};

// Fewer samples than this (seconds, at one a second) are not enough to call a trend.
inline constexpr std::size_t kMinLagSamples = 10;

// `window`: the samples in time order. A lag at or below `caughtUpLag` counts as none (a slot
// is rarely at exactly 0 bytes while its server writes WAL for other reasons).
LagEvaluation evaluateLag(std::span<const LagSample> window, bool running, double caughtUpLag = 0);

const char *lagStatusName(LagStatus status); // "OK", "WARN", "STALLED", "STOPPED"

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::LagEvaluation)
