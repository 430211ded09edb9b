#pragma once

#include "config/pipeline_config.h"
#include "config/property_reader.h"
#include "connector/registry.h"

#include <optional>
#include <string>
#include <string_view>

namespace YAML {
class Node;
}

namespace syncline {

class Diagnostics;

// A connector's mapping (the source, the transport, one sink), checked against its registered spec.
struct ConnectorSection
{
    const ConnectorSpec *spec = nullptr;
    PropertyValues values;
    SourceMark mark; // the mapping itself
};

// The pipeline's name where it is known to be valid (defaults derive from it), else empty.
struct PipelineName
{
    std::string name;
    SourceMark mark;
};

// Looks the connector up by the mapping's "type" (or the kind's default type) and reads its
// properties; nullopt after reporting an unknown or missing type. Missing keys are reported at
// `owner`.
std::optional<ConnectorSection> readConnector(const YAML::Node &map, ConnectorKind kind,
                                              std::string_view section, SourceMark owner,
                                              const ReadContext &context);
// All defaults, for an optional section left out (nullopt if the kind has no default type).
std::optional<ConnectorSection> defaultConnector(ConnectorKind kind);
// The index-th entry of a list of connectors of `kind` ("sinks", "transforms").
std::optional<ConnectorSection> readListItem(const YAML::Node &item, ConnectorKind kind,
                                             std::string_view list, std::size_t index,
                                             const ReadContext &context);

SourceConfig sourceConfig(const ConnectorSection &section, const PipelineName &pipeline,
                          Diagnostics &diagnostics);
// Whether the pipeline has a source decides about the kafka transport's "tables" (checked by the
// loader); they are read here as the source's are.
TransportConfig transportConfig(const ConnectorSection &section, const PipelineName &pipeline,
                                Diagnostics &diagnostics);
// Appends the sink unless its name is taken; its consumer group defaults from the pipeline name.
// `map` is the sink's mapping as written (a secret must refer to its value, not hold it).
// Relative tls_* files are resolved against context.baseDir.
void addSink(const ConnectorSection &section, const YAML::Node &map, const PipelineName &pipeline,
             PipelineConfig &config, const ReadContext &context);

} // namespace syncline
