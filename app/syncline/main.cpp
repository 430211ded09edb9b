#include "commands.h"

#include "config/config_loader.h"
#include "connector/registry.h"
#include "util/log.h"

#include <cstdio>
#include <cstring>
#include <iostream>

namespace syncline::cli {

std::optional<PipelineConfig> loadOrReport(const std::string &file)
{
    auto result = loadPipelineConfig(file);
    if (auto *errors = std::get_if<std::vector<ConfigError>>(&result)) {
        for (const auto &error : *errors)
            std::cerr << error.toString() << '\n';
        return std::nullopt;
    }
    return std::get<PipelineConfig>(std::move(result));
}

} // namespace syncline::cli

namespace {

constexpr const char *kUsage = R"(usage: syncline <command> [options] [pipeline.yaml]

Keeps databases in sync through change data capture.

commands:
  run <pipeline.yaml>        snapshot if needed, then stream changes until SIGINT/SIGTERM
  validate <pipeline.yaml>   check the file, then the source and sinks (--offline: the file only)
  status <pipeline.yaml>     replication slot, confirmed position, lag, and each sink's position
  connectors [--markdown]    every source, transport and sink type with its properties

options:
  --offline    validate: do not connect to any server
  --json       status: print JSON
  -v, --verbose  log debug messages
  -h, --help   this text
  --version    the version

exit codes: 0 success, 1 failure while running, 2 bad input (usage or pipeline file)
)";

} // namespace

int main(int argc, char **argv)
{
    using namespace syncline::cli;
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            std::cout << kUsage;
            return Success;
        }
        if (arg == "--version") {
            std::cout << "syncline 0.1.0\n";
            return Success;
        }
        if (arg == "--offline")
            options.offline = true;
        else if (arg == "--json")
            options.json = true;
        else if (arg == "--markdown")
            options.json = false;
        else if (arg == "-v" || arg == "--verbose")
            options.verbose = true;
        else if (arg.starts_with("-")) {
            std::cerr << "syncline: unknown option " << arg << "\n\n" << kUsage;
            return BadInput;
        } else if (options.command.empty())
            options.command = arg;
        else if (options.pipelineFile.empty())
            options.pipelineFile = arg;
        else {
            std::cerr << "syncline: unexpected argument " << arg << '\n';
            return BadInput;
        }
    }
    if (options.verbose)
        syncline::log::setMinimumLevel(syncline::LogLevel::Debug);

    if (options.command == "connectors") {
        std::cout << syncline::renderRegistryMarkdown();
        return Success;
    }
    if (options.command != "run" && options.command != "validate" && options.command != "status") {
        std::cerr << (options.command.empty() ? "syncline: no command given"
                                              : "syncline: unknown command " + options.command)
                  << "\n\n"
                  << kUsage;
        return BadInput;
    }
    if (options.pipelineFile.empty()) {
        std::cerr << "syncline " << options.command << ": which pipeline file?\n\n" << kUsage;
        return BadInput;
    }
    if (options.command == "run")
        return run(options);
    if (options.command == "validate")
        return validate(options);
    return status(options);
}
