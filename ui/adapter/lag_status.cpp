#include "lag_status.h"

#include <algorithm>
#include <vector>

namespace syncline::ui {
namespace {

// Lag per second by least squares; empty when all samples share one time.
std::optional<double> slopePerSecond(std::span<const LagSample> window)
{
    const double n = double(window.size());
    double sumT = 0, sumL = 0;
    for (const LagSample &sample : window) {
        sumT += double(sample.timeMs - window.front().timeMs) / 1000.0;
        sumL += sample.lag;
    }
    const double meanT = sumT / n, meanL = sumL / n;
    double covariance = 0, variance = 0;
    for (const LagSample &sample : window) {
        const double t = double(sample.timeMs - window.front().timeMs) / 1000.0 - meanT;
        covariance += t * (sample.lag - meanL);
        variance += t * t;
    }
    if (variance <= 0)
        return std::nullopt;
    return covariance / variance;
}

// The lag values with runs of repeats collapsed: a probe that runs every few seconds repeats
// its value in between, which says nothing about the trend.
std::vector<double> distinctSteps(std::span<const LagSample> window)
{
    std::vector<double> steps;
    for (const LagSample &sample : window) {
        if (steps.empty() || steps.back() != sample.lag)
            steps.push_back(sample.lag);
    }
    return steps;
}

} // namespace

LagEvaluation evaluateLag(std::span<const LagSample> window, bool running, double caughtUpLag)
{
    if (!running)
        return {LagStatus::Stopped, std::nullopt};
    if (window.size() < kMinLagSamples)
        return {LagStatus::Ok, std::nullopt};
    const auto caughtUp = [caughtUpLag](const LagSample &s) {
        return s.atHead || s.lag <= caughtUpLag;
    };
    if (std::any_of(window.begin(), window.end(), caughtUp))
        return {LagStatus::Ok, std::nullopt};

    const double first = window.front().lag, last = window.back().lag;
    const bool applied = std::any_of(window.begin(), window.end(),
                                     [](const LagSample &s) { return s.progress > 0; });
    if (!applied && last >= first)
        return {LagStatus::Stalled, std::nullopt};

    const std::vector<double> steps = distinctSteps(window);
    const bool grewEveryStep =
        steps.size() >= 3 && std::is_sorted(steps.begin(), steps.end()) && last > first;
    if (grewEveryStep)
        return {LagStatus::Warn, std::nullopt};

    LagEvaluation ok{LagStatus::Ok, std::nullopt};
    if (const auto slope = slopePerSecond(window); slope && *slope < 0)
        ok.etaSeconds = (last - caughtUpLag) / -*slope;
    return ok;
}

const char *lagStatusName(LagStatus status)
{
    switch (status) {
    case LagStatus::Ok:
        return "OK";
    case LagStatus::Warn:
        return "WARN";
    case LagStatus::Stalled:
        return "STALLED";
    case LagStatus::Stopped:
        return "STOPPED";
    }
    return "?";
}

} // namespace syncline::ui
