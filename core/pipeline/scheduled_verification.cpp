#include "pipeline/scheduled_verification.h"

#include "config/duration.h"
#include "config/pipeline_config.h"
#include "pg/error.h"
#include "util/log.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"
#include "verify/pipeline_verifier.h"
#include "verify/verify_error.h"
#include "verify/verify_history.h"

namespace syncline {

namespace {

constexpr auto kTick = std::chrono::seconds(1);
// How often results another process recorded are looked for.
constexpr std::int64_t kRecordedCheckMs = 30000;
// A run that could not be done (the pipeline restarting, a server away) is tried again this soon,
// unless the interval is shorter.
constexpr std::int64_t kRetryAfterFailureMs = 10 * 60 * 1000;

TableVerification tableVerification(const verify::VerifyHistory::Recorded &recorded)
{
    const verify::TableResult &r = recorded.result;
    return {.sink = r.sink,
            .table = r.table,
            .verifiedAt = recorded.verifiedAt,
            .trigger = recorded.trigger,
            .rows = r.sourceRows,
            .missing = r.missing,
            .extra = r.extra,
            .different = r.different,
            .unsettled = r.unsettled,
            .error = r.error};
}

std::string differenceSummary(const verify::TableResult &result)
{
    return std::to_string(result.missing) + " missing, " + std::to_string(result.extra) +
           " extra, " + std::to_string(result.different) + " different";
}

} // namespace

std::vector<TableVerification> recordedVerifications(const std::filesystem::path &stateDir)
{
    const auto file = verify::VerifyHistory::fileIn(stateDir);
    if (!std::filesystem::exists(file))
        return {};
    std::vector<TableVerification> tables;
    for (const auto &recorded : verify::VerifyHistory(file).latest())
        tables.push_back(tableVerification(recorded));
    return tables;
}

ScheduledVerification::ScheduledVerification(
    const PipelineConfig &config, Streaming streaming,
    std::optional<verify::SinkCatchUp::EmbeddedKafka> embeddedKafka, Report report)
    : m_config(config), m_streaming(std::move(streaming)),
      m_embeddedKafka(std::move(embeddedKafka)), m_report(std::move(report))
{
    m_status.scheduled = config.verify.enabled;
    m_thread = std::thread([this, pipeline = log::currentPipeline()] {
        log::PipelineScope scope(pipeline);
        loop();
    });
}

ScheduledVerification::~ScheduledVerification()
{
    {
        std::lock_guard lock(m_mutex);
        m_cancel = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void ScheduledVerification::sleep(std::chrono::milliseconds duration)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, duration, [this] { return m_cancel.load(); });
}

void ScheduledVerification::reportRecorded()
{
    try {
        auto tables = recordedVerifications(m_config.stateDir);
        if (tables == m_status.tables)
            return;
        m_status.tables = std::move(tables);
    } catch (const SqliteError &error) {
        log::warning("verify", std::string("cannot read the verify history: ") + error.what());
        return;
    }
    m_report(m_status);
}

bool ScheduledVerification::waitForTurn(std::optional<std::int64_t> unixMs)
{
    std::int64_t lastCheck = 0;
    for (;;) {
        if (m_cancel)
            return false;
        const std::int64_t now = unixMillisNow();
        if (now - lastCheck >= kRecordedCheckMs) {
            lastCheck = now;
            reportRecorded();
        }
        if (unixMs && now >= *unixMs && m_streaming())
            return true;
        sleep(kTick);
    }
}

bool ScheduledVerification::runOnce(std::int64_t started)
{
    const VerifyScheduleConfig &schedule = m_config.verify;
    m_status.running = true;
    m_status.nextRunAt.clear();
    m_report(m_status);
    log::info("verify", "scheduled verification started");

    verify::VerifyRequest request{.sinks = schedule.sinks, .tables = schedule.tables};
    request.options.maxRowsPerSecond = schedule.maxRowsPerSecond;
    request.embeddedKafka = m_embeddedKafka;
    std::vector<verify::TableResult> results;
    std::string error;
    try {
        verify::PipelineVerifier(m_config).run(
            request, [&](const verify::TableResult &result) { results.push_back(result); }, {},
            &m_cancel);
    } catch (const verify::VerifyError &e) {
        error = e.what();
    } catch (const pg::Error &e) {
        error = e.what();
    }
    m_status.running = false;
    if (m_cancel)
        return false;
    const std::string notRecorded =
        verify::VerifyHistory::recordIn(m_config.stateDir, "schedule", started, results, error);
    if (!notRecorded.empty())
        log::warning("verify", notRecorded);
    m_status.lastError = error;
    if (!error.empty())
        log::warning("verify", "scheduled verification stopped early: " + error);
    for (const auto &result : results) {
        if (!result.error.empty())
            log::warning("verify", result.table + " on sink " + result.sink +
                                       " could not be compared: " + result.error);
        else if (result.differenceCount() > 0)
            log::warning("verify", result.table + " on sink " + result.sink +
                                       " differs from the "
                                       "source: " +
                                       differenceSummary(result) + "; syncline repair fixes it");
    }
    if (error.empty())
        log::info("verify", "scheduled verification of " + std::to_string(results.size()) +
                                " tables finished");
    return error.empty();
}

std::int64_t ScheduledVerification::nextRun(const VerifyScheduleConfig &schedule,
                                            const verify::VerifyHistory::Run &last)
{
    const std::int64_t every = schedule.everySeconds * 1000LL;
    return last.startedMs + (last.error.empty() ? every : std::min(every, kRetryAfterFailureMs));
}

void ScheduledVerification::loop()
{
    const VerifyScheduleConfig &schedule = m_config.verify;
    reportRecorded();
    m_report(m_status);
    if (!schedule.enabled || !m_config.hasSource) {
        waitForTurn(std::nullopt); // reports results other processes record
        return;
    }
    std::optional<std::int64_t> due;
    try {
        const auto last = verify::VerifyHistory(verify::VerifyHistory::fileIn(m_config.stateDir))
                              .lastRun("schedule");
        if (last)
            due = nextRun(schedule, *last);
    } catch (const SqliteError &e) {
        log::warning("verify", std::string("cannot read the verify history: ") + e.what());
    }
    for (;;) {
        const std::int64_t next = due.value_or(unixMillisNow());
        m_status.nextRunAt = isoUtc(next);
        m_report(m_status);
        if (!waitForTurn(next))
            return;
        const std::int64_t started = unixMillisNow();
        const bool completed = runOnce(started);
        if (m_cancel)
            return;
        due = nextRun(schedule, {.startedMs = started, .error = completed ? "" : "stopped early"});
        m_status.tables.clear(); // reported again from the history, with this run's results
        reportRecorded();
    }
}

} // namespace syncline
