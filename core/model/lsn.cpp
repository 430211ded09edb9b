#include "model/lsn.h"

#include <charconv>
#include <cstdio>

namespace syncline {

std::optional<Lsn> Lsn::parse(std::string_view text)
{
    const auto slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size())
        return std::nullopt;
    std::uint32_t high = 0;
    std::uint32_t low = 0;
    const auto hi = std::from_chars(text.data(), text.data() + slash, high, 16);
    const auto lo = std::from_chars(text.data() + slash + 1, text.data() + text.size(), low, 16);
    if (hi.ec != std::errc() || hi.ptr != text.data() + slash || lo.ec != std::errc() ||
        lo.ptr != text.data() + text.size())
        return std::nullopt;
    return Lsn((std::uint64_t(high) << 32) | low);
}

std::string Lsn::toString() const
{
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%X/%X", unsigned(m_value >> 32), unsigned(m_value));
    return buffer;
}

} // namespace syncline
