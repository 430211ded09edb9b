#pragma once

#include "connector/registry.h"

#include <string>

// What the registry's declarations share across files (registry.cpp, redis_sink_spec.cpp).
namespace syncline {

inline const std::string kNamePattern = "[A-Za-z0-9_.-]+";

// "type": the only value allowed; the kind's default when not required.
PropertySpec typeProperty(const std::string &type, bool required);
PropertySpec sinkNameProperty();

ConnectorSpec redisSinkSpec();

} // namespace syncline
