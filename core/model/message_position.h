#pragma once

#include "model/lsn.h"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace syncline {

// Where one change stands in the source stream: "<commit LSN>#<index>", increasing within a
// table's stream. A change that becomes two messages takes two indexes.
struct MessagePosition
{
    std::uint64_t lsn = 0;
    std::uint64_t index = 0;

    static std::optional<MessagePosition> parse(std::string_view text);
    std::string toString() const;
    constexpr auto operator<=>(const MessagePosition &) const = default;
};

} // namespace syncline
