#include "config/property_reader.h"

#include "config/diagnostics.h"
#include "config/duration.h"
#include "config/spelling.h"
#include "config/value_expander.h"

#include <algorithm>
#include <charconv>
#include <regex>
#include <stdexcept>
#include <yaml-cpp/yaml.h>

namespace syncline {

namespace {

std::optional<int> parseInt(std::string_view text)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

std::optional<bool> parseBool(std::string_view text)
{
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    return std::nullopt;
}

std::string inQuotes(std::string_view name)
{
    return "'" + std::string(name) + "'";
}

std::string inSection(std::string_view section)
{
    return section.empty() ? std::string() : " in " + std::string(section);
}

// What a property's value should look like, for "'x' must be <expected>, not <found>".
std::string expectedKind(const PropertySpec &spec)
{
    switch (spec.type) {
    case PropertyType::String:
    case PropertyType::Enum:
        return "a string";
    case PropertyType::Int:
        return "an integer";
    case PropertyType::Bool:
        return "true or false";
    case PropertyType::StringList:
        return "a list of strings";
    case PropertyType::StringMap:
        return "a mapping";
    case PropertyType::Connector:
        return "a mapping";
    case PropertyType::ConnectorList:
        return "a list of mappings";
    case PropertyType::Duration:
        return "a duration";
    case PropertyType::Section:
        return "a mapping";
    }
    return "a value";
}

// Every pattern describes a name (PostgreSQL allows 63 bytes a part, Kafka 249 for a topic).
// Longer text is refused before matching: libstdc++'s std::regex recurses once per character
// and overflows the stack on some ten thousand.
constexpr std::size_t kMaxPatternedLength = 255;

// Why `text` is no valid value of `spec` (without the value), or nullopt when it is valid.
std::optional<std::string> scalarProblem(const PropertySpec &spec, std::string_view text)
{
    if (!spec.pattern.empty() && text.size() > kMaxPatternedLength)
        return "expected at most " + std::to_string(kMaxPatternedLength) + " characters";
    if (!spec.pattern.empty() &&
        !std::regex_match(text.begin(), text.end(), std::regex(spec.pattern)))
        return "expected a value matching " + spec.pattern;
    switch (spec.type) {
    case PropertyType::Int: {
        const auto value = parseInt(text);
        if (!value)
            return std::string("expected an integer");
        if (spec.minimum && *value < *spec.minimum)
            return "expected at least " + std::to_string(*spec.minimum);
        return std::nullopt;
    }
    case PropertyType::Bool:
        if (!parseBool(text))
            return std::string("expected true or false");
        return std::nullopt;
    case PropertyType::Duration: {
        const auto seconds = parseDurationSeconds(text);
        if (!seconds)
            return std::string("expected a number and a unit, s, m, h or d, as 30m, 6h or 1h30m");
        if (spec.minimum && *seconds < *spec.minimum)
            return "expected at least " + durationText(*spec.minimum);
        return std::nullopt;
    }
    case PropertyType::Enum:
        if (std::find(spec.allowedValues.begin(), spec.allowedValues.end(), text) ==
            spec.allowedValues.end())
            return "expected one of: " + joined(spec.allowedValues);
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

// The first 64 bytes of a longer value, cut before a UTF-8 continuation byte, and "...".
std::string shortened(std::string_view text)
{
    std::size_t length = 64;
    if (text.size() <= length)
        return std::string(text);
    while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80)
        --length;
    return std::string(text.substr(0, length)) + "...";
}

// "invalid value 'x' for 'slot' (expected ...)"; a secret's value is never shown.
std::string invalidValueMessage(const PropertySpec &spec, std::string_view what,
                                std::string_view text, const std::string &problem)
{
    const std::string shown = spec.secret ? std::string() : " " + inQuotes(shortened(text));
    return "invalid " + std::string(what) + shown + " for " + inQuotes(spec.name) + " (" + problem +
           ")";
}

bool checkKind(const PropertySpec &spec, const YAML::Node &value, bool ok, SourceMark at,
               Diagnostics &diagnostics)
{
    if (!ok) {
        diagnostics.error(at, inQuotes(spec.name) + " must be " + expectedKind(spec) + ", not " +
                                  describeNode(value));
    }
    return ok;
}

bool checkItemCount(const PropertySpec &spec, const YAML::Node &value, SourceMark at,
                    Diagnostics &diagnostics)
{
    if (value.size() >= spec.minItems)
        return true;
    diagnostics.error(at, inQuotes(spec.name) + " must have at least " +
                              std::to_string(spec.minItems) +
                              (spec.minItems == 1 ? " entry" : " entries"));
    return false;
}

std::optional<std::string> readCheckedScalar(const YAML::Node &node, const PropertySpec &spec,
                                             std::string_view what, SourceMark at,
                                             const ReadContext &context)
{
    auto text = readScalar(node, spec, at, context);
    if (!text)
        return std::nullopt;
    if (const auto problem = scalarProblem(spec, *text)) {
        context.diagnostics.error(at, invalidValueMessage(spec, what, *text, *problem));
        return std::nullopt;
    }
    return text;
}

bool readList(const YAML::Node &value, PropertyValue &out, const ReadContext &context)
{
    const PropertySpec &spec = *out.spec;
    if (!checkKind(spec, value, value.IsSequence(), out.valueMark, context.diagnostics) ||
        !checkItemCount(spec, value, out.valueMark, context.diagnostics))
        return false;
    std::vector<std::string> items;
    bool ok = true;
    for (const auto &item : value) {
        const SourceMark at = toSourceMark(item.Mark());
        if (!item.IsScalar()) {
            context.diagnostics.error(at, "entries of " + inQuotes(spec.name) +
                                              " must be strings, not " + describeNode(item));
            ok = false;
        } else if (auto text = readCheckedScalar(item, spec, "entry", at, context)) {
            items.push_back(std::move(*text));
            out.itemMarks.push_back(at);
        } else {
            ok = false;
        }
    }
    out.value = std::move(items);
    return ok;
}

// A StringMap value: a single value, ${ENV}-expanded and, for a secret, file: resolved. Messages
// name the entry's key, never its value.
std::optional<std::string> readMapValue(const std::string &name, const YAML::Node &key,
                                        const YAML::Node &value, const PropertySpec &spec,
                                        const ReadContext &context)
{
    Diagnostics &diagnostics = context.diagnostics;
    const std::string entry = inQuotes(name) + " in " + inQuotes(spec.name);
    const SourceMark at = toSourceMark(value.Mark());
    if (value.IsNull()) {
        diagnostics.error(toSourceMark(key.Mark()), entry + " has no value");
        return std::nullopt;
    }
    if (!value.IsScalar()) {
        diagnostics.error(at, entry + " must be a single value, not " + describeNode(value));
        return std::nullopt;
    }
    auto text = expandEnvironment(value.Scalar(), name, at, diagnostics);
    if (!text || !spec.secret)
        return text;
    return resolveSecretFile(std::move(*text), name, context.baseDir, at, diagnostics);
}

// The entries of a StringMap: plain names, each once, mapped to single values.
bool readStringMap(const YAML::Node &map, PropertyValue &out, const ReadContext &context)
{
    const PropertySpec &spec = *out.spec;
    Diagnostics &diagnostics = context.diagnostics;
    std::vector<std::pair<std::string, SourceMark>> seen;
    StringPairs entries;
    bool ok = true;
    for (const auto &pair : map) { // pairs by value, as in readProperties
        const YAML::Node key = pair.first;
        const YAML::Node value = pair.second;
        const SourceMark keyMark = toSourceMark(key.Mark());
        if (!key.IsScalar() || key.Scalar().empty()) {
            diagnostics.error(keyMark, "keys in " + inQuotes(spec.name) +
                                           " must be plain names, not " +
                                           (key.IsScalar() ? "empty" : describeNode(key)));
            ok = false;
            continue;
        }
        const std::string name = key.Scalar();
        const auto first = std::find_if(seen.begin(), seen.end(),
                                        [&](const auto &known) { return known.first == name; });
        if (first != seen.end()) {
            diagnostics.error(keyMark, "duplicate key " + inQuotes(name) + " in " +
                                           inQuotes(spec.name) + " (first at line " +
                                           std::to_string(first->second.line) + ")");
            ok = false;
            continue;
        }
        seen.emplace_back(name, keyMark);
        if (auto text = readMapValue(name, key, value, spec, context)) {
            entries.emplace_back(name, std::move(*text));
            out.itemMarks.push_back(toSourceMark(value.Mark()));
        } else {
            ok = false;
        }
    }
    out.value = std::move(entries);
    return ok;
}

std::vector<std::string> propertyNames(const std::vector<PropertySpec> &specs)
{
    std::vector<std::string> names;
    for (const auto &spec : specs)
        names.push_back(spec.name);
    return names;
}

} // namespace

const PropertyValue *PropertyValues::find(std::string_view name) const
{
    const auto it = std::find_if(m_values.begin(), m_values.end(), [&](const PropertyValue &value) {
        return value.spec->name == name;
    });
    return it == m_values.end() ? nullptr : &*it;
}

const PropertySpec &PropertyValues::spec(std::string_view name) const
{
    const PropertySpec *spec = findProperty(*m_specs, name);
    if (!spec)
        throw std::logic_error("no property '" + std::string(name) + "' declared");
    return *spec;
}

std::string PropertyValues::text(std::string_view name) const
{
    const PropertyValue *value = find(name);
    return value ? std::get<std::string>(value->value) : spec(name).defaultText;
}

int PropertyValues::integer(std::string_view name) const
{
    const PropertyValue *value = find(name);
    return value ? std::get<int>(value->value) : parseInt(spec(name).defaultText).value_or(0);
}

bool PropertyValues::boolean(std::string_view name) const
{
    const PropertyValue *value = find(name);
    return value ? std::get<bool>(value->value) : parseBool(spec(name).defaultText).value_or(false);
}

std::vector<std::string> PropertyValues::list(std::string_view name) const
{
    const PropertyValue *value = find(name);
    return value ? std::get<std::vector<std::string>>(value->value) : std::vector<std::string>();
}

StringPairs PropertyValues::stringMap(std::string_view name) const
{
    const PropertyValue *value = find(name);
    return value ? std::get<StringPairs>(value->value) : StringPairs();
}

std::optional<PropertyValue> readValue(const PropertySpec &spec, const YAML::Node &key,
                                       const YAML::Node &value, const ReadContext &context)
{
    PropertyValue out{.spec = &spec, .keyMark = toSourceMark(key.Mark())};
    if (value.IsNull()) {
        context.diagnostics.error(out.keyMark, inQuotes(spec.name) + " has no value");
        return std::nullopt;
    }
    out.valueMark = toSourceMark(value.Mark());
    Diagnostics &diagnostics = context.diagnostics;
    switch (spec.type) {
    case PropertyType::StringList:
        if (!readList(value, out, context))
            return std::nullopt;
        return out;
    case PropertyType::StringMap:
        if (!checkKind(spec, value, value.IsMap(), out.valueMark, diagnostics) ||
            !readStringMap(value, out, context))
            return std::nullopt;
        return out;
    case PropertyType::Connector:
    case PropertyType::Section:
        if (!checkKind(spec, value, value.IsMap(), out.valueMark, diagnostics))
            return std::nullopt;
        out.node = value;
        return out;
    case PropertyType::ConnectorList:
        if (!checkKind(spec, value, value.IsSequence(), out.valueMark, diagnostics) ||
            !checkItemCount(spec, value, out.valueMark, diagnostics))
            return std::nullopt;
        out.node = value;
        return out;
    default:
        break;
    }
    if (!checkKind(spec, value, value.IsScalar(), out.valueMark, diagnostics))
        return std::nullopt;
    auto text = readCheckedScalar(value, spec, "value", out.valueMark, context);
    if (!text)
        return std::nullopt;
    if (spec.type == PropertyType::Int)
        out.value = *parseInt(*text);
    else if (spec.type == PropertyType::Duration)
        out.value = int(*parseDurationSeconds(*text));
    else if (spec.type == PropertyType::Bool)
        out.value = *parseBool(*text);
    else
        out.value = std::move(*text);
    return out;
}

PropertyValues readProperties(const YAML::Node &map, const std::vector<PropertySpec> &specs,
                              std::string_view section, SourceMark owner,
                              const ReadContext &context)
{
    PropertyValues values(specs);
    Diagnostics &diagnostics = context.diagnostics;
    std::vector<std::pair<std::string, SourceMark>> seen;
    std::vector<std::string> suggested; // "did you mean" answers: not reported missing as well
    for (const auto &entry : map) { // yaml-cpp yields pairs by value: copy, never point into them
        const YAML::Node key = entry.first;
        const SourceMark keyMark = toSourceMark(key.Mark());
        if (!key.IsScalar()) {
            diagnostics.error(keyMark, "keys must be plain names, not " + describeNode(key));
            continue;
        }
        const std::string name = key.Scalar();
        const auto first = std::find_if(seen.begin(), seen.end(),
                                        [&](const auto &known) { return known.first == name; });
        if (first != seen.end()) {
            diagnostics.error(keyMark, "duplicate key " + inQuotes(name) + inSection(section) +
                                           " (first at line " + std::to_string(first->second.line) +
                                           ")");
            continue;
        }
        seen.emplace_back(name, keyMark);
        const PropertySpec *spec = findProperty(specs, name);
        if (!spec) {
            const auto names = propertyNames(specs);
            const auto match = closestMatch(name, names);
            if (match)
                suggested.push_back(*match);
            const std::string hint = match ? " (did you mean '" + *match + "'?)"
                                           : " (expected one of: " + joined(names) + ")";
            diagnostics.error(keyMark, "unknown key " + inQuotes(name) + inSection(section) + hint);
            continue;
        }
        if (auto value = readValue(*spec, key, entry.second, context))
            values.add(std::move(*value));
    }
    for (const auto &spec : specs) {
        const bool present = std::any_of(
            seen.begin(), seen.end(), [&](const auto &entry) { return entry.first == spec.name; });
        const bool misspelt =
            std::find(suggested.begin(), suggested.end(), spec.name) != suggested.end();
        if (spec.required && !present && !misspelt)
            diagnostics.error(owner, missingKeyMessage(spec.name, section));
    }
    return values;
}

std::optional<std::string> readScalar(const YAML::Node &value, const PropertySpec &spec,
                                      SourceMark at, const ReadContext &context)
{
    auto text = expandEnvironment(value.Scalar(), spec.name, at, context.diagnostics);
    if (!text || !spec.secret)
        return text;
    return resolveSecretFile(std::move(*text), spec.name, context.baseDir, at, context.diagnostics);
}

std::string describeNode(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Scalar:
        return "a single value";
    default:
        return "nothing";
    }
}

std::string missingKeyMessage(std::string_view key, std::string_view section)
{
    return "missing required key " + inQuotes(key) + inSection(section);
}

std::optional<std::string> referencedSecret(const PropertyValues &values, const YAML::Node &map,
                                            const std::string &name, Diagnostics &diagnostics)
{
    const PropertyValue *secret = values.find(name);
    if (!secret)
        return std::nullopt; // absent, or its ${ENV} or file: failed: reported already
    const std::string written = map[name].Scalar();
    if (!written.starts_with("${") && !written.starts_with("file:")) {
        diagnostics.error(secret->valueMark, "the " + name +
                                                 " is written in the file: give it as "
                                                 "${ENV_VARIABLE} or file:/path/to/" +
                                                 name + " instead");
        return std::nullopt;
    }
    std::string value = values.text(name);
    if (value.empty()) {
        diagnostics.error(secret->valueMark, "the " + name + " is empty");
        return std::nullopt;
    }
    return value;
}

} // namespace syncline
