#include "pipeline/connector_factory.h"

#include "codec/webhook_event.h"
#include "dlq/sink_dead_letters.h"
#include "pg/connection.h"
#include "pg/conninfo.h"
#include "pipeline/sink_recovery.h"
#include "sink/http/http_probe.h"
#include "sink/http/http_replay_target.h"
#include "sink/http/http_sink.h"
#include "sink/postgres/postgres_sink.h"
#include "sink/postgres/replay_applier.h"
#include "sink/redis/redis_replay_target.h"
#include "sink/redis/redis_sink.h"
#include "source/mysql/mysql_inspection.h"
#include "source/mysql/mysql_sample_rows.h"
#include "source/mysql/mysql_source.h"
#include "source/postgres/postgres_inspection.h"
#include "source/postgres/postgres_source.h"
#include "source/postgres/sample_rows.h"
#include "transport/kafka/schema_topic.h"
#include "util/errors.h"
#include "util/time_text.h"

#include <chrono>
#include <map>
#include <optional>

namespace syncline {
namespace {

std::unique_ptr<Sink> openPostgres(const PostgresSinkConfig &config, const SinkContext &context)
{
    auto sink = std::make_unique<PostgresSink>(config, context.pipeline);
    if (context.recovery) {
        sink->setIsolateThrough(&context.recovery->isolateThrough);
        sink->setInsertsCollided(&context.recovery->insertsCollided);
    }
    sink->setDeadLetters(context.deadLetters);
    if (context.schemaChanges)
        sink->setSchemaChangeObserver(context.schemaChanges);
    return sink;
}

std::unique_ptr<ReplayTarget> openPostgresReplay(const PostgresSinkConfig &config,
                                                 const PipelineConfig &)
{
    return std::make_unique<ReplayApplier>(config);
}

std::string probePostgres(const PostgresSinkConfig &config)
{
    pg::Connection::open(config.dsn, pg::Connection::Mode::Normal, "syncline validate");
    return "connected";
}

WebhookFormat webhookFormat(const PostgresSinkConfig &config)
{
    return config.http.format == "debezium" ? WebhookFormat::Debezium : WebhookFormat::Compact;
}

std::unique_ptr<Sink> openHttp(const PostgresSinkConfig &config, const SinkContext &context)
{
    const WebhookFormat format = webhookFormat(config);
    auto encoder = [format, pipeline = context.pipeline,
                    database = context.sourceDatabase](const TransactionChunk &chunk, int index) {
        return encodeWebhookEvent(format, chunk, index, pipeline, database, unixMillisNow());
    };
    auto sink = std::make_unique<http::HttpSink>(config, context.stateDir, std::move(encoder));
    sink->setDeadLetters(context.deadLetters);
    return sink;
}

std::unique_ptr<ReplayTarget> openHttpReplay(const PostgresSinkConfig &config,
                                             const PipelineConfig &pipeline)
{
    auto encoder = [format = webhookFormat(config), name = pipeline.name,
                    database = sourceDatabase(pipeline)](const ChangeEvent &event,
                                                         const std::string &position) {
        return encodeWebhookReplay(format, event, position, name, database, unixMillisNow());
    };
    return std::make_unique<http::HttpReplayTarget>(config, pipeline.stateDir, std::move(encoder));
}

std::string postgresWhere(const PostgresSinkConfig &config)
{
    return pg::redactConnInfo(config.dsn);
}

std::string httpWhere(const PostgresSinkConfig &config)
{
    return config.http.url.substr(0, config.http.url.find('?')); // a query may carry a token
}

std::string probeRedis(const PostgresSinkConfig &config)
{
    RedisSink::check(config);
    return "connected";
}

std::unique_ptr<Sink> openRedis(const PostgresSinkConfig &config, const SinkContext &context)
{
    auto sink = std::make_unique<RedisSink>(config, context.pipeline);
    sink->setDeadLetters(context.deadLetters);
    return sink;
}

// Redis keeps no table definitions: a replayed change's table is described by the source, as
// its connector reads its server's catalog, or, in a pipeline without a source, by the schema
// history topic the source's pipeline announces each table's shape in (read once, at the first
// dead letter).
std::unique_ptr<ReplayTarget> openRedisReplay(const PostgresSinkConfig &config,
                                              const PipelineConfig &pipeline)
{
    RedisReplayTarget::Describe describe;
    if (pipeline.hasSource) {
        std::shared_ptr<Source> source = makeSource(pipeline.source, pipeline.stateDir);
        describe = [source](const std::string &schema, const std::string &table) {
            return source->describeTable(schema, table);
        };
    } else {
        auto announced = std::make_shared<std::optional<std::map<std::string, TableSchema>>>();
        describe = [announced, transport = pipeline.transport,
                    sink = config.name](const std::string &schema, const std::string &table) {
            const std::string topic = transport.topicPrefix + "._schemas";
            if (!*announced)
                *announced =
                    kafka::readSchemaTopic({transport.brokers, transport.properties}, topic,
                                           kafka::BrowseClock::now() + std::chrono::seconds(30));
            const auto found = (*announced)->find(schema + '.' + table);
            if (found == (*announced)->end())
                throw PermanentError("sink " + sink + ": the schema history topic " + topic +
                                     " has no shape for " + schema + '.' + table +
                                     ", and Redis keeps no table definitions");
            return std::make_shared<TableSchema>(found->second);
        };
    }
    return std::make_unique<RedisReplayTarget>(config, pipeline.name, std::move(describe));
}

// What each sink type of the registry is opened with.
struct Openers
{
    std::unique_ptr<Sink> (*sink)(const PostgresSinkConfig &, const SinkContext &);
    std::unique_ptr<ReplayTarget> (*replay)(const PostgresSinkConfig &, const PipelineConfig &);
    std::string (*probe)(const PostgresSinkConfig &);
    std::string (*where)(const PostgresSinkConfig &);
    // Whether the sink can take these tables; nullptr: the sink checks them against its target.
    void (*checkTables)(const PostgresSinkConfig &, const std::vector<TableDefinition> &) = nullptr;
};

const Openers &openersOf(const PostgresSinkConfig &config)
{
    static const std::map<std::string, Openers> byType{
        {"postgres", {openPostgres, openPostgresReplay, probePostgres, postgresWhere}},
        {"redis",
         {openRedis, openRedisReplay, probeRedis, RedisSink::where, RedisSink::checkTables}},
        {"http", {openHttp, openHttpReplay, http::probeHttpSink, httpWhere}}};
    const auto found = byType.find(config.type);
    if (found == byType.end())
        throw PermanentError("sink " + config.name + ": type " + config.type +
                             " cannot be opened by this build of syncline");
    return found->second;
}

} // namespace

std::string sourceDatabase(const PipelineConfig &config)
{
    if (!config.hasSource || config.source.type != "postgres")
        return {};
    return pg::databaseName(config.source.dsn);
}

std::unique_ptr<Source> makeSource(const SourceConfig &config,
                                   const std::filesystem::path &stateDir)
{
    if (config.type == "postgres")
        return std::make_unique<PostgresSource>(config);
    if (config.type == "mysql")
        return std::make_unique<mysql::MysqlSource>(config, stateDir);
    throw PermanentError("source: type " + config.type +
                         " cannot be opened by this build of syncline");
}

SourceInspection inspectSource(const std::string &type, const std::string &dsn, bool withTables)
{
    if (type == "postgres")
        return inspectPostgresSource(dsn, withTables);
    if (type == "mysql")
        return mysql::inspectMysqlSource(dsn, withTables);
    throw PermanentError("source: type " + type + " cannot be inspected by this build of syncline");
}

SampledRows sampleSourceRows(const SourceConfig &config, const std::string &schema,
                             const std::string &table, int limit)
{
    if (config.type == "postgres")
        return samplePostgresRows(config.dsn, schema, table, limit);
    if (config.type == "mysql")
        return mysql::sampleMysqlRows(config.dsn, schema, table, limit);
    throw PermanentError("source: this build of syncline cannot preview rows of a " + config.type +
                         " source yet");
}

std::unique_ptr<Sink> makeSink(const PostgresSinkConfig &config, const SinkContext &context)
{
    return openersOf(config).sink(config, context);
}

std::string probeSink(const PostgresSinkConfig &config)
{
    return openersOf(config).probe(config);
}

std::unique_ptr<ReplayTarget> makeReplayTarget(const PostgresSinkConfig &config,
                                               const PipelineConfig &pipeline)
{
    return openersOf(config).replay(config, pipeline);
}

void checkSink(const PostgresSinkConfig &config)
{
    probeSink(config);
}

void checkSinkTables(const PostgresSinkConfig &config, const std::vector<TableDefinition> &tables)
{
    if (const auto check = openersOf(config).checkTables)
        check(config, tables);
}

std::string sinkWhere(const PostgresSinkConfig &config)
{
    return openersOf(config).where(config);
}

} // namespace syncline
