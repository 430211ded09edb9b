#include "connector/registry.h"

#include "connector/registry_parts.h"

#include <algorithm>

namespace syncline {

PropertySpec typeProperty(const std::string &type, bool required)
{
    return {.name = "type",
            .type = PropertyType::Enum,
            .defaultText = required ? std::string() : type,
            .doc = "Connector type.",
            .required = required,
            .allowedValues = {type}};
}

PropertySpec sinkNameProperty()
{
    return {.name = "name",
            .type = PropertyType::String,
            .doc = "Sink name, unique within the pipeline.",
            .required = true,
            .pattern = kNamePattern};
}

PropertySpec onError()
{
    return {.name = "on_error",
            .type = PropertyType::Enum,
            .defaultText = "dead_letter",
            .doc = "What happens to a change the target keeps rejecting: dead_letter: keep it in "
                   "the dead-letter queue, hold later changes of its row behind it, and go on; "
                   "stop: stop the pipeline at once, without confirming the change.",
            .allowedValues = {"dead_letter", "stop"}};
}

PropertySpec maxRetries()
{
    return {.name = "max_retries",
            .type = PropertyType::Int,
            .defaultText = "3",
            .doc = "Retries of a change the target rejects, with exponential backoff, before it "
                   "is dead-lettered. Lost connections are retried without limit.",
            .minimum = 0};
}

PropertySpec consumerGroup()
{
    return {.name = "group",
            .type = PropertyType::String,
            .defaultText = "syncline.<pipeline>.<sink>",
            .doc = "Kafka consumer group of the sink (kafka transport only).",
            .computedDefault = true};
}

PropertySpec columnPatterns(const std::string &name, const std::string &doc)
{
    return {.name = name,
            .type = PropertyType::StringList,
            .doc = doc,
            .pattern = "[A-Za-z0-9_$*]+(\\.[A-Za-z0-9_$*]+){0,2}",
            .minItems = 1};
}

PropertySpec tablePatterns(const std::string &doc)
{
    return {.name = "tables",
            .type = PropertyType::StringList,
            .defaultText = "every table",
            .doc = doc,
            .pattern = "[A-Za-z0-9_$*]+(\\.[A-Za-z0-9_$*]+)?",
            .minItems = 1,
            .computedDefault = true};
}

namespace {

const std::string kSlotPattern = "[a-z0-9_]{1,63}";
const std::string kTablePattern = "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?";
const std::string kQualifiedTablePattern = "[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*";
// Source tables may be patterns: * stands for any characters of a name (public.*, sales.order_*).
const std::string kTablePatternWithWildcards =
    "[A-Za-z_*][A-Za-z0-9_$*]*(\\.[A-Za-z_*][A-Za-z0-9_$*]*)?";
const std::string kTopicPattern = "[A-Za-z0-9._-]+"; // the characters Kafka allows in topic names

// A list of column patterns: column, table.column or schema.table.column, with * globs.
PropertySpec dsnProperty(const std::string &doc)
{
    return {.name = "dsn",
            .type = PropertyType::String,
            .doc = doc + " May hold a password.",
            .required = true,
            .secret = true};
}

std::vector<ConnectorSpec> declareConnectors()
{
    std::vector<ConnectorSpec> specs;

    specs.push_back(
        {.kind = ConnectorKind::Source,
         .type = "postgres",
         .doc = "Reads changes from PostgreSQL through logical replication (pgoutput).",
         .properties = {
             typeProperty("postgres", true),
             dsnProperty("libpq connection string of the source database."),
             {.name = "slot",
              .type = PropertyType::String,
              .defaultText = "syncline_<pipeline>",
              .doc = "Replication slot; the default lowercases the pipeline name and replaces "
                     "other characters by '_'.",
              .pattern = kSlotPattern,
              .computedDefault = true},
             {.name = "publication",
              .type = PropertyType::String,
              .defaultText = "syncline_<pipeline>",
              .doc = "Publication the slot streams; the default is the same as the slot's.",
              .pattern = kSlotPattern,
              .computedDefault = true},
             {.name = "tables",
              .type = PropertyType::StringList,
              .doc = "Tables to capture, as schema.table or table (schema public). * in a name "
                     "matches any characters (public.*, sales.order_*): tables created later "
                     "that match are found (see discovery_interval_s), added, and copied while "
                     "streaming.",
              .required = true,
              .pattern = kTablePatternWithWildcards,
              .minItems = 1},
             {.name = "snapshot",
              .type = PropertyType::Enum,
              .defaultText = "initial",
              .doc = "initial: copy existing rows before streaming, and those of tables added "
                     "later while streaming; never: stream only.",
              .allowedValues = {"initial", "never"}},
             {.name = "ddl_capture",
              .type = PropertyType::Enum,
              .defaultText = "auto",
              .doc = "auto: install an event trigger that logs each DDL statement into "
                     "syncline.ddl_log (in the publication) when the role is a superuser, and "
                     "keep the statements in the schema history; off: do not. Schema changes are "
                     "followed either way.",
              .allowedValues = {"auto", "off"}},
             {.name = "large_transactions",
              .type = PropertyType::Enum,
              .defaultText = "stream",
              .doc = "stream: a transaction larger than the server's logical_decoding_work_mem is "
                     "applied to the targets while it is still running (pgoutput streaming, "
                     "PostgreSQL 14+, direct transport), in a target transaction of its own that "
                     "commits with it or rolls back with it; at_commit: every transaction is sent "
                     "once it has committed, as with PostgreSQL's own subscriptions by default.",
              .allowedValues = {"stream", "at_commit"}},
             {.name = "discovery_interval_s",
              .type = PropertyType::Int,
              .defaultText = "10",
              .doc = "How often the catalog is searched for new tables that match a pattern in "
                     "tables.",
              .minimum = 1},
             {.name = "heartbeat_interval_s",
              .type = PropertyType::Int,
              .defaultText = "10",
              .doc = "Seconds between heartbeats: a logical message (pg_logical_emit_message, "
                     "prefix syncline.heartbeat) that the stream reads and skips, so that "
                     "syncline_milliseconds_behind_source stays fresh while no captured table "
                     "changes. 0: none.",
              .minimum = 0},
         }});

    specs.push_back(
        {.kind = ConnectorKind::Source,
         .type = "mysql",
         .doc = "Reads changes from a MySQL or MariaDB server's binary log, as a replica does. "
                "The server needs binlog_format=ROW, binlog_row_image=FULL and "
                "binlog_row_metadata=FULL (syncline validate checks them and prints the fix).",
         .properties = {
             typeProperty("mysql", true),
             dsnProperty("Where the server is: host=127.0.0.1 port=3306 user=repl "
                         "password=${MYSQL_PASSWORD} database=shop. The account needs "
                         "REPLICATION SLAVE (REPLICATION REPLICA), REPLICATION CLIENT and SELECT."),
             {.name = "server_id",
              .type = PropertyType::Int,
              .doc = "The replica id Syncline reads the binary log with: unique among the "
                     "server's replicas and different from the server's own server_id.",
              .required = true,
              .minimum = 1},
             {.name = "tables",
              .type = PropertyType::StringList,
              .doc = "Tables to capture, as database.table.",
              .required = true,
              .pattern = kQualifiedTablePattern,
              .minItems = 1},
             {.name = "snapshot",
              .type = PropertyType::Enum,
              .defaultText = "initial",
              .doc = "initial: copy existing rows (in one consistent snapshot, without a global "
                     "lock on MariaDB) before streaming; never: stream only.",
              .allowedValues = {"initial", "never"}},
         }});

    specs.push_back({.kind = ConnectorKind::Transport,
                     .type = "direct",
                     .doc = "In-process bounded queue between the source and the sinks.",
                     .properties = {
                         typeProperty("direct", false),
                         {.name = "queue_capacity",
                          .type = PropertyType::Int,
                          .defaultText = "64",
                          .doc = "Transaction chunks in flight per sink.",
                          .minimum = 1},
                         {.name = "queue_max_mb",
                          .type = PropertyType::Int,
                          .defaultText = "64",
                          .doc = "Megabytes of change data in flight per sink (shared between "
                                 "sinks: each chunk is held once). With the defaults the "
                                 "runner stays under 300 MiB, whatever the row sizes.",
                          .minimum = 1},
                     }});

    specs.push_back(
        {.kind = ConnectorKind::Transport,
         .type = "kafka",
         .doc = "Kafka topics between the source and the sinks, one per table, named "
                "<topic_prefix>.<schema>.<table>, with Debezium-compatible JSON change events. "
                "Each sink consumes them in its own consumer group.",
         .properties = {
             typeProperty("kafka", true),
             {.name = "brokers",
              .type = PropertyType::String,
              .doc = "Bootstrap servers as host:port,host:port; or embedded: librdkafka's "
                     "in-process mock cluster, for demos and tests only (not durable).",
              .required = true},
             {.name = "topic_prefix",
              .type = PropertyType::String,
              .defaultText = "<pipeline>",
              .doc = "First part of every topic name; the default is the pipeline name.",
              .pattern = kTopicPattern,
              .computedDefault = true},
             {.name = "partitions",
              .type = PropertyType::Int,
              .defaultText = "1",
              .doc = "Partitions of the topics Syncline creates.",
              .minimum = 1},
             {.name = "replication_factor",
              .type = PropertyType::Int,
              .defaultText = "1",
              .doc = "Replication factor of the topics Syncline creates.",
              .minimum = 1},
             {.name = "tombstones",
              .type = PropertyType::Bool,
              .defaultText = "true",
              .doc = "Write a tombstone (null value) after each delete, as Debezium's "
                     "tombstones.on.delete, so that compacted topics drop the row."},
             {.name = "properties",
              .type = PropertyType::StringMap,
              .doc = "librdkafka properties, passed through as written (for example "
                     "security.protocol: SASL_SSL, sasl.password: ${KAFKA_PASSWORD}).",
              .secret = true},
             {.name = "tables",
              .type = PropertyType::StringList,
              .doc = "Only for a pipeline without a source, and then required: the tables whose "
                     "topics the sinks consume, as schema.table or table (schema public).",
              .pattern = kTablePattern,
              .minItems = 1},
         }});

    specs.push_back({.kind = ConnectorKind::Sink,
                     .type = "postgres",
                     .doc = "Applies changes to a PostgreSQL database, exactly once in effect.",
                     .properties = {
                         sinkNameProperty(),
                         typeProperty("postgres", true),
                         dsnProperty("libpq connection string of the target database."),
                         {.name = "create_tables",
                          .type = PropertyType::Bool,
                          .defaultText = "true",
                          .doc = "Create missing target tables from the source schema."},
                         {.name = "batch_max_changes",
                          .type = PropertyType::Int,
                          .defaultText = "5000",
                          .doc = "Most source changes coalesced into one target transaction.",
                          .minimum = 1},
                         onError(),
                         maxRetries(),
                         {.name = "schema_changes",
                          .type = PropertyType::StringMap,
                          .doc = "What the sink does when a source table changes shape, by kind "
                                 "(defaults first): "
                                 "add_column (apply, quarantine), drop_column (keep: the target "
                                 "column stays, NULL in new rows; apply; quarantine), rename "
                                 "(apply, quarantine), widen (apply, keep, quarantine), "
                                 "incompatible (quarantine, keep). Quarantine holds the table's "
                                 "changes as dead letters until an operator acts; other tables "
                                 "go on."},
                         consumerGroup(),
                     }});

    specs.push_back(redisSinkSpec());
    specs.push_back(httpSinkSpec());

    for (auto &spec : transformSpecs())
        specs.push_back(std::move(spec));

    return specs;
}

std::vector<PropertySpec> verifyScheduleProperties()
{
    return {
        {.name = "every",
         .type = PropertyType::Duration,
         .doc = "Time between the starts of two runs, as 30m, 6h, 1d or 1h30m. The first run "
                "starts once the pipeline streams, or one interval after the last scheduled "
                "run recorded in the state directory.",
         .required = true,
         .minimum = 1},
        {.name = "tables",
         .type = PropertyType::StringList,
         .defaultText = "every table",
         .doc = "The tables to compare, as schema.table or table (schema public); each must be "
                "one of the source's tables.",
         .pattern = kTablePattern,
         .minItems = 1,
         .computedDefault = true},
        {.name = "sinks",
         .type = PropertyType::StringList,
         .defaultText = "every sink",
         .doc = "The sinks to compare, by name.",
         .pattern = kNamePattern,
         .minItems = 1,
         .computedDefault = true},
        {.name = "max_rows_per_second",
         .type = PropertyType::Int,
         .defaultText = "100000",
         .doc = "Rows read per second from each side at most, to spare production servers; 0: "
                "no limit.",
         .minimum = 0},
    };
}

std::vector<PropertySpec> alertProperties()
{
    return {
        {.name = "lag_above",
         .type = PropertyType::Duration,
         .defaultText = "5m",
         .doc = "Rule lag: the time behind the source's commits above which it fires (once it "
                "has stayed above for lag_for).",
         .minimum = 1},
        {.name = "lag_for",
         .type = PropertyType::Duration,
         .defaultText = "2m",
         .doc = "Rule lag: how long the lag must stay above lag_above before it fires; 0s: at "
                "once.",
         .minimum = 0},
        {.name = "retrying_for",
         .type = PropertyType::Duration,
         .defaultText = "10m",
         .doc = "Rule retrying: fires when the pipeline has been retrying (a server unreachable, "
                "a target refusing) for this long.",
         .minimum = 0},
        {.name = "dead_letters_clear_after",
         .type = PropertyType::Duration,
         .defaultText = "10m",
         .doc = "Rule dead_letters: fires at each new dead letter and clears after this long "
                "without one.",
         .minimum = 1},
        {.name = "disabled",
         .type = PropertyType::StringList,
         .defaultText = "none",
         .doc = "Rules turned off, by name: lag, slot_wal_status (the slot's WAL is unreserved "
                "or lost), retrying, dead_letters, quarantined (a table), verify_differences, "
                "pipeline_failed.",
         .computedDefault = true},
    };
}

std::vector<PropertySpec> declarePipelineProperties()
{
    return {
        {.name = "pipeline",
         .type = PropertyType::String,
         .doc = "Pipeline name.",
         .required = true,
         .pattern = kNamePattern},
        {.name = "source",
         .type = PropertyType::Connector,
         .doc = "Where changes come from. Only a pipeline with the kafka transport may leave it "
                "out: its sinks consume existing topics of the transport's tables.",
         .connectorKind = ConnectorKind::Source},
        {.name = "transforms",
         .type = PropertyType::ConnectorList,
         .doc = "Steps applied in order to every change, snapshot row and key after the source "
                "and before the transport: nothing they replace reaches Kafka, a sink, the "
                "dead-letter store, the logs or the console.",
         .connectorKind = ConnectorKind::Transform},
        columnPatterns("allow_unmasked",
                       "Columns tagged pii: (by their comment) that may leave the engine "
                       "unmasked, as column patterns like those of a mask's columns. Any other "
                       "tagged column that no transform masks makes validate and run refuse the "
                       "pipeline."),
        {.name = "transport",
         .type = PropertyType::Connector,
         .defaultText = "type: direct",
         .doc = "How changes travel from the source to the sinks.",
         .connectorKind = ConnectorKind::Transport},
        {.name = "sinks",
         .type = PropertyType::ConnectorList,
         .doc = "Where changes go; sink names are unique.",
         .required = true,
         .minItems = 1,
         .connectorKind = ConnectorKind::Sink},
        {.name = "verify",
         .type = PropertyType::Section,
         .doc = "Scheduled verification: the sinks' tables are compared with the source while "
                "the pipeline streams, as syncline verify does; the last result of each table "
                "shows in syncline status, status.json, the metrics and the console.",
         .fields = verifyScheduleProperties()},
        {.name = "metrics",
         .type = PropertyType::Section,
         .doc = "The pipeline's Prometheus endpoint, served by syncline run and by the console "
                "while it runs the pipeline: /metrics in Prometheus' text format (the names are "
                "in the README's Metrics section). syncline run --metrics overrides it.",
         .fields = {{.name = "listen",
                     .type = PropertyType::String,
                     .doc = "Address and port to listen on: 127.0.0.1:9187, [::1]:9187, "
                            "localhost:9187, or :9187 for every interface; port 0 takes a free "
                            "port (logged at start).",
                     .required = true}}},
        {.name = "alerts",
         .type = PropertyType::Section,
         .defaultText = "every rule on",
         .doc = "Alert rules, evaluated by the engine: the runner logs each alert as it fires "
                "(WARN, or ERROR when critical) and clears, the metrics export them, and the "
                "console notifies.",
         .computedDefault = true,
         .fields = alertProperties()},
        {.name = "state_dir",
         .type = PropertyType::String,
         .defaultText = ".syncline/<pipeline>",
         .doc = "Local state; relative paths are relative to the pipeline file's folder.",
         .computedDefault = true},
    };
}

} // namespace

const PropertySpec *ConnectorSpec::property(std::string_view name) const
{
    return findProperty(properties, name);
}

const std::vector<PropertySpec> &pipelineProperties()
{
    static const std::vector<PropertySpec> properties = declarePipelineProperties();
    return properties;
}

const std::vector<ConnectorSpec> &connectorSpecs()
{
    static const std::vector<ConnectorSpec> specs = declareConnectors();
    return specs;
}

const ConnectorSpec *findConnector(ConnectorKind kind, std::string_view type)
{
    const auto &specs = connectorSpecs();
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const ConnectorSpec &spec) {
        return spec.kind == kind && spec.type == type;
    });
    return it == specs.end() ? nullptr : &*it;
}

std::vector<std::string> connectorTypes(ConnectorKind kind)
{
    std::vector<std::string> types;
    for (const auto &spec : connectorSpecs()) {
        if (spec.kind == kind)
            types.push_back(spec.type);
    }
    return types;
}

std::optional<std::string> defaultConnectorType(ConnectorKind kind)
{
    for (const auto &spec : connectorSpecs()) {
        const PropertySpec *type = spec.property("type");
        if (spec.kind == kind && type && !type->defaultText.empty())
            return type->defaultText;
    }
    return std::nullopt;
}

const PropertySpec *findProperty(const std::vector<PropertySpec> &properties, std::string_view name)
{
    const auto it = std::find_if(properties.begin(), properties.end(),
                                 [&](const PropertySpec &spec) { return spec.name == name; });
    return it == properties.end() ? nullptr : &*it;
}

std::string_view kindName(ConnectorKind kind)
{
    switch (kind) {
    case ConnectorKind::Source:
        return "source";
    case ConnectorKind::Transport:
        return "transport";
    case ConnectorKind::Sink:
        return "sink";
    case ConnectorKind::Transform:
        return "transform";
    }
    return "connector";
}

std::string_view typeName(const PropertySpec &spec)
{
    switch (spec.type) {
    case PropertyType::String:
        return "string";
    case PropertyType::Int:
        return "integer";
    case PropertyType::Bool:
        return "boolean";
    case PropertyType::StringList:
        return "list of strings";
    case PropertyType::StringMap:
        return "mapping";
    case PropertyType::Enum:
        return "enum";
    case PropertyType::Connector:
        return "mapping";
    case PropertyType::ConnectorList:
        return "list of mappings";
    case PropertyType::Duration:
        return "duration";
    case PropertyType::Section:
        return "mapping";
    }
    return "value";
}

} // namespace syncline
