#pragma once

#include "config/pipeline_config.h"
#include "connector/replay_target.h"
#include "connector/sink.h"
#include "connector/source.h"
#include "connector/source_inspection.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace syncline {

namespace dlq {
class SinkDeadLetters;
}
struct SchemaPlan;
struct SinkRecovery;

// What a pipeline hands each sink it opens; it outlives the sink.
struct SinkContext
{
    std::string pipeline;
    std::string sourceDatabase;       // sourceDatabase(): source.db of Debezium envelopes
    std::filesystem::path stateDir;   // where a sink that keeps its position locally keeps it
    SinkRecovery *recovery = nullptr; // what failures taught earlier sessions
    dlq::SinkDeadLetters *deadLetters = nullptr; // null: a rejected change stops the pipeline
    // Told what the sink did about each new shape of a table, or why it refused it.
    std::function<void(const TableSchema &table, const SchemaPlan &plan, Lsn lsn,
                       const std::string &refusal)>
        schemaChanges;
};

// The database a Debezium envelope's source.db names for the pipeline's changes: a postgres
// source's dbname; empty without a source, or for MySQL (whose changes name their table's).
std::string sourceDatabase(const PipelineConfig &config);

// The source of the type its configuration names (one of the registry's source types). Throws
// PermanentError for a type the registry knows but this build cannot open. `stateDir`: where a
// source that keeps its capture position locally (mysql) keeps it.
std::unique_ptr<Source> makeSource(const SourceConfig &config,
                                   const std::filesystem::path &stateDir);

// What the source server of a source type says about itself (SourceInspection), from `dsn` as
// the pipeline file would give it (secrets resolved). Throws when it cannot be reached.
SourceInspection inspectSource(const std::string &type, const std::string &dsn, bool withTables);

// Up to `limit` rows of schema.table of the source `config` names (its dsn resolved), for the
// console's transform preview. Throws PermanentError for a source type this build cannot
// sample, and the client library's error when the server cannot be read.
SampledRows sampleSourceRows(const SourceConfig &config, const std::string &schema,
                             const std::string &table, int limit);

// A sink of the type its configuration names (one of the registry's sink types). Throws
// PermanentError for a type the registry knows but this build cannot open.
std::unique_ptr<Sink> makeSink(const PostgresSinkConfig &config, const SinkContext &context);

// syncline validate's check of a sink's target: connects (an http sink sends a test request)
// and says what it found. Throws TransientError or the client library's error when the target
// cannot be reached, PermanentError when it refuses.
std::string probeSink(const PostgresSinkConfig &config);

// The sink's target as dead-letter replays apply to it (dlq::Replayer), by the same rule;
// `pipeline` is the sink's (an http sink records its replays in its state directory).
std::unique_ptr<ReplayTarget> makeReplayTarget(const PostgresSinkConfig &config,
                                               const PipelineConfig &pipeline);

// Connects to the sink's target as a session would (and logs in), for syncline validate; throws
// the engine's error (pg::Error, TransientError, PermanentError) when it cannot.
void checkSink(const PostgresSinkConfig &config);
// Whether the sink can take the pipeline's tables (as the sinks receive them) before it connects,
// for syncline validate: throws the PermanentError that starting it would (a Redis key template
// naming a column that is not a key column of one).
void checkSinkTables(const PostgresSinkConfig &config, const std::vector<TableDefinition> &tables);
// The sink's target for log lines, without secrets.
std::string sinkWhere(const PostgresSinkConfig &config);

} // namespace syncline
