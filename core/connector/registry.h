#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncline {

// The connector registry: every section of a pipeline file declares its properties here once.
// The same declarations validate YAML (config/), write the reference docs (renderRegistryMarkdown)
// and will generate the designer's property forms.

enum class ConnectorKind
{
    Source,
    Transport,
    Sink,
    Transform, // a step of "transforms", between the source and the transport
};

enum class PropertyType
{
    String,
    Int,
    Bool,
    StringList,
    StringMap, // a mapping of names to single values, in file order (e.g. librdkafka properties)
    Enum,
    Connector,     // a mapping configured by a connector of PropertySpec::connectorKind
    ConnectorList, // a list of such mappings
    Duration,      // "30s", "15m", "6h", "1d", "1h30m" (config/duration.h); minimum in seconds
    Section,       // a mapping of the properties in PropertySpec::fields
};

struct PropertySpec
{
    std::string name{};
    PropertyType type = PropertyType::String;
    std::string defaultText{}; // empty: no default
    std::string doc{};         // one line
    bool required = false;
    bool secret = false; // never echoed in messages; accepts "file:<path>" (StringMap: each value)

    std::vector<std::string> allowedValues{}; // Enum
    std::optional<int> minimum{};             // Int
    std::string pattern{};                    // String, and each StringList entry (ECMAScript)
    std::size_t minItems = 0;                 // StringList, ConnectorList
    ConnectorKind connectorKind = ConnectorKind::Source; // Connector, ConnectorList
    bool computedDefault = false;       // defaultText describes a value derived while loading
    std::vector<PropertySpec> fields{}; // Section
};

struct ConnectorSpec
{
    ConnectorKind kind = ConnectorKind::Source;
    std::string type{}; // "postgres", "direct", ...
    std::string doc{};
    std::vector<PropertySpec> properties{}; // "type" first

    const PropertySpec *property(std::string_view name) const;
};

// The top level of a pipeline file (pipeline, source, transport, sinks, verify, state_dir).
// "source" is not marked required: it may be left out with the kafka transport only, which the
// loader checks.
const std::vector<PropertySpec> &pipelineProperties();

// Every registered connector, grouped by kind in declaration order.
const std::vector<ConnectorSpec> &connectorSpecs();

const ConnectorSpec *findConnector(ConnectorKind kind, std::string_view type);
std::vector<std::string> connectorTypes(ConnectorKind kind);
// The type used when a section omits "type" (transport: "direct"); nullopt when "type" is required.
std::optional<std::string> defaultConnectorType(ConnectorKind kind);

const PropertySpec *findProperty(const std::vector<PropertySpec> &properties,
                                 std::string_view name);

std::string_view kindName(ConnectorKind kind);       // "source", "transport", "sink", "transform"
std::string_view typeName(const PropertySpec &spec); // "string", "integer", "list of strings", ...

// The whole registry as a Markdown reference (one table per section), for README docs and
// `syncline connectors --markdown`.
std::string renderRegistryMarkdown();

} // namespace syncline
