#pragma once

#include <cstdio>
#include <string>

namespace syncline {

// "12.3" for formatDecimal(12.345, 1): numbers for log lines.
inline std::string formatDecimal(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

} // namespace syncline
