#include "config/config_loader.h"

#include "config/connector_sections.h"
#include "config/diagnostics.h"
#include "config/property_reader.h"
#include "config/text_file.h"

#include <yaml-cpp/yaml.h>

namespace syncline {

namespace {

std::filesystem::path absoluteDir(const std::filesystem::path &file)
{
    std::error_code error;
    const auto absolute = std::filesystem::absolute(file, error);
    return (error ? file : absolute).parent_path();
}

// The one document of the file, or nothing after reporting why.
std::optional<YAML::Node> parseDocument(std::string_view yamlText, Diagnostics &diagnostics)
{
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(yamlText));
    } catch (const YAML::Exception &e) {
        diagnostics.error(toSourceMark(e.mark), "YAML syntax: " + e.msg);
        return std::nullopt;
    }
    if (documents.empty() || documents.front().IsNull()) {
        diagnostics.error({}, "the pipeline file is empty");
        return std::nullopt;
    }
    if (documents.size() > 1) {
        diagnostics.error(toSourceMark(documents[1].Mark()),
                          "a pipeline file holds one YAML document, not " +
                              std::to_string(documents.size()));
    }
    if (!documents.front().IsMap()) {
        diagnostics.error(toSourceMark(documents.front().Mark()),
                          "a pipeline file must be a mapping, not " +
                              describeNode(documents.front()));
        return std::nullopt;
    }
    return documents.front();
}

SourceMark valueMark(const PropertyValues &values, std::string_view name)
{
    const PropertyValue *value = values.find(name);
    return value ? value->valueMark : SourceMark();
}

std::filesystem::path stateDir(const PropertyValues &top, const std::string &name,
                               const std::filesystem::path &baseDir)
{
    const std::string dir = top.find("state_dir") ? top.text("state_dir") : ".syncline/" + name;
    return (baseDir / dir).lexically_normal();
}

PipelineConfigResult readPipeline(const YAML::Node &root, PipelineConfig config,
                                  Diagnostics &diagnostics)
{
    const ReadContext context{diagnostics, absoluteDir(config.file)};
    const PropertyValues top = readProperties(root, pipelineProperties(), std::string_view(),
                                              toSourceMark(root.Mark()), context);
    const bool named = top.find("pipeline") != nullptr;
    config.name = top.text("pipeline");
    const PipelineName pipeline{named ? config.name : std::string(), valueMark(top, "pipeline")};

    if (const PropertyValue *source = top.find("source")) {
        if (auto section = readConnector(source->node, ConnectorKind::Source, "source",
                                         source->keyMark, context))
            config.source = postgresSource(*section, pipeline, diagnostics);
    }
    const PropertyValue *transport = top.find("transport");
    const auto transportSection = transport
                                      ? readConnector(transport->node, ConnectorKind::Transport,
                                                      "transport", transport->keyMark, context)
                                      : defaultConnector(ConnectorKind::Transport);
    if (transportSection)
        config.transport = transportConfig(*transportSection);
    if (const PropertyValue *sinks = top.find("sinks")) {
        std::size_t index = 0;
        for (const auto &item : sinks->node) {
            if (auto sink = readSinkItem(item, index++, context))
                addSink(*sink, config, diagnostics);
        }
    }
    if (named || top.find("state_dir"))
        config.stateDir = stateDir(top, config.name, context.baseDir);

    if (diagnostics.hasErrors())
        return diagnostics.takeErrors();
    return config;
}

} // namespace

PipelineConfigResult parsePipelineConfig(std::string_view yamlText,
                                         const std::filesystem::path &pretendFile)
{
    Diagnostics diagnostics(pretendFile);
    const auto root = parseDocument(yamlText, diagnostics);
    if (!root)
        return diagnostics.takeErrors();
    PipelineConfig config;
    config.file = pretendFile;
    return readPipeline(*root, std::move(config), diagnostics);
}

PipelineConfigResult loadPipelineConfig(const std::filesystem::path &file)
{
    const TextFile text = readTextFile(file);
    if (!text.ok)
        return std::vector<ConfigError>{
            {file, 0, 0, "cannot read the pipeline file: " + text.error}};
    return parsePipelineConfig(text.content, file);
}

} // namespace syncline
