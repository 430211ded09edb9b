#pragma once

#include "config/pipeline_config.h"
#include "model/lsn.h"
#include "pipeline/pipeline_status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

// Where a pipeline stands, read from the servers (not from a running process): the slot on
// the source and each sink's recorded position on its target.
struct StatusReport
{
    std::string sourceError; // why the source could not be read; empty when it could
    bool slotExists = false;
    bool slotActive = false;
    Lsn confirmedFlush;
    Lsn currentWal;
    long long lagBytes = 0;      // WAL written since the confirmed position
    long long retainedBytes = 0; // WAL the slot keeps on the source's disk
    std::string captureName;     // "slot shop", "binary log capture point (server_id 5401)"
    std::string captureWarning;  // a danger to the capture position, with what to do
    std::string walStatus;       // PostgreSQL: the slot's wal_status; empty when unknown

    struct Sink
    {
        std::string name;
        std::string error;
        std::optional<Lsn> position;
        std::string updatedAt;

        // A table whose changes a schema change holds as dead letters (see SinkDeadLetters).
        struct QuarantinedTable
        {
            std::string table;
            std::string reason;
            std::int64_t firstDeadLetter = 0;
            int heldChanges = 0;
        };
        std::vector<QuarantinedTable> quarantined;
    };
    std::vector<Sink> sinks;

    // Tables copied while streaming (see IncrementalSnapshot), newest request last.
    struct TableCopy
    {
        std::string table;
        std::string reason;
        std::string requestedAt;
        int chunks = 0;
        long long rowsRead = 0;
        bool finished = false;
    };
    std::vector<TableCopy> incrementalSnapshots;

    // The last verify result of each sink's table, whoever ran it (the schedule, the command,
    // the console), from the state directory.
    std::vector<TableVerification> verifications;
    // When the schedule (verify: every) is due next: its last run's start plus the interval;
    // empty when there is no schedule or it never ran (then it runs once the pipeline streams).
    std::string nextScheduledVerify;
};

StatusReport collectStatus(const PipelineConfig &config);

} // namespace syncline
