#include "config/pipeline_yaml_reader.h"

#include "config/diagnostics.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace syncline {

namespace {

bool allScalars(const YAML::Node &node)
{
    return std::all_of(node.begin(), node.end(), [&](const auto &item) {
        const YAML::Node value = node.IsMap() ? item.second : YAML::Node(item);
        return value.IsScalar() && (!node.IsMap() || item.first.IsScalar());
    });
}

DocumentValue readValue(const YAML::Node &node)
{
    if (node.IsScalar())
        return DocumentValue::scalar(node.Scalar());
    if (node.IsSequence() && allScalars(node)) {
        std::vector<std::string> items;
        for (const auto &item : node)
            items.push_back(item.Scalar());
        return DocumentValue::list(std::move(items));
    }
    if (node.IsMap() && node.size() > 0 && allScalars(node)) {
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const auto &item : node)
            pairs.emplace_back(item.first.Scalar(), item.second.Scalar());
        return DocumentValue::map(std::move(pairs));
    }
    YAML::Emitter out;
    out << YAML::Flow << node;
    return DocumentValue::yaml(out.c_str());
}

DocumentSection readSection(const YAML::Node &map, SourceMark mark)
{
    DocumentSection section{.mark = mark};
    for (const auto &item : map) {
        section.entries.push_back({item.first.IsScalar() ? item.first.Scalar() : std::string(),
                                   readValue(item.second), toSourceMark(item.first.Mark())});
    }
    return section;
}

bool isListOfMaps(const YAML::Node &node)
{
    return node.IsSequence() && node.size() > 0 &&
           std::all_of(node.begin(), node.end(),
                       [](const YAML::Node &item) { return item.IsMap(); });
}

} // namespace

PipelineDocumentResult readPipelineYaml(std::string_view yamlText,
                                        const std::filesystem::path &pretendFile)
{
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yamlText));
    } catch (const YAML::Exception &e) {
        const SourceMark at = toSourceMark(e.mark);
        return ConfigError{pretendFile, at.line, at.column, "YAML syntax: " + e.msg};
    }
    PipelineDocument document;
    if (root.IsNull())
        return document;
    if (!root.IsMap())
        return ConfigError{pretendFile, 1, 1, "a pipeline file must be a mapping"};
    for (const auto &item : root) {
        const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string();
        const SourceMark mark = toSourceMark(item.first.Mark());
        const YAML::Node &value = item.second;
        if (key == "source" && value.IsMap() && !document.source) {
            document.source = readSection(value, mark);
        } else if (key == "transport" && value.IsMap() && !document.transport) {
            document.transport = readSection(value, mark);
        } else if (key == "sinks" && isListOfMaps(value) && document.sinks.empty()) {
            for (const auto &sink : value)
                document.sinks.push_back(readSection(sink, toSourceMark(sink.Mark())));
        } else if (key == "transforms" && isListOfMaps(value) && document.transforms.empty()) {
            for (const auto &step : value)
                document.transforms.push_back(readSection(step, toSourceMark(step.Mark())));
        } else {
            document.top.entries.push_back({key, readValue(value), mark});
        }
    }
    return document;
}

} // namespace syncline
