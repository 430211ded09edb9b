#pragma once

#include "model/lsn.h"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace syncline::kafka {

// Where a message's change stands in the source stream: header syncline.position,
// "<commit LSN>#<index>", increasing within a partition. A change that becomes two messages
// takes two indexes.
struct MessagePosition
{
    std::uint64_t lsn = 0;
    std::uint64_t index = 0;

    static std::optional<MessagePosition> parse(std::string_view text);
    std::string toString() const;
    constexpr auto operator<=>(const MessagePosition &) const = default;
};

// The snapshot's rows sit just below the consistent point, where streaming starts: a
// transaction that commits exactly there still sorts after every one of them, and a sink
// whose target holds that snapshot skips them by the same rule as older history.
MessagePosition snapshotPosition(Lsn consistentPoint, std::uint64_t index);

// The last value of the header `name`, if the message has it.
std::optional<std::string> messageHeader(const rd_kafka_message_t &message, const char *name);

} // namespace syncline::kafka
