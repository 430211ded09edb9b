#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace syncline {

// Where in a file a value came from; line and column count from 1, as editors show them.
struct SourceMark
{
    int line = 0;
    int column = 0;
};

struct PostgresSourceConfig
{
    std::string dsn; // libpq conninfo, ${ENV} references already expanded
    std::string slot;
    std::string publication;
    std::vector<std::string> tables; // "schema.table", always schema-qualified after loading
    enum class Snapshot
    {
        Initial,
        Never
    } snapshot = Snapshot::Initial;
    SourceMark tablesMark;
};

struct TransportConfig
{
    std::string type = "direct";
    int queueCapacity = 64; // transaction chunks in flight per sink (direct transport)
};

struct PostgresSinkConfig
{
    std::string name;
    std::string type = "postgres";
    std::string dsn;
    bool createTables = true;
    int batchMaxChanges = 5000; // source changes coalesced into one target transaction at most
    // A change the target rejects is retried maxRetries times, then dead-lettered; with
    // stopOnError it stops the pipeline at once.
    int maxRetries = 3;
    bool stopOnError = false;
    SourceMark mark;
};

struct PipelineConfig
{
    std::filesystem::path file; // the YAML file it was loaded from
    std::string name;
    PostgresSourceConfig source;
    TransportConfig transport;
    std::vector<PostgresSinkConfig> sinks;
    std::filesystem::path stateDir; // absolute; default <file's dir>/.syncline/<name>
};

} // namespace syncline
