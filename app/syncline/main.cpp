#include "commands.h"

#include "config/config_loader.h"
#include "config/listen_address.h"
#include "connector/registry.h"
#include "transform/transform_chain.h"
#include "util/log.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace syncline::cli {

std::optional<PipelineConfig> loadOrReport(const std::string &file)
{
    auto result = loadPipelineConfig(file);
    if (auto *errors = std::get_if<std::vector<ConfigError>>(&result)) {
        for (const auto &error : *errors)
            std::cerr << error.toString() << '\n';
        return std::nullopt;
    }
    auto config = std::get<PipelineConfig>(std::move(result));
    // A filter's predicate is parsed by the transform stage, not the YAML loader.
    try {
        transform::TransformChain chain(config.transforms, config.allowUnmasked);
    } catch (const transform::TransformError &error) {
        const SourceMark at = config.transforms[error.step].whereMark;
        std::cerr << ConfigError{config.file, at.line, at.column + int(error.offset), error.what()}
                         .toString()
                  << '\n';
        return std::nullopt;
    }
    return config;
}

} // namespace syncline::cli

namespace {

constexpr const char *kUsage = R"(usage: syncline <command> [options] [pipeline.yaml]

Keeps databases in sync through change data capture.

commands:
  run <pipeline.yaml> [--metrics HOST:PORT]
                             snapshot if needed, then stream changes until SIGINT/SIGTERM;
                             --metrics serves Prometheus metrics on /metrics
  validate <pipeline.yaml>   check the file, then the source and sinks (--offline: the file only)
  status <pipeline.yaml>     replication slot, confirmed position, lag, and each sink's position
  snapshot <pipeline.yaml> --table T [--table T2 ...]
                             copy these tables again while streaming (incremental snapshot:
                             no lock beyond a chunk's read); the runner picks the request up
  verify <pipeline.yaml> [--sink S] [--table T ...] [--json] [--report FILE]
                             compare each sink's tables with the source while the pipeline
                             streams; exit 3 when they differ
  repair <pipeline.yaml> [--sink S] [--table T ...] [--dry-run]
                             verify, re-send exactly the rows that differ through the stream,
                             and verify again
  connectors [--markdown]    every source, transport and sink type with its properties
  dlq <action> <pipeline.yaml> [filters]
                             dead letters: list, show, replay, discard, edit, audit
                             (syncline dlq --help)

options:
  --offline    validate: do not connect to any server
  --json       status, verify: print JSON
  --report F   verify: write every difference to F as JSON lines (source and target rows)
  --dry-run    repair: list what would change, change nothing
  --max-rows-per-second N
               verify, repair: read at most N source rows a second (protects production)
  --metrics A  run: serve /metrics on A (127.0.0.1:9187, :9187 for every interface),
               instead of the pipeline file's metrics: listen
  --markdown   connectors: print Markdown tables (as in the README)
  -v, --verbose  run, validate, status: log debug messages
  -h, --help   this text
  --version    the version

exit codes: 0 success, 1 failure while running, 2 bad input (usage or pipeline file),
            3 verify or repair found differences
)";

} // namespace

int main(int argc, char **argv)
{
    using namespace syncline::cli;
    // Which options each command takes, and whether it needs a pipeline file.
    struct Command
    {
        std::string name;
        std::vector<std::string> options;
        bool needsFile;
        int (*handler)(const Options &);
    };
    const std::vector<Command> commands = {
        {"run", {"-v", "--verbose", "--metrics"}, true, run},
        {"validate", {"-v", "--verbose", "--offline"}, true, validate},
        {"status", {"-v", "--verbose", "--json"}, true, status},
        {"connectors", {"--markdown"}, false, connectors},
        {"snapshot", {"--table"}, true, snapshot},
        {"verify",
         {"--table", "--sink", "--json", "--report", "--max-rows-per-second", "-v", "--verbose"},
         true,
         verifyCopies},
        {"repair",
         {"--table", "--sink", "--dry-run", "--max-rows-per-second", "-v", "--verbose"},
         true,
         repairCopies},
    };

    if (argc > 1 && std::string(argv[1]) == "dlq")
        return deadLetters(argc - 2, argv + 2);

    Options options;
    std::vector<std::string> flags;
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
        if (arg == "--table" || arg == "--sink" || arg == "--report" ||
            arg == "--max-rows-per-second" || arg == "--metrics") {
            if (i + 1 == argc) {
                std::cerr << "syncline: " << arg << " needs a value ("
                          << (arg == "--table"     ? "schema.table"
                              : arg == "--sink"    ? "a sink's name"
                              : arg == "--metrics" ? "host:port, as 127.0.0.1:9187"
                                                   : "a file")
                          << ")\n";
                return BadInput;
            }
            const std::string value = argv[++i];
            if (arg == "--metrics") {
                const auto parsed = syncline::parseListenAddress(value);
                if (!parsed.address) {
                    std::cerr << "syncline: --metrics: " << parsed.problem << '\n';
                    return BadInput;
                }
                options.metricsListen = value;
            } else if (arg == "--table")
                options.tables.push_back(value);
            else if (arg == "--sink")
                options.sinks.push_back(value);
            else if (arg == "--max-rows-per-second") {
                char *end = nullptr;
                options.maxRowsPerSecond = std::strtoll(value.c_str(), &end, 10);
                if (*end || options.maxRowsPerSecond <= 0) {
                    std::cerr << "syncline: --max-rows-per-second needs a positive number\n";
                    return BadInput;
                }
            } else
                options.reportFile = value;
            flags.push_back(arg);
        } else if (arg.starts_with("-"))
            flags.push_back(arg);
        else if (options.command.empty())
            options.command = arg;
        else if (options.pipelineFile.empty())
            options.pipelineFile = arg;
        else {
            std::cerr << "syncline: unexpected argument " << arg << '\n';
            return BadInput;
        }
    }
    const auto command = std::find_if(commands.begin(), commands.end(),
                                      [&](const Command &c) { return c.name == options.command; });
    if (command == commands.end()) {
        std::cerr << (options.command.empty() ? "syncline: no command given"
                                              : "syncline: unknown command " + options.command)
                  << "\n\n"
                  << kUsage;
        return BadInput;
    }
    for (const auto &flag : flags) {
        if (std::find(command->options.begin(), command->options.end(), flag) ==
            command->options.end()) {
            std::cerr << "syncline " << command->name << ": unknown option " << flag << "\n\n"
                      << kUsage;
            return BadInput;
        }
        options.offline = options.offline || flag == "--offline";
        options.json = options.json || flag == "--json";
        options.markdown = options.markdown || flag == "--markdown";
        options.dryRun = options.dryRun || flag == "--dry-run";
        options.verbose = options.verbose || flag == "-v" || flag == "--verbose";
    }
    if (command->needsFile == options.pipelineFile.empty()) {
        std::cerr << "syncline " << command->name
                  << (command->needsFile ? ": which pipeline file?" : ": takes no pipeline file")
                  << "\n\n"
                  << kUsage;
        return BadInput;
    }
    if (options.verbose)
        syncline::log::setMinimumLevel(syncline::LogLevel::Debug);
    return command->handler(options);
}
