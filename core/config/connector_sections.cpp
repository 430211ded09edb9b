#include "config/connector_sections.h"

#include "config/diagnostics.h"
#include "config/duration.h"
#include "config/http_headers.h"
#include "config/key_template_syntax.h"
#include "config/spelling.h"
#include "config/table_name.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <yaml-cpp/yaml.h>

namespace syncline {

namespace {

// "shop-Replica" -> "syncline_shop_replica"
std::string defaultSlotName(std::string_view pipeline)
{
    std::string slot = "syncline_";
    for (char c : pipeline) {
        c = char(std::tolower(static_cast<unsigned char>(c)));
        const bool kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        slot += kept ? c : '_';
    }
    return slot;
}

std::string derivedSlotName(const ConnectorSection &section, const PipelineName &pipeline,
                            Diagnostics &diagnostics)
{
    const PropertyValues &values = section.values;
    if (pipeline.name.empty() || (values.find("slot") && values.find("publication")))
        return {};
    const std::string slot = defaultSlotName(pipeline.name);
    const std::string &pattern = section.spec->property("slot")->pattern;
    if (!std::regex_match(slot, std::regex(pattern))) {
        diagnostics.error(pipeline.mark, "the slot name derived from the pipeline name, '" + slot +
                                             "', does not match " + pattern +
                                             "; set 'slot' and 'publication' in source");
    }
    return slot;
}

// "orders" -> "public.orders"; each table once.
std::vector<std::string> qualifiedTables(const PropertyValues &values, Diagnostics &diagnostics)
{
    std::vector<std::string> tables;
    const PropertyValue *listed = values.find("tables");
    if (!listed)
        return tables;
    const auto &names = std::get<std::vector<std::string>>(listed->value);
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string table = qualifiedTableName(names[i]);
        if (std::find(tables.begin(), tables.end(), table) != tables.end()) {
            diagnostics.error(listed->itemMarks[i], "duplicate table '" + table + "' in 'tables'");
            continue;
        }
        tables.push_back(std::move(table));
    }
    return tables;
}

const ConnectorSpec *connectorForType(const YAML::Node &map, ConnectorKind kind,
                                      std::string_view section, SourceMark owner,
                                      const ReadContext &context)
{
    static const PropertySpec selector{.name = "type", .type = PropertyType::String};
    for (const auto &entry : map) {
        const YAML::Node key = entry.first;
        if (!key.IsScalar() || key.Scalar() != selector.name)
            continue;
        const auto type = readValue(selector, key, entry.second, context);
        if (!type)
            return nullptr;
        const std::string &name = std::get<std::string>(type->value);
        const ConnectorSpec *spec = findConnector(kind, name);
        if (!spec) {
            context.diagnostics.error(type->valueMark,
                                      "unknown " + std::string(kindName(kind)) + " type '" + name +
                                          "' (known types: " + joined(connectorTypes(kind)) + ")");
        }
        return spec;
    }
    if (const auto fallback = defaultConnectorType(kind))
        return findConnector(kind, *fallback);
    context.diagnostics.error(owner, missingKeyMessage(selector.name, section));
    return nullptr;
}

// schema_changes: {add_column: apply, drop_column: keep, ...}
void readSchemaChanges(const PropertyValues &values, SchemaChangePolicy &policy,
                       Diagnostics &diagnostics)
{
    using Action = SchemaChangePolicy::Action;
    struct Rule
    {
        std::string name;
        Action SchemaChangePolicy::*field;
        std::vector<std::string> allowed;
    };
    const std::vector<Rule> rules = {
        {"add_column", &SchemaChangePolicy::addColumn, {"apply", "quarantine"}},
        {"drop_column", &SchemaChangePolicy::dropColumn, {"keep", "apply", "quarantine"}},
        {"rename", &SchemaChangePolicy::rename, {"apply", "quarantine"}},
        {"widen", &SchemaChangePolicy::widen, {"apply", "keep", "quarantine"}},
        {"incompatible", &SchemaChangePolicy::incompatible, {"quarantine", "keep"}},
    };
    const PropertyValue *property = values.find("schema_changes");
    if (!property)
        return;
    const auto &entries = std::get<StringPairs>(property->value);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto &[name, value] = entries[i];
        const SourceMark mark =
            i < property->itemMarks.size() ? property->itemMarks[i] : property->valueMark;
        const auto rule =
            std::find_if(rules.begin(), rules.end(), [&](const Rule &r) { return r.name == name; });
        if (rule == rules.end()) {
            std::vector<std::string> names;
            for (const auto &r : rules)
                names.push_back(r.name);
            const auto guess = closestMatch(name, names);
            diagnostics.error(mark, "unknown kind of schema change '" + name + "'" +
                                        (guess ? " (did you mean '" + *guess + "'?)" : "") +
                                        "; expected one of " + joined(names));
            continue;
        }
        if (std::find(rule->allowed.begin(), rule->allowed.end(), value) == rule->allowed.end()) {
            diagnostics.error(mark, "schema_changes." + name + ": '" + value +
                                        "' is not allowed; expected one of " +
                                        joined(rule->allowed));
            continue;
        }
        policy.*(rule->field) = value == "apply"  ? Action::Apply
                                : value == "keep" ? Action::Keep
                                                  : Action::Quarantine;
    }
}

// headers: names that are tokens and none the sink sets itself, values (as expanded) that cannot
// break the request's framing. Messages never show a value: it may be a secret.
bool checkHttpHeaders(const PropertyValues &values, const YAML::Node &map, Diagnostics &diagnostics)
{
    const PropertyValue *given = values.find("headers");
    if (!given)
        return true;
    const auto &entries = std::get<StringPairs>(given->value);
    std::vector<SourceMark> keyMarks; // every entry was read, so they pair with `entries`
    for (const auto &entry : map["headers"])
        keyMarks.push_back(toSourceMark(entry.first.Mark()));
    bool ok = true;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto &[name, value] = entries[i];
        if (const std::string problem = httpHeaderNameProblem(name); !problem.empty()) {
            diagnostics.error(i < keyMarks.size() ? keyMarks[i] : given->keyMark,
                              "headers: " + problem);
            ok = false;
        } else if (const std::string bad = httpHeaderValueProblem(value); !bad.empty()) {
            diagnostics.error(i < given->itemMarks.size() ? given->itemMarks[i] : given->valueMark,
                              "headers: the value of '" + name + "' " + bad);
            ok = false;
        }
    }
    return ok;
}

// type: http. False after reporting a problem.
bool readHttpSettings(const PropertyValues &values, const YAML::Node &map, PostgresSinkConfig &sink,
                      Diagnostics &diagnostics)
{
    HttpSinkSettings &http = sink.http;
    http.url = values.text("url");
    const bool headersOk = checkHttpHeaders(values, map, diagnostics);
    http.headers = values.stringMap("headers");
    http.format = values.text("format");
    http.connectTimeoutSeconds = values.integer("connect_timeout_s");
    http.timeoutSeconds = values.integer("timeout_s");
    sink.batchMaxChanges = values.integer("batch_size");
    http.maxInFlight = values.integer("max_in_flight");
    const auto secret = referencedSecret(values, map, "secret", diagnostics);
    if (!secret)
        return headersOk && !map["secret"];
    http.secret = *secret;
    return headersOk;
}

// table_ttl: {public.sessions: 30m, audit: never}; whether the tables are the pipeline's is
// checked once the whole file is read (checkTableTtls).
std::vector<RedisSinkOptions::TableTtl> tableTtls(const PropertyValues &values,
                                                  const YAML::Node &map, Diagnostics &diagnostics)
{
    std::vector<RedisSinkOptions::TableTtl> ttls;
    const PropertyValue *given = values.find("table_ttl");
    if (!given)
        return ttls;
    const auto &entries = std::get<StringPairs>(given->value);
    std::vector<SourceMark> keyMarks; // readStringMap keeps the values' marks
    for (const auto &entry : map["table_ttl"])
        keyMarks.push_back(toSourceMark(entry.first.Mark()));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto &[name, text] = entries[i];
        const SourceMark at = i < keyMarks.size() ? keyMarks[i] : given->keyMark;
        const SourceMark valueAt = i < given->itemMarks.size() ? given->itemMarks[i] : at;
        const std::string table = qualifiedTableName(name);
        const auto seconds =
            text == "never" ? std::optional<long long>(0) : parseDurationSeconds(text);
        if (!seconds || (*seconds == 0 && text != "never")) {
            diagnostics.error(valueAt, "table_ttl." + name + ": invalid value '" + text +
                                           "' (expected a duration of at least 1s, as 30m, 6h "
                                           "or 1h30m, or never)");
            continue;
        }
        const auto first =
            std::find_if(ttls.begin(), ttls.end(), [&](const auto &t) { return t.table == table; });
        if (first != ttls.end()) {
            diagnostics.error(at, "duplicate table '" + table + "' in 'table_ttl' (first at line " +
                                      std::to_string(first->mark.line) + ")");
            continue;
        }
        ttls.push_back({table, int(*seconds), at});
    }
    return ttls;
}

// tls_*: files relative to the pipeline file, each readable, for a rediss:// url only.
RedisSinkOptions::Tls redisTls(const PropertyValues &values, const ReadContext &context)
{
    using Verify = RedisSinkOptions::Tls::Verify;
    RedisSinkOptions::Tls tls;
    const std::string verify = values.text("tls_verify");
    tls.verify = verify == "chain" ? Verify::Chain : verify == "none" ? Verify::None : Verify::Full;
    const bool rediss = values.text("url").rfind("rediss://", 0) == 0;
    const auto file = [&](const char *key, std::string &path) {
        const PropertyValue *given = values.find(key);
        if (!given)
            return;
        path = (context.baseDir / values.text(key)).lexically_normal().string();
        if (!rediss)
            context.diagnostics.error(given->keyMark,
                                      std::string(key) + " applies to a rediss:// url only");
        else if (!std::ifstream(path))
            context.diagnostics.error(given->valueMark,
                                      std::string(key) + ": cannot read '" + path + "'");
    };
    file("tls_ca_file", tls.caFile);
    file("tls_cert_file", tls.certFile);
    file("tls_key_file", tls.keyFile);
    if (const PropertyValue *given = values.find("tls_verify"); given && !rediss)
        context.diagnostics.error(given->keyMark, "tls_verify applies to a rediss:// url only");
    for (const auto &[key, other] :
         {std::pair{"tls_cert_file", "tls_key_file"}, std::pair{"tls_key_file", "tls_cert_file"}})
        if (const PropertyValue *given = values.find(key); given && !values.find(other))
            context.diagnostics.error(given->keyMark,
                                      std::string(key) + " needs " + other + " beside it");
    return tls;
}

RedisSinkOptions redisOptions(const PropertyValues &values, const ReadContext &context)
{
    using Mode = RedisSinkOptions::Mode;
    RedisSinkOptions redis;
    const std::string mode = values.text("mode");
    redis.mode = mode == "invalidate" ? Mode::Invalidate
                 : mode == "stream"   ? Mode::Stream
                                      : Mode::Materialize;
    redis.url = values.text("url");
    redis.keyTemplate = values.find("key")           ? values.text("key")
                        : redis.mode == Mode::Stream ? "{schema}.{table}"
                                                     : "{table}:{key}";
    if (const PropertyValue *key = values.find("key")) {
        redis.keyMark = key->valueMark;
        const auto syntax = parseKeyTemplate(redis.keyTemplate, redis.mode == Mode::Stream);
        if (!syntax.problem.empty())
            context.diagnostics.error(key->valueMark, syntax.problem);
    }
    redis.json = values.text("encoding") == "json";
    redis.ttlSeconds = values.find("ttl") ? values.integer("ttl") : 0;
    redis.streamMaxLength = values.integer("stream_maxlen");
    redis.tls = redisTls(values, context);
    return redis;
}

void readPostgresSink(const PropertyValues &values, PostgresSinkConfig &sink,
                      Diagnostics &diagnostics)
{
    sink.dsn = values.text("dsn");
    sink.createTables = values.boolean("create_tables");
    sink.maxRetries = values.integer("max_retries");
    sink.stopOnError = values.text("on_error") == "stop";
    readSchemaChanges(values, sink.schemaChanges, diagnostics);
}

} // namespace

std::optional<ConnectorSection> readConnector(const YAML::Node &map, ConnectorKind kind,
                                              std::string_view section, SourceMark owner,
                                              const ReadContext &context)
{
    const ConnectorSpec *spec = connectorForType(map, kind, section, owner, context);
    if (!spec)
        return std::nullopt;
    return ConnectorSection{spec, readProperties(map, spec->properties, section, owner, context),
                            toSourceMark(map.Mark())};
}

std::optional<ConnectorSection> defaultConnector(ConnectorKind kind)
{
    const auto type = defaultConnectorType(kind);
    const ConnectorSpec *spec = type ? findConnector(kind, *type) : nullptr;
    if (!spec)
        return std::nullopt;
    return ConnectorSection{spec, PropertyValues(spec->properties), SourceMark()};
}

std::optional<ConnectorSection> readListItem(const YAML::Node &item, ConnectorKind kind,
                                             std::string_view list, std::size_t index,
                                             const ReadContext &context)
{
    const SourceMark at = toSourceMark(item.Mark());
    if (!item.IsMap()) {
        context.diagnostics.error(at, "entries of '" + std::string(list) +
                                          "' must be mappings, not " + describeNode(item));
        return std::nullopt;
    }
    return readConnector(item, kind, std::string(list) + "[" + std::to_string(index) + "]", at,
                         context);
}

SourceConfig sourceConfig(const ConnectorSection &section, const PipelineName &pipeline,
                          Diagnostics &diagnostics)
{
    const PropertyValues &values = section.values;
    SourceConfig source;
    source.type = section.spec->type;
    source.dsn = values.text("dsn");
    source.tables = qualifiedTables(values, diagnostics);
    if (const PropertyValue *tables = values.find("tables"))
        source.tablesMark = tables->valueMark;
    source.snapshot = values.text("snapshot") == "never" ? SourceConfig::Snapshot::Never
                                                         : SourceConfig::Snapshot::Initial;
    if (source.type == "mysql") {
        source.serverId = std::uint32_t(values.integer("server_id"));
        return source;
    }
    const std::string derived = derivedSlotName(section, pipeline, diagnostics);
    source.slot = values.find("slot") ? values.text("slot") : derived;
    source.publication = values.find("publication") ? values.text("publication") : derived;
    source.discoveryIntervalSeconds = values.integer("discovery_interval_s");
    source.heartbeatIntervalSeconds = values.integer("heartbeat_interval_s");
    source.ddlCapture = values.text("ddl_capture") == "auto";
    source.streamLargeTransactions = values.text("large_transactions") == "stream";
    return source;
}

TransportConfig transportConfig(const ConnectorSection &section, const PipelineName &pipeline,
                                Diagnostics &diagnostics)
{
    const PropertyValues &values = section.values;
    TransportConfig transport;
    transport.type = section.spec->type;
    if (!transport.isKafka()) {
        transport.queueCapacity = values.integer("queue_capacity");
        transport.queueMaxBytes = std::size_t(values.integer("queue_max_mb")) << 20;
        return transport;
    }
    transport.brokers = values.text("brokers");
    // The pipeline name's characters are all allowed in topic names.
    transport.topicPrefix =
        values.find("topic_prefix") ? values.text("topic_prefix") : pipeline.name;
    transport.partitions = values.integer("partitions");
    transport.replicationFactor = values.integer("replication_factor");
    transport.tombstones = values.boolean("tombstones");
    transport.properties = values.stringMap("properties");
    transport.tables = qualifiedTables(values, diagnostics);
    return transport;
}

void addSink(const ConnectorSection &section, const YAML::Node &map, const PipelineName &pipeline,
             PipelineConfig &config, const ReadContext &context)
{
    Diagnostics &diagnostics = context.diagnostics;
    const PropertyValues &values = section.values;
    const PropertyValue *name = values.find("name");
    if (!name)
        return; // missing or invalid: reported already
    PostgresSinkConfig sink;
    sink.name = values.text("name");
    sink.type = section.spec->type;
    if (sink.type == "http") {
        sink.maxRetries = values.integer("max_retries");
        sink.stopOnError = values.text("on_error") == "stop";
        if (!readHttpSettings(values, map, sink, diagnostics))
            return;
    } else if (sink.type == "redis") {
        sink.batchMaxChanges = values.integer("batch_max_changes");
        sink.redis = redisOptions(values, context);
        sink.redis.tableTtls = tableTtls(values, map, diagnostics);
        sink.maxRetries = values.integer("max_retries");
        sink.stopOnError = values.text("on_error") == "stop";
    } else {
        sink.batchMaxChanges = values.integer("batch_max_changes");
        readPostgresSink(values, sink, diagnostics);
    }
    sink.group =
        values.find("group") ? values.text("group") : "syncline." + pipeline.name + "." + sink.name;
    sink.mark = section.mark;
    const auto taken =
        std::find_if(config.sinks.begin(), config.sinks.end(),
                     [&](const PostgresSinkConfig &other) { return other.name == sink.name; });
    if (taken != config.sinks.end()) {
        diagnostics.error(name->valueMark, "duplicate sink name '" + sink.name +
                                               "' (first at line " +
                                               std::to_string(taken->mark.line) + ")");
        return;
    }
    config.sinks.push_back(std::move(sink));
}

} // namespace syncline
