#include "util/glob.h"

namespace syncline {

bool globMatches(std::string_view pattern, std::string_view text)
{
    std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

namespace {

bool capture(std::string_view pattern, std::string_view text, std::vector<std::string> &captures)
{
    const auto star = pattern.find('*');
    if (star == std::string_view::npos)
        return pattern == text;
    if (text.substr(0, star) != pattern.substr(0, star))
        return false;
    for (std::size_t length = 0; star + length <= text.size(); ++length) {
        captures.emplace_back(text.substr(star, length));
        if (capture(pattern.substr(star + 1), text.substr(star + length), captures))
            return true;
        captures.pop_back();
    }
    return false;
}

} // namespace

std::optional<std::vector<std::string>> globCaptures(std::string_view pattern,
                                                     std::string_view text)
{
    std::vector<std::string> captures;
    if (!capture(pattern, text, captures))
        return std::nullopt;
    return captures;
}

} // namespace syncline
