#include "commands.h"

#include "pipeline/pipeline.h"
#include "pipeline/state_directory.h"
#include "util/log.h"
#include "util/stop_signals.h"

#include <iostream>

namespace syncline::cli {
namespace {

Pipeline *g_running = nullptr;

// The first signal stops gracefully (a second exits at once: see installStopSignals).
void stopRunning()
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
    installStopSignals("syncline", &stopRunning); // SIGHUP too: a closed terminal
    const auto outcome = pipeline.run();
    g_running = nullptr;
    return outcome == Pipeline::Outcome::Stopped ? Success : Failure;
}

} // namespace syncline::cli
