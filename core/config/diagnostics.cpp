#include "config/diagnostics.h"

#include <algorithm>
#include <yaml-cpp/mark.h>

namespace syncline {

SourceMark toSourceMark(const YAML::Mark &mark)
{
    if (mark.is_null() || mark.line < 0 || mark.column < 0)
        return {};
    return {mark.line + 1, mark.column + 1};
}

void Diagnostics::error(SourceMark at, std::string message)
{
    m_errors.push_back({m_file, at.line, at.column, std::move(message)});
}

std::vector<ConfigError> Diagnostics::takeErrors()
{
    std::stable_sort(m_errors.begin(), m_errors.end(),
                     [](const ConfigError &a, const ConfigError &b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
    return std::move(m_errors);
}

} // namespace syncline
