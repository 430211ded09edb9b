#include "pipeline/status_report.h"

#include "dlq/dead_letter_store.h"
#include "pg/connection.h"
#include "pipeline/scheduled_verification.h"
#include "snapshot/snapshot_progress.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"
#include "verify/verify_history.h"

#include <libpq-fe.h>

namespace syncline {

static void readSource(const PipelineConfig &config, StatusReport &report)
{
    auto conn =
        pg::Connection::open(config.source.dsn, pg::Connection::Mode::Normal, "syncline status");
    auto result = conn.execParams(
        "SELECT s.active, s.confirmed_flush_lsn, pg_current_wal_lsn(), "
        "       COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn), 0)::bigint, "
        "       COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn), 0)::bigint "
        "FROM (SELECT 1) AS one LEFT JOIN pg_replication_slots s ON s.slot_name = $1",
        {config.source.slot});
    report.slotExists = !pg::resultIsNull(result.get(), 0, 1);
    report.slotActive = pg::resultValue(result.get(), 0, 0) == "t";
    report.confirmedFlush = Lsn::parse(pg::resultValue(result.get(), 0, 1)).value_or(Lsn());
    report.currentWal = Lsn::parse(pg::resultValue(result.get(), 0, 2)).value_or(Lsn());
    report.lagBytes = std::stoll(pg::resultValue(result.get(), 0, 3));
    report.retainedBytes = std::stoll(pg::resultValue(result.get(), 0, 4));
}

static void readSink(const PipelineConfig &config, const PostgresSinkConfig &sinkConfig,
                     StatusReport::Sink &sink)
{
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
        if (config.hasSource && config.source.type == "postgres") // mysql: no slot to read
            readSource(config, report);
    } catch (const pg::Error &error) {
        report.sourceError = error.what();
    }
    for (const auto &sinkConfig : config.sinks) {
        StatusReport::Sink sink;
        sink.name = sinkConfig.name;
        try {
            readSink(config, sinkConfig, sink);
        } catch (const pg::Error &error) {
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
