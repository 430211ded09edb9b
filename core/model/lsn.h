#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace syncline {

// A position in PostgreSQL's write-ahead log, printed the way the server prints it ("16/B374D848").
class Lsn
{
public:
    constexpr Lsn() = default;
    constexpr explicit Lsn(std::uint64_t value) : m_value(value) {}

    static std::optional<Lsn> parse(std::string_view text);

    constexpr std::uint64_t value() const { return m_value; }
    constexpr bool isValid() const { return m_value != 0; }
    std::string toString() const;

    constexpr auto operator<=>(const Lsn &) const = default;

private:
    std::uint64_t m_value = 0;
};

} // namespace syncline
