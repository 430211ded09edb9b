#include "config/duration.h"

#include <array>
#include <utility>

namespace syncline {

namespace {

constexpr long long kMaxSeconds = 10LL * 366 * 24 * 3600;

constexpr std::array<std::pair<char, long long>, 4> kUnits{
    {{'d', 24 * 3600}, {'h', 3600}, {'m', 60}, {'s', 1}}};

std::optional<long long> unitSeconds(char unit)
{
    for (const auto &[name, seconds] : kUnits) {
        if (name == unit)
            return seconds;
    }
    return std::nullopt;
}

} // namespace

std::optional<long long> parseDurationSeconds(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    long long total = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        long long number = 0;
        const std::size_t digitsStart = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            number = number * 10 + (text[at++] - '0');
            if (number > kMaxSeconds)
                return std::nullopt;
        }
        if (at == digitsStart || at == text.size())
            return std::nullopt;
        const auto unit = unitSeconds(text[at++]);
        if (!unit)
            return std::nullopt;
        total += number * *unit;
        if (total > kMaxSeconds)
            return std::nullopt;
    }
    return total;
}

std::string durationText(long long seconds)
{
    if (seconds <= 0)
        return "0s";
    std::string text;
    for (const auto &[name, unitSeconds] : kUnits) {
        if (seconds >= unitSeconds) {
            text += std::to_string(seconds / unitSeconds) + name;
            seconds %= unitSeconds;
        }
    }
    return text;
}

} // namespace syncline
