#include "config/config_loader.h"

#include "config/connector_sections.h"
#include "config/diagnostics.h"
#include "config/key_template_syntax.h"
#include "config/listen_address.h"
#include "config/property_reader.h"
#include "config/spelling.h"
#include "config/table_name.h"
#include "config/text_file.h"
#include "config/transform_sections.h"
#include "config/yaml_documents.h"
#include "util/glob.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace syncline {

namespace {

std::filesystem::path absoluteDir(const std::filesystem::path &file)
{
    std::error_code error;
    const auto absolute = std::filesystem::absolute(file, error);
    return (error ? file : absolute).parent_path();
}

constexpr std::size_t kMaxPipelineFileBytes = 16 << 20;

// The one document of the file, or nothing after reporting why.
std::optional<YAML::Node> parseDocument(std::string_view yamlText, Diagnostics &diagnostics)
{
    const std::string text(yamlText);
    YAML::Node document;
    std::vector<YAML::Mark> roots;
    try {
        document = YAML::Load(text);
        roots = yamlDocumentRoots(text);
    } catch (const YAML::Exception &e) {
        diagnostics.error(toSourceMark(e.mark), "YAML syntax: " + e.msg);
        return std::nullopt;
    }
    if (roots.empty() || document.IsNull()) {
        diagnostics.error({}, "the pipeline file is empty");
        return std::nullopt;
    }
    if (roots.size() > 1) {
        diagnostics.error(toSourceMark(roots[1]), "a pipeline file holds one YAML document, not " +
                                                      std::to_string(roots.size()));
    }
    if (!document.IsMap()) {
        diagnostics.error(toSourceMark(document.Mark()),
                          "a pipeline file must be a mapping, not " + describeNode(document));
        return std::nullopt;
    }
    return document;
}

SourceMark valueMark(const PropertyValues &values, std::string_view name)
{
    const PropertyValue *value = values.find(name);
    return value ? value->valueMark : SourceMark();
}

// Whether `map` has the key at all, with a valid value or not, or (given its specs) an unknown
// key that readProperties reported as a misspelling of it.
bool mentions(const YAML::Node &map, const std::string &key,
              const std::vector<PropertySpec> *specs = nullptr)
{
    std::vector<std::string> names;
    if (specs) {
        for (const auto &spec : *specs)
            names.push_back(spec.name);
    }
    for (const auto &entry : map) {
        const YAML::Node name = entry.first;
        if (!name.IsScalar())
            continue;
        if (name.Scalar() == key)
            return true;
        if (specs && !findProperty(*specs, name.Scalar()) &&
            closestMatch(name.Scalar(), names) == key)
            return true;
    }
    return false;
}

// "source" may be left out with the kafka transport only: the sinks then consume the topics of
// the transport's "tables", which are not allowed beside a source. `transport` is the section
// as read, nullopt when it could not be (reported already; nothing more to say then).
void checkSource(const YAML::Node &root, const PropertyValues &top,
                 const std::optional<ConnectorSection> &transport, const PipelineConfig &config,
                 Diagnostics &diagnostics)
{
    const PropertyValue *given = top.find("transport");
    if (!transport || (!given && mentions(root, "transport", &pipelineProperties())))
        return;
    if (config.hasSource) {
        if (const PropertyValue *tables = transport->values.find("tables")) {
            diagnostics.error(tables->keyMark, "'tables' in transport is only for a pipeline "
                                               "without a source (this one consumes its "
                                               "source's tables)");
        }
        return;
    }
    if (!config.transport.isKafka()) {
        diagnostics.error(toSourceMark(root.Mark()),
                          missingKeyMessage("source", {}) +
                              " (only a pipeline with the kafka transport may leave it out)");
        return;
    }
    // kafka is never the default type, so the transport was given.
    if (given && !mentions(given->node, "tables", &transport->spec->properties)) {
        diagnostics.error(given->keyMark, missingKeyMessage("tables", "transport") +
                                              " (a pipeline without a source consumes the "
                                              "topics of the tables listed there)");
    }
}

// Which tables are the source's is only known to the server when the source lists patterns;
// names it lists as they are are checked here.
VerifyScheduleConfig verifySchedule(const PropertyValue &given, const PipelineConfig &config,
                                    const ReadContext &context)
{
    const auto &specs = given.spec->fields;
    const PropertyValues values =
        readProperties(given.node, specs, "verify", given.keyMark, context);
    VerifyScheduleConfig verify{.enabled = true,
                                .everySeconds = values.integer("every"),
                                .maxRowsPerSecond = values.integer("max_rows_per_second")};
    if (const PropertyValue *sinks = values.find("sinks")) {
        const auto &names = std::get<std::vector<std::string>>(sinks->value);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const bool known =
                std::any_of(config.sinks.begin(), config.sinks.end(),
                            [&](const PostgresSinkConfig &sink) { return sink.name == names[i]; });
            if (!known && !config.sinks.empty())
                context.diagnostics.error(sinks->itemMarks[i],
                                          "verify names sink '" + names[i] +
                                              "', which the pipeline does not have");
            verify.sinks.push_back(names[i]);
        }
    }
    const auto &sourceTables = config.source.tables;
    const bool patterns = std::any_of(sourceTables.begin(), sourceTables.end(),
                                      [](const std::string &t) { return t.find('*') != t.npos; });
    if (const PropertyValue *tables = values.find("tables")) {
        const auto &names = std::get<std::vector<std::string>>(tables->value);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string table = qualifiedTableName(names[i]);
            const bool listed =
                std::find(sourceTables.begin(), sourceTables.end(), table) != sourceTables.end();
            if (config.hasSource && !patterns && !listed)
                context.diagnostics.error(tables->itemMarks[i],
                                          "verify names table '" + table +
                                              "', which is not one of the source's tables");
            verify.tables.push_back(table);
        }
    }
    if (!config.hasSource)
        context.diagnostics.error(given.keyMark,
                                  "verify compares sinks with their source, and this pipeline "
                                  "has none");
    return verify;
}

// The tables a Redis sink's table_ttl names must be the pipeline's, as its sinks receive them:
// the source's (a name matching one of its patterns), or the transport's without a source. A
// route may rename tables to anything, so that names other than the source's are not refused.
void checkTableTtls(const PipelineConfig &config, Diagnostics &diagnostics)
{
    const bool routed = std::any_of(
        config.transforms.begin(), config.transforms.end(),
        [](const TransformConfig &step) { return step.type == "route" && step.columns.empty(); });
    const auto &tables = config.hasSource ? config.source.tables : config.transport.tables;
    if (tables.empty())
        return; // missing or invalid: reported already
    for (const auto &sink : config.sinks) {
        for (const auto &ttl : sink.redis.tableTtls) {
            const bool known = std::any_of(tables.begin(), tables.end(), [&](const std::string &t) {
                return globMatches(t, ttl.table);
            });
            if (known || routed)
                continue;
            const auto guess = closestMatch(ttl.table, tables);
            diagnostics.error(ttl.mark, "table_ttl names table '" + ttl.table +
                                            "', which is not one of the pipeline's tables" +
                                            (guess ? " (did you mean '" + *guess + "'?)"
                                                   : " (" + joined(tables) + ")"));
        }
    }
}

// A Redis key template without {schema} gives tables of one name in two schemas the same keys.
// Known here when the tables are named as they are (no pattern) and no route renames them; the
// sink checks the tables it receives when it starts.
void checkKeySchemas(const PipelineConfig &config, Diagnostics &diagnostics)
{
    const bool routed = std::any_of(
        config.transforms.begin(), config.transforms.end(),
        [](const TransformConfig &step) { return step.type == "route" && step.columns.empty(); });
    const auto &names = config.hasSource ? config.source.tables : config.transport.tables;
    std::vector<std::pair<std::string, std::string>> tables;
    for (const auto &name : names) {
        if (name.find('*') != std::string::npos || routed)
            return;
        const std::string qualified = qualifiedTableName(name);
        const auto dot = qualified.find('.');
        tables.emplace_back(qualified.substr(0, dot), qualified.substr(dot + 1));
    }
    for (const auto &sink : config.sinks) {
        if (sink.type != "redis" || sink.redis.mode == RedisSinkOptions::Mode::Stream)
            continue;
        if (const auto problem = schemaCollision(sink.redis.keyTemplate, tables); !problem.empty())
            diagnostics.error(sink.redis.keyMark.line ? sink.redis.keyMark : sink.mark,
                              "sink " + sink.name + ": " + problem);
    }
}

AlertsConfig alertRules(const PropertyValue &given, const ReadContext &context)
{
    const PropertyValues values =
        readProperties(given.node, given.spec->fields, "alerts", given.keyMark, context);
    AlertsConfig alerts;
    auto seconds = [&](const char *name, double &into) {
        if (values.find(name))
            into = values.integer(name);
    };
    seconds("lag_above", alerts.lag.above);
    seconds("lag_for", alerts.lag.forSeconds);
    seconds("retrying_for", alerts.retrying.forSeconds);
    seconds("dead_letters_clear_after", alerts.deadLetters.clearAfter);
    const std::vector<std::pair<std::string, AlertsConfig::Rule *>> rules = {
        {"lag", &alerts.lag},
        {"slot_wal_status", &alerts.slotWalStatus},
        {"retrying", &alerts.retrying},
        {"dead_letters", &alerts.deadLetters},
        {"quarantined", &alerts.quarantined},
        {"verify_differences", &alerts.verifyDifferences},
        {"pipeline_failed", &alerts.pipelineFailed}};
    if (const PropertyValue *disabled = values.find("disabled")) {
        const auto &names = std::get<std::vector<std::string>>(disabled->value);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto rule = std::find_if(rules.begin(), rules.end(),
                                           [&](const auto &one) { return one.first == names[i]; });
            if (rule == rules.end()) {
                std::string known;
                for (const auto &one : rules)
                    known += (known.empty() ? "" : ", ") + one.first;
                context.diagnostics.error(disabled->itemMarks[i], "unknown alert rule '" +
                                                                      names[i] +
                                                                      "' (rules: " + known + ")");
                continue;
            }
            rule->second->enabled = false;
        }
    }
    return alerts;
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

    config.hasSource = mentions(root, "source", &pipelineProperties());
    if (const PropertyValue *source = top.find("source")) {
        if (auto section = readConnector(source->node, ConnectorKind::Source, "source",
                                         source->keyMark, context))
            config.source = sourceConfig(*section, pipeline, diagnostics);
    }
    if (const PropertyValue *transforms = top.find("transforms")) {
        std::size_t index = 0;
        for (const auto &item : transforms->node) {
            const auto section =
                readListItem(item, ConnectorKind::Transform, "transforms", index++, context);
            if (!section)
                continue;
            if (auto step = transformConfig(*section, item, diagnostics))
                config.transforms.push_back(std::move(*step));
        }
        for (const auto &step : config.transforms)
            if (!step.tagged.empty() && config.hasSource && config.source.type != "postgres")
                diagnostics.error(step.mark,
                                  "tagged selects columns by their PostgreSQL comment, "
                                  "and a " +
                                      config.source.type +
                                      " source's comments are not read: name the columns "
                                      "in columns instead");
        if (!config.hasSource && !config.transforms.empty())
            diagnostics.error(transforms->keyMark,
                              "transforms apply to what a source reads, and this pipeline has "
                              "none (mask on the pipeline that writes the topics)");
    }
    const PropertyValue *transport = top.find("transport");
    const auto transportSection = transport
                                      ? readConnector(transport->node, ConnectorKind::Transport,
                                                      "transport", transport->keyMark, context)
                                      : defaultConnector(ConnectorKind::Transport);
    if (transportSection)
        config.transport = transportConfig(*transportSection, pipeline, diagnostics);
    checkSource(root, top, transportSection, config, diagnostics);
    if (const PropertyValue *sinks = top.find("sinks")) {
        std::size_t index = 0;
        for (const auto &item : sinks->node) {
            if (auto sink = readListItem(item, ConnectorKind::Sink, "sinks", index++, context))
                addSink(*sink, item, pipeline, config, context);
        }
    }
    checkTableTtls(config, diagnostics);
    checkKeySchemas(config, diagnostics);
    config.allowUnmasked = top.list("allow_unmasked");
    if (const PropertyValue *verify = top.find("verify"))
        config.verify = verifySchedule(*verify, config, context);
    if (const PropertyValue *metrics = top.find("metrics")) {
        const PropertyValues values = readProperties(metrics->node, metrics->spec->fields,
                                                     "metrics", metrics->keyMark, context);
        if (const PropertyValue *listen = values.find("listen")) {
            const auto parsed = parseListenAddress(values.text("listen"));
            if (parsed.address)
                config.metricsListen = values.text("listen");
            else
                diagnostics.error(listen->valueMark, "metrics: " + parsed.problem);
        }
    }
    if (const PropertyValue *alerts = top.find("alerts"))
        config.alerts = alertRules(*alerts, context);
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
    const TextFile text = readTextFile(file, kMaxPipelineFileBytes);
    if (!text.ok)
        return std::vector<ConfigError>{
            {file, 0, 0, "cannot read the pipeline file: " + text.error}};
    return parsePipelineConfig(text.content, file);
}

} // namespace syncline
