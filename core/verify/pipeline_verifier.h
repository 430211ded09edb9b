#pragma once

#include "config/pipeline_config.h"
#include "verify/sink_catch_up.h"
#include "verify/table_verifier.h"
#include "verify/verify_result.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline::pg {
class Connection;
}

namespace syncline::transform {
class TransformChain;
}

namespace syncline::verify {

struct VerifyRequest
{
    std::vector<std::string> sinks;  // by name; empty: every sink
    std::vector<std::string> tables; // schema.table (or table: public); empty: every table
    VerifyOptions options;
    std::chrono::milliseconds catchUpTimeout{60000};
    // Set by the process that runs a pipeline with an embedded broker.
    std::optional<SinkCatchUp::EmbeddedKafka> embeddedKafka;
};

// Compares the tables of a pipeline's sinks with its source, table by table (TableVerifier).
class PipelineVerifier
{
public:
    explicit PipelineVerifier(const PipelineConfig &pipeline);
    ~PipelineVerifier();

    // The sinks and tables the request names, checked against the pipeline file and the
    // source's catalog (patterns expanded). Sinks that keep no copy of the rows (http, redis in
    // invalidate or stream mode) are left out with why, unless the request names them. Throws
    // VerifyError naming an unknown sink or table, a named sink that keeps no copy, or when no
    // sink is left.
    struct Skipped
    {
        std::string sink;
        std::string why;
    };
    struct Plan
    {
        std::vector<const PostgresSinkConfig *> sinks;
        std::vector<std::string> tables;
        std::vector<Skipped> skipped;
    };
    Plan plan(const VerifyRequest &request) const;

    // Told each table's result as soon as it is known, and the rows read of the table being
    // compared.
    using TableDone = std::function<void(const TableResult &)>;
    using Progress =
        std::function<void(const std::string &sink, const std::string &table, long long rowsRead)>;

    // A table that cannot be compared gets a result with `error`; the others go on. Throws
    // VerifyError when a sink cannot be reached or does not catch up.
    std::vector<TableResult> run(const VerifyRequest &request, const TableDone &done = {},
                                 const Progress &progress = {},
                                 const std::atomic<bool> *cancel = nullptr) const;

private:
    bool transformed(pg::Connection &source, const std::string &table) const;

    const PipelineConfig &m_pipeline;
    std::unique_ptr<transform::TransformChain> m_chain; // compares transformed tables
};

} // namespace syncline::verify
