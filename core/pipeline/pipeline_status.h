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
    Paused,
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
    // While snapshotting: rows copied so far and the tables' estimated total (pg_class.reltuples;
    // 0 when unknown), for "% done" and an ETA.
    long long snapshotRowsCopied = 0;
    long long snapshotRowsEstimated = 0;
};

} // namespace syncline
