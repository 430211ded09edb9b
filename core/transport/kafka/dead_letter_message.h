#pragma once

#include "dlq/dead_letter.h"

#include <optional>
#include <string>

namespace syncline::kafka {

struct BrowsedMessage;

// One message of the dead-letter topic `topic` as a pending dead letter of `sink`, or nullopt
// when it is none: no __connect.errors.topic header, or a tombstone. Works on the message's bytes
// alone (no broker, no store), so whatever a topic holds can be tried against it.
std::optional<dlq::DeadLetter> deadLetterOfMessage(const BrowsedMessage &message,
                                                   const std::string &topic,
                                                   const std::string &sink);

} // namespace syncline::kafka
