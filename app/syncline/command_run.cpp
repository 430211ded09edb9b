#include "commands.h"

#include "metrics/prometheus_exporter.h"
#include "pipeline/pipeline.h"
#include "pipeline/state_directory.h"
#include "util/log.h"
#include "util/stop_signals.h"

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

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
    // The flag wins over the file's metrics: listen.
    const std::string listen =
        options.metricsListen.empty() ? config->metricsListen : options.metricsListen;
    std::unique_ptr<MetricsEndpoint> endpoint;
    if (!listen.empty()) {
        try {
            endpoint = std::make_unique<MetricsEndpoint>(listen);
        } catch (const MetricsEndpointError &error) {
            std::cerr << "syncline run: " << error.what() << '\n';
            return Failure;
        }
    }
    Pipeline pipeline(std::move(*config));
    if (endpoint) {
        endpoint->add({pipeline.name(), &pipeline.metrics(), pipelineStateNames()});
        log::info("metrics", "serving Prometheus metrics on " + endpoint->url());
    }
    pipeline.setStatusListener(
        [&state](const PipelineStatus &status) { state.writeStatus(status); });
    // Kafka: the consumer lag for `syncline status`, every few seconds.
    std::jthread lagWriter;
    if (pipeline.config().transport.isKafka())
        lagWriter = std::jthread([&pipeline, &state](std::stop_token stop) {
            std::mutex mutex;
            std::condition_variable_any wake;
            std::unique_lock lock(mutex);
            while (!wake.wait_for(lock, stop, std::chrono::seconds(5), [] { return false; }) &&
                   !stop.stop_requested())
                state.writeConsumerLag(pipeline.metrics().latest().consumerLag);
        });
    g_running = &pipeline;
    installStopSignals("syncline", &stopRunning); // SIGHUP too: a closed terminal
    const auto outcome = pipeline.run();
    g_running = nullptr;
    if (endpoint)
        endpoint->remove(pipeline.name()); // before the pipeline's metrics go
    return outcome == Pipeline::Outcome::Stopped ? Success : Failure;
}

} // namespace syncline::cli
