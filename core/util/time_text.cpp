#include "util/time_text.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace syncline {

std::string isoUtc(std::int64_t unixMillis)
{
    const std::time_t seconds = std::time_t(unixMillis / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  int(unixMillis % 1000));
    return text;
}

std::int64_t unixMillisNow()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t unixMicrosNow()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string isoUtcNow()
{
    return isoUtc(unixMillisNow());
}

} // namespace syncline
