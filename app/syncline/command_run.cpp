#include "commands.h"

#include "pipeline/pipeline.h"
#include "pipeline/state_directory.h"
#include "util/log.h"

#include <csignal>
#include <iostream>

namespace syncline::cli {
namespace {

Pipeline *g_running = nullptr;

extern "C" void onStopSignal(int)
{
    if (g_running)
        g_running->requestStop();
}

} // namespace

int run(const Options &options)
{
    auto config = loadOrReport(options.pipelineFile);
    if (!config)
        return BadInput;
    StateDirectory state(config->stateDir);
    if (const auto problem = state.lock()) {
        std::cerr << "syncline run: " << *problem << '\n';
        return Failure;
    }
    Pipeline pipeline(std::move(*config));
    pipeline.setStatusListener(
        [&state](const PipelineStatus &status) { state.writeStatus(status); });
    g_running = &pipeline;
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr); // a closed terminal stops the runner gracefully too
    const auto outcome = pipeline.run();
    g_running = nullptr;
    return outcome == Pipeline::Outcome::Stopped ? Success : Failure;
}

} // namespace syncline::cli
