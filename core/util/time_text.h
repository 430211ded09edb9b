#pragma once

#include <cstdint>
#include <string>

namespace syncline {

// "2026-11-22T06:30:00.123Z": ISO 8601 in UTC with milliseconds, which sorts as text.
std::string isoUtc(std::int64_t unixMillis);
std::string isoUtcNow();
std::int64_t unixMillisNow();
std::int64_t unixMicrosNow();

} // namespace syncline
