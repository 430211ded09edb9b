#pragma once

#include "connector/registry.h"

#include <string>
#include <vector>

// What the registry's declarations share across files (registry.cpp and each *_sink_spec.cpp).
namespace syncline {

inline const std::string kNamePattern = "[A-Za-z0-9_.-]+";

// "type": the only value allowed; the kind's default when not required.
PropertySpec typeProperty(const std::string &type, bool required);
PropertySpec sinkNameProperty();
// A sink's on_error, max_retries and group (kafka transport).
PropertySpec onError();
PropertySpec maxRetries();
PropertySpec consumerGroup();

// A list of column (or table) patterns, * globs.
PropertySpec columnPatterns(const std::string &name, const std::string &doc);
PropertySpec tablePatterns(const std::string &doc);

ConnectorSpec redisSinkSpec();
ConnectorSpec httpSinkSpec();
// mask, select, filter, route
std::vector<ConnectorSpec> transformSpecs();

} // namespace syncline
