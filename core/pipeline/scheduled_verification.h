#pragma once

#include "pipeline/pipeline_status.h"
#include "verify/sink_catch_up.h"
#include "verify/verify_history.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace syncline {

struct PipelineConfig;
struct VerifyScheduleConfig;

// The last recorded verify result of each sink's table (verify/verify_history.h), read from the
// state directory; empty when nothing was ever verified.
std::vector<TableVerification> recordedVerifications(const std::filesystem::path &stateDir);

// Carries out `verify:` of a pipeline file on its own thread: once the pipeline streams, and then
// every interval, it compares the chosen tables of the chosen sinks with the source as
// `syncline verify` does (at the file's rate limit), records the results in the state directory
// and reports them. The interval counts from the start of the last scheduled run on record, so a
// restart does not verify again early. A run still going when the pipeline stops is cancelled.
class ScheduledVerification
{
public:
    using Streaming = std::function<bool()>;
    using Report = std::function<void(const VerificationStatus &)>;

    // Reports once at once (the results on record), then after every run and whenever another
    // process (syncline verify, the console) recorded newer results.
    ScheduledVerification(const PipelineConfig &config, Streaming streaming,
                          std::optional<verify::SinkCatchUp::EmbeddedKafka> embeddedKafka,
                          Report report);
    ~ScheduledVerification(); // cancels and joins

    // When the schedule is due after `last` (unix ms): the interval after its start, or sooner
    // (at most 10 minutes) when it stopped early.
    static std::int64_t nextRun(const VerifyScheduleConfig &schedule,
                                const verify::VerifyHistory::Run &last);

    ScheduledVerification(const ScheduledVerification &) = delete;
    ScheduledVerification &operator=(const ScheduledVerification &) = delete;

private:
    void loop();
    // Waits until `unixMs` has come and the pipeline streams, reporting newer results on record
    // meanwhile; false when stopping.
    bool waitForTurn(std::optional<std::int64_t> unixMs);
    // Runs and records one verification; false when it stopped early (see VerificationStatus).
    bool runOnce(std::int64_t startedUnixMs);
    void reportRecorded();
    void sleep(std::chrono::milliseconds duration);

    const PipelineConfig &m_config;
    Streaming m_streaming;
    std::optional<verify::SinkCatchUp::EmbeddedKafka> m_embeddedKafka;
    Report m_report;
    VerificationStatus m_status;
    std::atomic<bool> m_cancel{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::thread m_thread;
};

} // namespace syncline
