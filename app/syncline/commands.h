#pragma once

#include "config/pipeline_config.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::cli {

enum ExitCode
{
    Success = 0,
    Failure = 1,
    BadInput = 2
};

struct Options
{
    std::string command;
    std::string pipelineFile;
    bool offline = false;  // validate: skip the checks that connect to servers
    bool json = false;     // status: machine-readable output
    bool markdown = false; // connectors: Markdown tables
    bool verbose = false;
    std::vector<std::string> tables; // snapshot: --table, each schema.table or table
};

// Loads the pipeline file, printing every problem as file:line:col; nullopt when it has any.
std::optional<PipelineConfig> loadOrReport(const std::string &file);

int validate(const Options &options);
int run(const Options &options);
int status(const Options &options);
int connectors(const Options &options);
int snapshot(const Options &options);
// `syncline dlq ...`: takes the arguments after "dlq"; parses its own options.
int deadLetters(int argc, char **argv);

} // namespace syncline::cli
