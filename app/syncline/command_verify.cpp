#include "commands.h"

#include "verify_output.h"

#include "pg/error.h"
#include "util/time_text.h"
#include "verify/pipeline_verifier.h"
#include "verify/verify_error.h"
#include "verify/verify_history.h"

#include <iostream>

namespace syncline::cli {

namespace {

// Where the pipeline runs on this machine, its status (`syncline status`, status.json, the
// console) shows this run's results as the last of each table.
void recordInStatus(const PipelineConfig &config, std::int64_t started,
                    const std::vector<verify::TableResult> &results, const std::string &error)
{
    const std::string notRecorded =
        verify::VerifyHistory::recordIn(config.stateDir, "command", started, results, error);
    if (!notRecorded.empty())
        std::cerr << "syncline: " << notRecorded << '\n';
}

} // namespace

std::optional<std::vector<verify::TableResult>> compareForCli(const PipelineConfig &config,
                                                              const Options &options, int &exitCode)
{
    verify::VerifyRequest request;
    request.sinks = options.sinks;
    request.tables = options.tables;
    request.options.maxRowsPerSecond = options.maxRowsPerSecond;
    const verify::PipelineVerifier verifier(config);
    try {
        // Names the unknown sink or table before anything runs.
        for (const auto &skipped : verifier.plan(request).skipped)
            std::cerr << "sink " << skipped.sink << ": not compared (" << skipped.why << ")\n";
    } catch (const verify::VerifyError &error) {
        std::cerr << "syncline " << options.command << ": " << error.what() << '\n';
        exitCode = BadInput;
        return std::nullopt;
    } catch (const pg::Error &error) {
        std::cerr << "syncline " << options.command << ": the source: " << error.what() << '\n';
        exitCode = Failure;
        return std::nullopt;
    }
    const std::int64_t started = unixMillisNow();
    std::vector<verify::TableResult> results;
    try {
        verifier.run(request, [&](const verify::TableResult &result) {
            results.push_back(result);
            if (!options.json)
                std::cerr << "compared " << result.sink << ' ' << result.table << '\n';
        });
    } catch (const std::exception &error) {
        std::cerr << "syncline " << options.command << ": " << error.what() << '\n';
        recordInStatus(config, started, results, error.what());
        exitCode = Failure;
        return std::nullopt;
    }
    recordInStatus(config, started, results, {});
    exitCode = Success;
    return results;
}

int verifyCopies(const Options &options)
{
    auto config = loadOrReport(options.pipelineFile);
    if (!config)
        return BadInput;
    int exitCode = Success;
    const auto results = compareForCli(*config, options, exitCode);
    if (!results)
        return exitCode;
    if (!options.reportFile.empty() && !verify_output::writeReport(options.reportFile, *results)) {
        std::cerr << "syncline verify: cannot write " << options.reportFile << '\n';
        return Failure;
    }
    if (options.json)
        verify_output::printJson(std::cout, *results);
    else
        verify_output::printText(std::cout, *results, options.reportFile);
    if (verify_output::differenceCount(*results) > 0)
        return DifferencesFound;
    return verify_output::anyError(*results) ? Failure : Success;
}

} // namespace syncline::cli
