#pragma once

#include "model/lsn.h"

#include <string>

namespace syncline {

enum class PipelineState
{
    Stopped,
    Starting,
    Snapshotting,
    Streaming,
    Retrying,
    Failed
};

const char *stateName(PipelineState state);

// What a pipeline is doing now, as the runner logs it and the console will show it.
struct PipelineStatus
{
    PipelineState state = PipelineState::Stopped;
    std::string detail; // the retry reason, the failure, ...
    Lsn confirmedLsn;   // what the slot has been told is safely applied
    long long appliedChanges = 0;
    int retryAttempt = 0;
};

} // namespace syncline
