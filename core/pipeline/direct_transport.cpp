#include "pipeline/direct_transport.h"

#include <chrono>

namespace syncline {

DirectTransport::DirectTransport(const PipelineConfig &config,
                                 const std::vector<std::unique_ptr<Sink>> &sinks)
{
    for (std::size_t i = 0; i < sinks.size(); ++i)
        m_workers.push_back(std::make_unique<SinkWorker>(
            *sinks[i], config.sinks[i], std::size_t(config.transport.queueCapacity),
            config.transport.queueMaxBytes));
}

void DirectTransport::start()
{
    for (auto &worker : m_workers)
        worker->start();
}

void DirectTransport::emit(const std::shared_ptr<const TransactionChunk> &chunk,
                           const std::function<void()> &waiting)
{
    for (auto &worker : m_workers) {
        while (!worker->offer(chunk, std::chrono::milliseconds(100))) {
            checkWorkers();
            waiting();
        }
    }
}

void DirectTransport::checkWorkers() const
{
    for (const auto &worker : m_workers)
        if (worker->hasFailed())
            std::rethrow_exception(worker->failure());
}

Lsn DirectTransport::safePosition()
{
    checkWorkers();
    Lsn lowest(~std::uint64_t(0));
    for (const auto &worker : m_workers)
        lowest = std::min(lowest, worker->committedPosition());
    return lowest;
}

void DirectTransport::drainAndStop()
{
    for (auto &worker : m_workers)
        worker->drainAndStop();
    checkWorkers();
}

void DirectTransport::abort()
{
    for (auto &worker : m_workers)
        worker->abort();
}

} // namespace syncline
