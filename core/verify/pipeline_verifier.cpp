#include "verify/pipeline_verifier.h"

#include "verify/redis_table_verifier.h"
#include "verify/sink_catch_up.h"
#include "verify/transformed_table_verifier.h"
#include "verify/verify_error.h"

#include "config/table_name.h"
#include "pg/connection.h"
#include "pg/error.h"
#include "source/postgres/source_catalog.h"
#include "source/postgres/source_tables.h"
#include "transform/transform_chain.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace syncline::verify {

PipelineVerifier::PipelineVerifier(const PipelineConfig &pipeline)
    : m_pipeline(pipeline), m_chain(std::make_unique<transform::TransformChain>(
                                pipeline.transforms, pipeline.allowUnmasked))
{}

PipelineVerifier::~PipelineVerifier() = default;

namespace {

// Why a sink keeps no copy of the rows to compare with the source, or "" when it keeps one.
std::string keepsNoCopy(const PostgresSinkConfig &sink)
{
    if (sink.type == "http")
        return "an http sink sends changes on and keeps no rows";
    if (sink.type == "redis" && sink.redis.mode != RedisSinkOptions::Mode::Materialize)
        return "a redis sink in invalidate or stream mode keeps no rows";
    return {};
}

} // namespace

PipelineVerifier::Plan PipelineVerifier::plan(const VerifyRequest &request) const
{
    if (!m_pipeline.hasSource)
        throw VerifyError("the pipeline has no source to compare its sinks with");
    Plan plan;
    for (const auto &name : request.sinks)
        if (std::none_of(m_pipeline.sinks.begin(), m_pipeline.sinks.end(),
                         [&](const PostgresSinkConfig &sink) { return sink.name == name; }))
            throw VerifyError("the pipeline has no sink " + name);
    for (const auto &sink : m_pipeline.sinks) {
        const bool named =
            std::find(request.sinks.begin(), request.sinks.end(), sink.name) != request.sinks.end();
        if (!request.sinks.empty() && !named)
            continue;
        if (const std::string why = keepsNoCopy(sink); !why.empty()) {
            if (named)
                throw VerifyError("sink " + sink.name + " cannot be compared: " + why);
            plan.skipped.push_back({sink.name, why});
            continue;
        }
        plan.sinks.push_back(&sink);
    }
    if (plan.sinks.empty())
        throw VerifyError("no sink of the pipeline keeps a copy of the rows to compare (" +
                          plan.skipped.front().sink + ": " + plan.skipped.front().why + ")");

    auto connection = pg::Connection::open(m_pipeline.source.dsn, pg::Connection::Mode::Normal,
                                           "syncline verify");
    const auto tables = expandTableEntries(m_pipeline.source.tables, listSourceTables(connection));
    if (request.tables.empty())
        return plan.tables = tables, plan;
    for (const auto &table : request.tables) {
        const std::string qualified = qualifiedTableName(table);
        if (std::find(tables.begin(), tables.end(), qualified) == tables.end())
            throw VerifyError(qualified + " is not one of the pipeline's tables");
        plan.tables.push_back(qualified);
    }
    return plan;
}

// Whether the pipeline's transforms change `table`: then it is compared masked to masked.
bool PipelineVerifier::transformed(pg::Connection &source, const std::string &table) const
{
    if (m_pipeline.transforms.empty())
        return false;
    return m_chain->planFor(SourceCatalog(source).describeTable(table).toSchema())->touchesAny;
}

std::vector<TableResult> PipelineVerifier::run(const VerifyRequest &request, const TableDone &done,
                                               const Progress &progress,
                                               const std::atomic<bool> *cancel) const
{
    const Plan planned = plan(request);
    std::vector<TableResult> results;
    for (const auto *sink : planned.sinks) {
        auto source = pg::Connection::open(m_pipeline.source.dsn, pg::Connection::Mode::Normal,
                                           "syncline verify");
        SinkCatchUp catchUp(m_pipeline, *sink, request.catchUpTimeout, request.embeddedKafka);
        // How this sink's tables are compared: a PostgreSQL target by ranges of checksums
        // (masked to masked when transforms change the table), Redis key by key.
        std::optional<pg::Connection> target;
        std::optional<TableVerifier> verifier;
        std::optional<RedisTableVerifier> redisVerifier;
        std::function<TableResult(const std::string &)> compare;
        if (sink->type == "redis") {
            try {
                redisVerifier.emplace(source, *sink, m_pipeline.name, catchUp, request.options);
            } catch (const std::exception &error) {
                throw VerifyError(error.what());
            }
            compare = [&](const std::string &table) {
                if (transformed(source, table))
                    throw VerifyError("not compared: the pipeline's transforms change " + table +
                                      ", and a redis sink's tables are compared untransformed");
                return redisVerifier->verify(table);
            };
        } else {
            target =
                pg::Connection::open(sink->dsn, pg::Connection::Mode::Normal, "syncline verify");
            verifier.emplace(source, *target, catchUp, request.options);
            verifier->setCancel(cancel);
            compare = [&](const std::string &table) {
                if (progress)
                    verifier->setProgress(
                        [&](long long rows) { progress(sink->name, table, rows); });
                return transformed(source, table)
                           ? TransformedTableVerifier(source, *target, catchUp, *m_chain,
                                                      request.options)
                                 .verify(sink->name, table)
                           : verifier->verify(sink->name, table);
            };
        }
        for (const auto &table : planned.tables) {
            TableResult result;
            try {
                result = compare(table);
            } catch (const CatchUpError &) {
                throw;
            } catch (const VerifyError &error) {
                if (cancel && cancel->load())
                    throw;
                result.sink = sink->name;
                result.table = table;
                result.error = error.what();
            } catch (const pg::Error &error) {
                result.sink = sink->name;
                result.table = table;
                result.error = error.what();
            }
            if (done)
                done(result);
            results.push_back(std::move(result));
        }
    }
    return results;
}

} // namespace syncline::verify
