#pragma once

#include "config/alerts_config.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace syncline {

// Where in a file a value came from; line and column count from 1, as editors show them.
struct SourceMark
{
    int line = 0;
    int column = 0;
};

// The source section: `type` picks the engine; each engine reads the fields under its name.
struct SourceConfig
{
    std::string type = "postgres"; // the registry's source type
    // postgres: a libpq conninfo; mysql: the same form (source/mysql/mysql_dsn.h). ${ENV}
    // references are already expanded.
    std::string dsn;
    // "schema.table" (mysql: "database.table"), always qualified after loading; may hold
    // patterns ("public.*") until the source replaces them by the tables they match.
    std::vector<std::string> tables;
    enum class Snapshot
    {
        Initial,
        Never
    } snapshot = Snapshot::Initial;
    SourceMark tablesMark;

    // postgres
    std::string slot;
    std::string publication;
    int discoveryIntervalSeconds = 10; // searching the catalog for new tables matching patterns
    bool ddlCapture = true; // install and read DDL capture (source/postgres/ddl_capture.h)
    bool streamLargeTransactions = true; // apply them while in progress (pgoutput streaming)
    int heartbeatIntervalSeconds = 10;   // logical heartbeat messages for the time lag; 0: none

    // mysql
    std::uint32_t serverId = 0; // as a replica, unique among the server's replicas
};

struct TransportConfig
{
    std::string type = "direct";
    int queueCapacity = 64; // transaction chunks in flight per sink (direct transport)
    std::size_t queueMaxBytes = std::size_t(64) << 20; // their change data, in bytes

    // kafka
    std::string brokers;     // bootstrap list, or "embedded": librdkafka's mock cluster
    std::string topicPrefix; // topics are <topicPrefix>.<schema>.<table>; default: pipeline name
    int partitions = 1;      // for the topics Syncline creates
    int replicationFactor = 1;
    bool tombstones = true; // a tombstone after each delete, as Debezium does
    // librdkafka properties as written (names passed through), values ${ENV}-expanded; secret.
    std::vector<std::pair<std::string, std::string>> properties;
    // Pipelines without a source: the tables ("schema.table") whose topics the sinks consume.
    std::vector<std::string> tables;

    bool isKafka() const { return type == "kafka"; }
    bool isEmbeddedKafka() const { return isKafka() && brokers == "embedded"; }
};

// What a sink does when the source's table changes shape (schema_changes: in the file).
struct SchemaChangePolicy
{
    enum class Action
    {
        Apply,      // change the target table to match
        Keep,       // leave the target as it is (a dropped column stays, NULL from then on)
        Quarantine, // hold the table's changes as dead letters until an operator acts
    };
    Action addColumn = Action::Apply;
    Action dropColumn = Action::Keep;
    Action rename = Action::Apply;
    Action widen = Action::Apply;
    Action incompatible = Action::Quarantine; // narrowing, or a type that does not convert

    bool operator==(const SchemaChangePolicy &) const = default;
};

// What only an http sink reads (type: http).
struct HttpSinkSettings
{
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers; // values expanded; secret
    std::string format = "compact";                           // compact, debezium
    std::string secret;  // signing key, resolved; empty: requests are not signed
    int maxInFlight = 4; // requests at once, never two of one key
    int connectTimeoutSeconds = 10;
    int timeoutSeconds = 30;
};

// Every sink's settings (the name is historical): the fields of its type are read, the others
// keep their defaults.
// type: redis (sink/redis/redis_sink.h).
struct RedisSinkOptions
{
    enum class Mode
    {
        Materialize,
        Invalidate,
        Stream
    } mode = Mode::Materialize;
    std::string url;         // ${ENV} and file: resolved; secret
    std::string keyTemplate; // "{table}:{key}"; stream mode: the stream's name
    SourceMark keyMark;      // of the key's value in the file; none for the default
    bool json = false;       // materialize: a JSON string per row, else a hash
    int ttlSeconds = 0;      // 0: keys never expire
    // materialize: the TTL of some tables' keys instead of ttlSeconds (table_ttl: in the file).
    struct TableTtl
    {
        std::string table; // schema.table, as the sink receives it
        int seconds = 0;   // 0: never expire
        SourceMark mark;   // the table's name in the file
    };
    std::vector<TableTtl> tableTtls;
    int streamMaxLength = 100000;
    // rediss://: how the server's certificate is checked, and the client's own (tls_* keys).
    struct Tls
    {
        enum class Verify
        {
            Full,  // the chain up to a trusted authority, and the url's host in the certificate
            Chain, // the chain only
            None,  // nothing: encrypted, but anyone in between can pose as the server
        } verify = Verify::Full;
        std::string caFile;   // PEM; empty: the system's trust store
        std::string certFile; // PEM, with keyFile: a client certificate
        std::string keyFile;
    } tls;
};

// Every sink type's configuration: the fields the type uses (postgres: dsn, ...; redis: redis).
struct PostgresSinkConfig
{
    std::string name;
    std::string type = "postgres";
    std::string dsn;
    bool createTables = true;
    int batchMaxChanges = 5000; // source changes coalesced into one target transaction at most
    std::string group; // kafka transport: consumer group, default syncline.<pipeline>.<sink>
    // A change the target rejects is retried maxRetries times, then dead-lettered; with
    // stopOnError it stops the pipeline at once.
    int maxRetries = 3;
    bool stopOnError = false;
    SchemaChangePolicy schemaChanges;
    HttpSinkSettings http; // type http; batchMaxChanges is its batch_size
    RedisSinkOptions redis;
    SourceMark mark;
};

// One step of "transforms" (transform/transform_chain.h). Only "mask" so far.
struct TransformConfig
{
    std::string type = "mask"; // mask, select, filter, route
    // Table patterns (schema.table or table, * matching any characters): the tables the step
    // applies to; empty: every table.
    std::vector<std::string> tables;
    // Column patterns: column, table.column or schema.table.column, * matching any characters.
    std::vector<std::string> columns;
    // Column comment tags: "pii:email", "pii:*" (* globs). A column is selected by either.
    std::vector<std::string> tagged;
    // Column types as the source names them ("text", "character varying*"; * globs).
    std::vector<std::string> types;
    std::vector<std::string> include, exclude; // select: column patterns kept, left out
    std::string where;                         // filter: the predicate (transform/row_filter.h)
    SourceMark whereMark;                      // where the predicate's text starts in the file
    std::string to;                  // route: the new name, with {schema} {table} {column} {1}...
    std::string with;                // null, redact, partial, truncate, hash, tokenize, date_shift
    std::string key;                 // hash, tokenize, date_shift: the key, resolved; secret
    std::string keyId = "1";         // names the key, so that a rotation shows
    std::string format = "hex";      // hash: hex, base64, prefixed
    std::string text = "[redacted]"; // redact
    int keep = 4;                    // partial, truncate
    int days = 365;                  // date_shift: at most this many days either way
    bool keepEnd = true;             // partial: keep the last characters, else the first
    SourceMark mark;                 // the step's mapping
    std::vector<SourceMark> columnMarks;

    // Whether it may mask a key column: distinct keys stay distinct and equal ones equal, as
    // upserts and deletes need to find their rows.
    bool keySafe() const { return with == "hash" || with == "tokenize"; }
};

// Scheduled verification (verify: in the file); see verify/scheduled_verification.h.
struct VerifyScheduleConfig
{
    bool enabled = false;
    int everySeconds = 0;
    std::vector<std::string> tables;     // "schema.table"; empty: every table
    std::vector<std::string> sinks;      // empty: every sink
    long long maxRowsPerSecond = 100000; // 0: no limit
};

struct PipelineConfig
{
    std::filesystem::path file; // the YAML file it was loaded from
    std::string name;
    bool hasSource = true; // false: a sink-only pipeline consuming existing Kafka topics
    SourceConfig source;
    std::vector<TransformConfig> transforms; // in order
    // Column patterns of pii:-tagged columns that may reach the transport unmasked.
    std::vector<std::string> allowUnmasked;
    TransportConfig transport;
    std::vector<PostgresSinkConfig> sinks;
    VerifyScheduleConfig verify;
    AlertsConfig alerts;
    // metrics: listen: where /metrics serves Prometheus' text format (ListenAddress form);
    // empty: no endpoint (syncline run --metrics may still give one).
    std::string metricsListen;
    std::filesystem::path stateDir; // absolute; default <file's dir>/.syncline/<name>
};

} // namespace syncline
