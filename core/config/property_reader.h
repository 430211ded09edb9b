#pragma once

#include "config/pipeline_config.h"
#include "connector/registry.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>
#include <yaml-cpp/node/node.h>

namespace syncline {

class Diagnostics;

// A StringMap's entries in file order: (name as written, value expanded).
using StringPairs = std::vector<std::pair<std::string, std::string>>;

// One property as read from a pipeline file, already checked against its PropertySpec.
struct PropertyValue
{
    const PropertySpec *spec = nullptr;
    SourceMark keyMark{};
    SourceMark valueMark{};
    std::variant<std::monostate, std::string, int, bool, std::vector<std::string>, StringPairs>
        value{};
    std::vector<SourceMark> itemMarks{}; // StringList: one per entry; StringMap: each value's
    YAML::Node node{};                   // Connector, ConnectorList: the mapping or the list
};

// The valid properties of one mapping; getters fall back to the spec's default.
class PropertyValues
{
public:
    explicit PropertyValues(const std::vector<PropertySpec> &specs) : m_specs(&specs) {}

    void add(PropertyValue value) { m_values.push_back(std::move(value)); }
    const PropertyValue *find(std::string_view name) const;

    std::string text(std::string_view name) const; // String, Enum
    int integer(std::string_view name) const;
    bool boolean(std::string_view name) const;
    std::vector<std::string> list(std::string_view name) const;
    StringPairs stringMap(std::string_view name) const; // empty when absent

private:
    const PropertySpec &spec(std::string_view name) const;

    const std::vector<PropertySpec> *m_specs;
    std::vector<PropertyValue> m_values;
};

struct ReadContext
{
    Diagnostics &diagnostics;
    std::filesystem::path baseDir; // for relative file: secrets
};

// Checks the mapping `map` against `specs`: unknown and duplicate keys, missing required keys,
// YAML kinds, integers, booleans, enums, patterns, list sizes, the entries of string maps.
// Scalars get ${ENV} expanded and secrets their file: resolved (a secret string map: each value).
// Problems are reported (missing keys at `owner`; `section` names the mapping, empty at the top
// level); what was valid is returned.
PropertyValues readProperties(const YAML::Node &map, const std::vector<PropertySpec> &specs,
                              std::string_view section, SourceMark owner,
                              const ReadContext &context);

// One key: value pair checked against `spec` the way readProperties does; nullopt after reporting.
std::optional<PropertyValue> readValue(const PropertySpec &spec, const YAML::Node &key,
                                       const YAML::Node &value, const ReadContext &context);

// A scalar with ${ENV} expanded and, for a secret, file: resolved; nullopt after reporting at `at`.
std::optional<std::string> readScalar(const YAML::Node &value, const PropertySpec &spec,
                                      SourceMark at, const ReadContext &context);

// The secret property `name` of `map`, which must refer to its value (${ENV} or file:<path>)
// rather than hold it: a secret in the file itself would travel with every copy of the file.
// nullopt when `map` lacks it, or after reporting why it cannot be used.
std::optional<std::string> referencedSecret(const PropertyValues &values, const YAML::Node &map,
                                            const std::string &name, Diagnostics &diagnostics);

// "a list", "a mapping", "a single value", "nothing": for "'x' must be a mapping, not a list".
std::string describeNode(const YAML::Node &node);
std::string missingKeyMessage(std::string_view key, std::string_view section);

} // namespace syncline
