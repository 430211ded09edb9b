#include "pipeline/status_report.h"

#include "dlq/dead_letter_store.h"
#include "pg/connection.h"
#include "pipeline/connector_factory.h"
#include "pipeline/scheduled_verification.h"
#include "snapshot/snapshot_progress.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"
#include "verify/verify_history.h"

#include <libpq-fe.h>

namespace syncline {

static void readSource(const PipelineConfig &config, StatusReport &report)
{
    const auto source = makeSource(config.source, config.stateDir);
    report.captureName = source->captureName();
    const CaptureStatus capture = source->captureStatus();
    report.slotExists = capture.exists;
    report.slotActive = capture.active;
    report.confirmedFlush = capture.confirmed;
    report.currentWal = capture.current;
    report.lagBytes = capture.lagBytes;
    report.retainedBytes = capture.retainedBytes;
    report.captureWarning = capture.warning;
    report.walStatus = capture.walStatus;
}

static void readSink(const PipelineConfig &config, const PostgresSinkConfig &sinkConfig,
                     StatusReport::Sink &sink)
{
    if (sinkConfig.type != "postgres") {
        // Other engines keep no update time: the position as the sink itself reads it.
        const auto opened =
            makeSink(sinkConfig, SinkContext{.pipeline = config.name, .stateDir = config.stateDir});
        opened->connect();
        if (const auto position = opened->position())
            sink.position = *position;
        return;
    }
    auto conn =
        pg::Connection::open(sinkConfig.dsn, pg::Connection::Mode::Normal, "syncline status");
    if (conn.queryValue("SELECT to_regclass('syncline.offsets') IS NOT NULL") != "t")
        return;
    auto result = conn.execParams(
        "SELECT lsn, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "FROM syncline.offsets "
        "WHERE pipeline = $1 AND sink = $2",
        {config.name, sinkConfig.name});
    if (PQntuples(result.get()) == 0)
        return;
    sink.position = Lsn::parse(pg::resultValue(result.get(), 0, 0));
    sink.updatedAt = pg::resultValue(result.get(), 0, 1);
}

static void readQuarantines(const PipelineConfig &config, StatusReport &report)
{
    const auto file = dlq::DeadLetterStore::fileIn(config.stateDir);
    if (!std::filesystem::exists(file))
        return;
    try {
        for (const auto &held : dlq::DeadLetterStore(file).quarantines())
            for (auto &sink : report.sinks)
                if (sink.name == held.sink)
                    sink.quarantined.push_back(
                        {held.table, held.reason, held.firstDeadLetter, held.heldChanges});
    } catch (const dlq::StoreError &) {
        // no readable store: nothing is known to be held
    }
}

static void readVerifications(const PipelineConfig &config, StatusReport &report)
{
    try {
        report.verifications = recordedVerifications(config.stateDir);
        if (!config.verify.enabled || report.verifications.empty())
            return;
        const auto last = verify::VerifyHistory(verify::VerifyHistory::fileIn(config.stateDir))
                              .lastRun("schedule");
        if (last)
            report.nextScheduledVerify =
                isoUtc(ScheduledVerification::nextRun(config.verify, *last));
    } catch (const SqliteError &) {
        // unreadable: nothing to show
    }
}

static void readIncrementalSnapshots(const PipelineConfig &config, StatusReport &report)
{
    const auto file = SnapshotProgress::fileIn(config.stateDir);
    if (!std::filesystem::exists(file))
        return;
    try {
        for (const auto &job : SnapshotProgress(file).jobs())
            report.incrementalSnapshots.push_back({job.table, job.reason, job.requestedAt,
                                                   int(job.chunks.size()), job.rowsRead(),
                                                   job.finished()});
    } catch (const SqliteError &) {
        // unreadable: nothing to show
    }
}

StatusReport collectStatus(const PipelineConfig &config)
{
    StatusReport report;
    try {
        if (config.hasSource)
            readSource(config, report);
    } catch (const std::exception &error) {
        report.sourceError = error.what();
    }
    for (const auto &sinkConfig : config.sinks) {
        StatusReport::Sink sink;
        sink.name = sinkConfig.name;
        try {
            readSink(config, sinkConfig, sink);
        } catch (const std::exception &error) {
            sink.error = error.what();
        }
        report.sinks.push_back(std::move(sink));
    }
    readQuarantines(config, report);
    readIncrementalSnapshots(config, report);
    readVerifications(config, report);
    return report;
}

} // namespace syncline
