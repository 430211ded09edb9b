#pragma once

#include "config/pipeline_config.h"
#include "pipeline/session_transport.h"
#include "pipeline/sink_worker.h"

#include <memory>
#include <vector>

namespace syncline {

class Sink;

// In-process bounded queues, one applier thread per sink; the source may confirm what every
// sink has committed.
class DirectTransport : public SessionTransport
{
public:
    DirectTransport(const PipelineConfig &config, const std::vector<std::unique_ptr<Sink>> &sinks);

    void start() override;
    void emit(const std::shared_ptr<const TransactionChunk> &chunk,
              const std::function<void()> &waiting) override;
    Lsn safePosition() override;
    void drainAndStop() override;
    void abort() override;

private:
    void checkWorkers() const;

    std::vector<std::unique_ptr<SinkWorker>> m_workers;
};

} // namespace syncline
