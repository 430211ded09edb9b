#pragma once

#include "config/connector_sections.h"

#include <optional>

namespace YAML {
class Node;
}

namespace syncline {

// A step of "transforms" as read from `section` (its mapping is `item`), or nullopt after
// reporting why it cannot be used: hash and tokenize need a key, given as ${ENV} or file:<path>
// and never written in the file.
std::optional<TransformConfig> transformConfig(const ConnectorSection &section,
                                               const YAML::Node &item, Diagnostics &diagnostics);

} // namespace syncline
