#pragma once

#include "model/lsn.h"
#include "model/message_position.h"

#include <cstdint>
#include <optional>
#include <string>

typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace syncline::kafka {

// The snapshot's rows sit just below the consistent point, where streaming starts: a
// transaction that commits exactly there still sorts after every one of them, and a sink
// whose target holds that snapshot skips them by the same rule as older history.
MessagePosition snapshotPosition(Lsn consistentPoint, std::uint64_t index);

// The last value of the header `name`, if the message has it.
std::optional<std::string> messageHeader(const rd_kafka_message_t &message, const char *name);

} // namespace syncline::kafka
