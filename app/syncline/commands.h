#pragma once

#include "config/pipeline_config.h"
#include "verify/verify_result.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::cli {

enum ExitCode
{
    Success = 0,
    Failure = 1,
    BadInput = 2,
    DifferencesFound = 3 // verify, repair: a target differs from the source
};

struct Options
{
    std::string command;
    std::string pipelineFile;
    bool offline = false;  // validate: skip the checks that connect to servers
    bool json = false;     // status: machine-readable output
    bool markdown = false; // connectors: Markdown tables
    bool verbose = false;
    std::vector<std::string> tables; // snapshot, verify, repair: --table, schema.table or table
    std::vector<std::string> sinks;  // verify, repair: --sink
    std::string reportFile;          // verify: --report, every difference as JSON lines
    bool dryRun = false;             // repair: list what would change
    long long maxRowsPerSecond = 0;  // verify, repair: source rows read a second; 0: no limit
    std::string metricsListen;       // run: --metrics, where /metrics listens
};

// Loads the pipeline file, printing every problem as file:line:col; nullopt when it has any.
std::optional<PipelineConfig> loadOrReport(const std::string &file);

int validate(const Options &options);
int run(const Options &options);
int status(const Options &options);
int connectors(const Options &options);
int snapshot(const Options &options);
int verifyCopies(const Options &options);
// Compares as `options` ask (verify and repair); nullopt with `exitCode` set when it could not.
std::optional<std::vector<verify::TableResult>>
compareForCli(const PipelineConfig &config, const Options &options, int &exitCode);
int repairCopies(const Options &options);
// `syncline dlq ...`: takes the arguments after "dlq"; parses its own options.
int deadLetters(int argc, char **argv);

} // namespace syncline::cli
