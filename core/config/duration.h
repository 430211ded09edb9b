#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace syncline {

// Durations as pipeline files write them: a number and a unit, s, m, h or d, or several such
// ("1h30m"). Returns the seconds, or nullopt for anything else (or more than ten years).
std::optional<long long> parseDurationSeconds(std::string_view text);

// The shortest such text for `seconds`: 21600 -> "6h", 5400 -> "1h30m", 0 -> "0s".
std::string durationText(long long seconds);

} // namespace syncline
