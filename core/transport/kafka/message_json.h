#pragma once

#include "transport/kafka/browse_types.h"

#include <string>

namespace syncline::kafka {

// One browsed message as a line of JSON (no newline): topic, partition, offset, timestamp
// (ms, or null), key and value (embedded as JSON when they are JSON text, else as strings;
// null when absent) and headers as [{"name":..,"value":..}] (order and repeats kept).
std::string messageToJsonLine(const std::string &topic, const BrowsedMessage &message);

// `value` indented for reading when it is JSON text; empty otherwise.
std::string prettyJson(const std::string &value);

} // namespace syncline::kafka
