#pragma once

#include "model/lsn.h"

#include <string>
#include <vector>

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
// Every state's name, in the enum's order (the labels of syncline_pipeline_state).
const std::vector<std::string> &pipelineStateNames();

// The last verify result of one sink's table (see verify/verify_history.h).
struct TableVerification
{
    std::string sink;
    std::string table;
    std::string verifiedAt; // ISO 8601, UTC
    std::string trigger;    // "schedule", "command", "console"
    long long rows = 0;
    long long missing = 0;
    long long extra = 0;
    long long different = 0;
    long long unsettled = 0;
    std::string error; // it could not be compared

    long long differences() const { return missing + extra + different; }
    bool operator==(const TableVerification &) const = default;
};

// Scheduled verification (verify: in the pipeline file), as the runner sees it.
struct VerificationStatus
{
    bool scheduled = false;
    bool running = false;
    std::string nextRunAt; // ISO 8601; empty while it waits for the pipeline to stream
    std::string lastError; // what stopped the last scheduled run early
    std::vector<TableVerification> tables;

    int tablesDifferent() const;
    bool operator==(const VerificationStatus &) const = default;
};

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
    VerificationStatus verification;
};

} // namespace syncline
