#include "commands.h"

#include "pipeline/pipeline.h"
#include "pipeline/state_directory.h"
#include "util/log.h"

#include <csignal>
#include <iostream>
#include <unistd.h>

namespace syncline::cli {
namespace {

Pipeline *g_running = nullptr;
volatile std::sig_atomic_t g_stopSignals = 0;

// The first signal stops gracefully. A second one (the operator insists, e.g. while a sink
// waits for a lock on the target) exits at once: that is safe, because nothing is confirmed
// to the source before the target committed it, so the next run carries on where this one was.
extern "C" void onStopSignal(int)
{
    g_stopSignals = g_stopSignals + 1;
    if (g_stopSignals > 1) {
        const char message[] = "syncline: stopping now; the next run resumes from the slot\n";
        [[maybe_unused]] const auto ignored = ::write(2, message, sizeof message - 1);
        ::_exit(130);
    }
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
