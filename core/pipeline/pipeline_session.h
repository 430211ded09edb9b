#pragma once

#include "config/pipeline_config.h"
#include "pipeline/pipeline_status.h"
#include "pipeline/sink_recovery.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

namespace syncline {

// One attempt at running a pipeline: connect, snapshot if needed, stream until asked to stop.
// Any failure ends the session with an exception; everything not yet committed by a sink is
// simply streamed again by the next session, from the slot.
class PipelineSession
{
public:
    using StatusUpdate = std::function<void(PipelineState, const std::string &detail)>;
    using ProgressUpdate = std::function<void(Lsn confirmed, long long appliedChanges)>;

    PipelineSession(const PipelineConfig &config, const std::atomic<bool> &stopRequested,
                    std::deque<SinkRecovery> &recovery, StatusUpdate status,
                    ProgressUpdate progress);

    // Returns after a graceful stop; throws pg::Error or DecodeError on failure.
    void run();

private:
    const PipelineConfig &m_config;
    const std::atomic<bool> &m_stopRequested;
    std::deque<SinkRecovery> &m_recovery;
    StatusUpdate m_status;
    ProgressUpdate m_progress;
};

} // namespace syncline
