#include "pipeline/pipeline_session.h"

#include "dlq/dead_letter_store.h"
#include "dlq/sink_dead_letters.h"
#include "pg/conninfo.h"
#include "pg/error.h"
#include "pipeline/sink_worker.h"
#include "sink/postgres/postgres_sink.h"
#include "source/postgres/postgres_source.h"
#include "source/postgres/snapshot_reader.h"
#include "util/format.h"
#include "util/log.h"

#include <algorithm>
#include <chrono>

namespace syncline {
namespace {

using Clock = std::chrono::steady_clock;

// Thrown out of the source's poll when a stop is requested while a chunk waits for room in a
// queue: the source must not read on past a chunk that was never delivered.
struct StopWhileEmitting
{};

} // namespace

PipelineSession::PipelineSession(const PipelineConfig &config,
                                 const std::atomic<bool> &stopRequested,
                                 std::deque<SinkRecovery> &recovery, StatusUpdate status,
                                 ProgressUpdate progress)
    : m_config(config), m_stopRequested(stopRequested), m_recovery(recovery),
      m_status(std::move(status)), m_progress(std::move(progress))
{}

void PipelineSession::run()
{
    m_status(PipelineState::Starting, "connecting");
    log::info("pipeline", "source: " + pg::redactConnInfo(m_config.source.dsn));
    for (const auto &sink : m_config.sinks)
        log::info("pipeline", "sink " + sink.name + ": " + pg::redactConnInfo(sink.dsn));
    PostgresSource source(m_config.source);
    const auto tables = source.prepare();

    std::vector<std::unique_ptr<PostgresSink>> sinks;
    std::vector<std::unique_ptr<dlq::DeadLetterStore>> stores;
    std::vector<std::unique_ptr<dlq::SinkDeadLetters>> deadLetters;
    for (const auto &sinkConfig : m_config.sinks) {
        auto sink = std::make_unique<PostgresSink>(sinkConfig, m_config.name);
        SinkRecovery &recovery = m_recovery[sinks.size()];
        sink->setIsolateThrough(&recovery.isolateThrough);
        if (!sinkConfig.stopOnError) {
            stores.push_back(std::make_unique<dlq::DeadLetterStore>(
                dlq::DeadLetterStore::fileIn(m_config.stateDir)));
            deadLetters.push_back(std::make_unique<dlq::SinkDeadLetters>(
                m_config.name, sinkConfig.name, sinkConfig.maxRetries, recovery.failures,
                *stores.back()));
            sink->setDeadLetters(deadLetters.back().get());
        }
        sink->connect();
        sink->prepareTables(tables);
        sinks.push_back(std::move(sink));
    }
    const auto withPosition = std::count_if(sinks.begin(), sinks.end(),
                                            [](const auto &sink) { return sink->position(); });
    const bool initialSnapshot =
        m_config.source.snapshot == PostgresSourceConfig::Snapshot::Initial;

    auto slot = source.slot();
    if (slot && withPosition != long(sinks.size()) && initialSnapshot) {
        // An interrupted snapshot (of one sink or of all): copy everything again from a new
        // slot. Loading is truncate + copy in one transaction, so repeating it is safe.
        log::warning("source", "slot " + m_config.source.slot +
                                   " exists but not every sink finished the initial snapshot; "
                                   "starting the snapshot over");
        source.dropSlot();
        slot.reset();
    }
    if (!slot) {
        if (withPosition != 0)
            log::warning("source", "replication slot " + m_config.source.slot +
                                       " is missing; the sinks start over from a new slot");
        const auto created = source.createSlot(initialSnapshot);
        if (initialSnapshot) {
            m_status(PipelineState::Snapshotting, "copying existing rows");
            SnapshotReader reader(m_config.source.dsn, created.snapshotName);
            for (auto &sink : sinks)
                sink->loadSnapshot(reader, tables, created.consistentPoint);
        } else {
            for (auto &sink : sinks)
                sink->recordPosition(created.consistentPoint);
        }
    }

    if (slot) {
        std::string positions;
        for (const auto &sink : sinks)
            positions += "; sink " + sink->name() + " applied up to " +
                         (sink->position() ? sink->position()->toString() : "nothing yet");
        log::info("pipeline", "resuming from slot " + m_config.source.slot + " (confirmed " +
                                  slot->confirmedFlush.toString() + ")" + positions);
    }
    source.startStreaming();
    std::vector<std::unique_ptr<SinkWorker>> workers;
    for (std::size_t i = 0; i < sinks.size(); ++i) {
        workers.push_back(std::make_unique<SinkWorker>(
            *sinks[i], m_config.sinks[i], std::size_t(m_config.transport.queueCapacity)));
        workers.back()->start();
    }
    m_status(PipelineState::Streaming, {});

    Lsn lastEmittedEnd;
    auto committedByAll = [&] {
        Lsn lowest(~std::uint64_t(0));
        for (const auto &worker : workers)
            lowest = std::min(lowest, worker->committedPosition());
        return lowest;
    };
    auto confirmable = [&] {
        const Lsn committed = committedByAll();
        // Idle, with every sent transaction committed: confirm the server's position too, so
        // the slot does not hold WAL for changes to tables we do not capture.
        if (committed >= lastEmittedEnd && !source.isInsideTransaction())
            return std::max(committed, source.receivedPosition());
        return committed;
    };
    auto checkWorkers = [&] {
        for (const auto &worker : workers)
            if (worker->hasFailed())
                std::rethrow_exception(worker->failure());
    };

    auto emit = [&](std::shared_ptr<const TransactionChunk> chunk) {
        for (auto &worker : workers) {
            while (!worker->offer(chunk, std::chrono::milliseconds(100))) {
                checkWorkers();
                source.confirm(confirmable()); // keeps the walsender from timing us out
                if (m_stopRequested)
                    throw StopWhileEmitting{};
            }
        }
        if (chunk->isLast)
            lastEmittedEnd = chunk->endLsn;
    };

    auto lastProgress = Clock::now();
    long long lastApplied = 0;
    try {
        while (!m_stopRequested) {
            source.poll(std::chrono::milliseconds(100), emit);
            checkWorkers();
            source.confirm(confirmable());
            if (Clock::now() - lastProgress >= std::chrono::seconds(10)) {
                long long applied = 0;
                long long notFound = 0;
                for (const auto &sink : sinks) {
                    applied += sink->appliedChanges();
                    notFound += sink->rowsNotFound();
                }
                const double seconds =
                    std::chrono::duration<double>(Clock::now() - lastProgress).count();
                log::info("pipeline",
                          "streaming: " + std::to_string(applied) + " changes applied (" +
                              formatDecimal(double(applied - lastApplied) / seconds, 0) +
                              "/s), confirmed " + source.lastConfirmed().toString() +
                              (notFound ? "; " + std::to_string(notFound) +
                                              " updates/deletes found no target row"
                                        : std::string()));
                m_progress(source.lastConfirmed(), applied);
                lastApplied = applied;
                lastProgress = Clock::now();
            }
        }
    } catch (const StopWhileEmitting &) {
        // The transaction of the undelivered chunk stays uncommitted and unconfirmed.
    } catch (...) {
        for (auto &worker : workers)
            worker->abort();
        throw;
    }

    log::info("pipeline", "stopping: applying what is queued");
    for (auto &worker : workers)
        worker->drainAndStop();
    checkWorkers();
    source.confirm(confirmable(), true);
    long long applied = 0;
    for (const auto &sink : sinks)
        applied += sink->appliedChanges();
    m_progress(source.lastConfirmed(), applied);
    log::info("pipeline", "stopped at " + source.lastConfirmed().toString() + " after " +
                              std::to_string(applied) + " changes");
}

} // namespace syncline
