#include "config/pipeline_yaml_writer.h"

#include "connector/registry.h"

#include <yaml-cpp/yaml.h>

namespace syncline {

namespace {

// yaml-cpp 0.7 writes text with a carriage return as a plain scalar, and reads a CR just before a
// line break as part of the break, so "x\r" would come back as "x". In double quotes it is escaped.
void emitText(YAML::Emitter &out, const std::string &text)
{
    if (text.find('\r') != std::string::npos)
        out << YAML::DoubleQuoted;
    out << text;
}

void emitValue(YAML::Emitter &out, const DocumentValue &value)
{
    switch (value.shape) {
    case DocumentValue::Shape::Scalar:
        emitText(out, value.text);
        break;
    case DocumentValue::Shape::List:
        out << YAML::Flow << YAML::BeginSeq;
        for (const auto &item : value.items)
            emitText(out, item);
        out << YAML::EndSeq;
        break;
    case DocumentValue::Shape::Map:
        out << YAML::BeginMap;
        for (const auto &[key, text] : value.pairs) {
            out << YAML::Key;
            emitText(out, key);
            out << YAML::Value;
            emitText(out, text);
        }
        out << YAML::EndMap;
        break;
    case DocumentValue::Shape::Yaml:
        out << YAML::Load(value.text);
        break;
    }
}

// The entries named in `order` first, in that order, then the others as they are.
void emitEntries(YAML::Emitter &out, const DocumentSection &section,
                 const std::vector<PropertySpec> &order)
{
    for (const auto &spec : order) {
        if (const DocumentValue *value = section.find(spec.name)) {
            out << YAML::Key << spec.name << YAML::Value;
            emitValue(out, *value);
        }
    }
    for (const auto &entry : section.entries) {
        if (!findProperty(order, entry.key)) {
            out << YAML::Key;
            emitText(out, entry.key);
            out << YAML::Value;
            emitValue(out, entry.value);
        }
    }
}

void emitSection(YAML::Emitter &out, const DocumentSection &section, ConnectorKind kind)
{
    const std::string type =
        section.find("type") ? section.text("type") : defaultConnectorType(kind).value_or("");
    const ConnectorSpec *spec = findConnector(kind, type);
    static const std::vector<PropertySpec> none;
    out << YAML::BeginMap;
    emitEntries(out, section, spec ? spec->properties : none);
    out << YAML::EndMap;
}

void emitSections(YAML::Emitter &out, const char *key, const std::vector<DocumentSection> &sections,
                  ConnectorKind kind)
{
    out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
    for (const auto &section : sections)
        emitSection(out, section, kind);
    out << YAML::EndSeq;
}

} // namespace

std::string writePipelineYaml(const PipelineDocument &document)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const auto &property : pipelineProperties()) {
        if (property.name == "source" && document.source) {
            out << YAML::Key << "source" << YAML::Value;
            emitSection(out, *document.source, ConnectorKind::Source);
        } else if (property.name == "transport" && document.transport) {
            out << YAML::Key << "transport" << YAML::Value;
            emitSection(out, *document.transport, ConnectorKind::Transport);
        } else if (property.name == "sinks" && !document.sinks.empty()) {
            emitSections(out, "sinks", document.sinks, ConnectorKind::Sink);
        } else if (property.name == "transforms" && !document.transforms.empty()) {
            emitSections(out, "transforms", document.transforms, ConnectorKind::Transform);
        } else if (const DocumentValue *value = document.top.find(property.name)) {
            out << YAML::Key << property.name << YAML::Value;
            emitValue(out, *value);
        }
    }
    for (const auto &entry : document.top.entries) {
        if (!findProperty(pipelineProperties(), entry.key)) {
            out << YAML::Key;
            emitText(out, entry.key);
            out << YAML::Value;
            emitValue(out, entry.value);
        }
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

} // namespace syncline
