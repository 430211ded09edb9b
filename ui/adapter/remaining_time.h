#pragma once

#include <optional>

namespace syncline::ui {

// How long until `done` reaches `total` at the average pace so far (`elapsedSeconds` for `done`),
// in seconds. Empty while nothing is done yet, without a total, or with no time elapsed.
std::optional<double> remainingSeconds(double done, double total, double elapsedSeconds);

} // namespace syncline::ui
