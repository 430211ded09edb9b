#include "commands.h"

#include "pipeline/pipeline.h"
#include "util/log.h"

#include <csignal>

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
    Pipeline pipeline(std::move(*config));
    g_running = &pipeline;
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    const auto outcome = pipeline.run();
    g_running = nullptr;
    return outcome == Pipeline::Outcome::Stopped ? Success : Failure;
}

} // namespace syncline::cli
