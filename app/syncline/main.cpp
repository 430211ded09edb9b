#include "command_reference.h"
#include "commands.h"
#include "man_page.h"

#include "config/config_loader.h"
#include "config/listen_address.h"
#include "connector/registry.h"
#include "transform/transform_chain.h"
#include "util/log.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
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

// syncline manpages <directory>: writes syncline.1 and syncline-<command>.1 (for packaging).
int writeManPages(const std::string &directory)
{
    using namespace syncline::cli;
    std::vector<const CommandDoc *> pages{nullptr};
    for (const auto &command : commandReference())
        pages.push_back(&command);
    for (const CommandDoc *command : pages) {
        const std::string file =
            directory + "/syncline" + (command ? "-" + command->name : "") + ".1";
        std::ofstream out(file);
        out << manPage(command, SYNCLINE_VERSION);
        if (!out.flush()) {
            std::cerr << "syncline manpages: cannot write " << file << '\n';
            return Failure;
        }
    }
    return Success;
}

} // namespace

int main(int argc, char **argv)
{
    using namespace syncline::cli;
    const std::map<std::string, int (*)(const Options &)> handlers = {
        {"run", run},
        {"validate", validate},
        {"status", status},
        {"connectors", connectors},
        {"snapshot", snapshot},
        {"verify", verifyCopies},
        {"repair", repairCopies},
    };

    if (argc > 1 && std::string(argv[1]) == "dlq")
        return deadLetters(argc - 2, argv + 2);
    if (argc == 3 && std::string(argv[1]) == "manpages")
        return writeManPages(argv[2]);

    Options options;
    const CommandDoc *command = nullptr;
    std::vector<std::string> flags;
    bool help = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            help = true;
            continue;
        }
        if (arg == "--version") {
            std::cout << "syncline " SYNCLINE_VERSION "\n";
            return Success;
        }
        // Before the command, an option is read as the commands that take it document it.
        const OptionDoc *option = command ? findOption(*command, arg) : findAnyOption(arg);
        if (option && !option->value.empty()) {
            flags.push_back(arg);
            if (i + 1 == argc) {
                std::cerr << "syncline: " << arg << " needs a value (" << option->value << ")\n";
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
        } else if (arg.starts_with("-"))
            flags.push_back(arg);
        else if (options.command.empty()) {
            options.command = arg;
            command = findCommand(arg);
        } else if (options.pipelineFile.empty())
            options.pipelineFile = arg;
        else {
            std::cerr << "syncline: unexpected argument " << arg << '\n';
            return BadInput;
        }
    }
    if (help) {
        std::cout << (command ? commandHelp(*command) : usageText());
        return Success;
    }
    if (!command || !handlers.count(command->name)) {
        std::cerr << (options.command.empty() ? "syncline: no command given"
                                              : "syncline: unknown command " + options.command)
                  << "\n\n"
                  << usageText();
        return BadInput;
    }
    for (const auto &flag : flags) {
        if (!findOption(*command, flag)) {
            std::cerr << "syncline " << command->name << ": unknown option " << flag << "\n\n"
                      << commandHelp(*command);
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
                  << commandHelp(*command);
        return BadInput;
    }
    if (options.verbose)
        syncline::log::setMinimumLevel(syncline::LogLevel::Debug);
    return handlers.at(command->name)(options);
}
