#pragma once

#include "config/pipeline_config.h"
#include "model/lsn.h"
#include "pipeline/pipeline_status.h"
#include "pipeline/sink_recovery.h"
#include "transform/transform_chain.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace syncline {

class PipelineMetrics;
class Sink;
class Source;
class SessionTransport;
class TableCopySource;
struct TableDefinition;
namespace dlq {
class DeadLetterStore;
class SinkDeadLetters;
} // namespace dlq
namespace kafka {
class EmbeddedCluster;
}

// One attempt at running a pipeline: connect, snapshot if needed, stream until asked to stop.
// Any failure ends the session with an exception; everything not yet committed by a sink is
// simply streamed again by the next session, from the slot.
class PipelineSession
{
public:
    using StatusUpdate = std::function<void(PipelineState, const std::string &detail)>;
    using ProgressUpdate = std::function<void(Lsn confirmed, long long appliedChanges)>;
    // Rows copied so far and the estimated total, over all sinks.
    using SnapshotUpdate = std::function<void(long long copied, long long estimated)>;

    PipelineSession(const PipelineConfig &config, PipelineMetrics &metrics,
                    const std::atomic<bool> &stopRequested, std::deque<SinkRecovery> &recovery,
                    std::uint32_t &streamingRefusedXid, kafka::EmbeddedCluster *embeddedKafka,
                    StatusUpdate status, ProgressUpdate progress, SnapshotUpdate snapshotProgress);
    ~PipelineSession();

    // Returns after a graceful stop; throws pg::Error, TransientError, PermanentError or
    // DecodeError on failure.
    void run();

private:
    void connectSinks(); // each sink of the file, by its type (makeSink)
    void prepareSinkTables(const std::vector<TableDefinition> &tables);
    std::vector<TableDefinition> targetTables();
    std::vector<TableDefinition> announcedTables();
    // Creates the slot (and copies the tables) when needed, or resumes from it.
    // Resumes from the slot, or creates it and loads the initial snapshot into the sinks (and
    // through `transport`, for transports that keep a record).
    struct SlotStart
    {
        Lsn resumeFrom; // the slot's confirmed position, or a new slot's consistent point
        bool slotCreated = false;
    };
    // `tables` as the source has them, `targets` as the transport and sinks get them.
    SlotStart settleSlot(Source &source, const std::vector<TableDefinition> &tables,
                         const std::vector<TableDefinition> &targets, SessionTransport &transport);
    void arrangeIncrementalSnapshots(Source &source, const SlotStart &start);
    void loadSinks(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                   Lsn consistentPoint);
    std::unique_ptr<SessionTransport> makeTransport(const std::vector<TableDefinition> &tables);
    void stream(Source &source, SessionTransport &transport);
    void consume(SessionTransport &transport);
    void logProgress(Lsn confirmed, bool final);

    const PipelineConfig &m_config;
    PipelineMetrics &m_metrics;
    const std::atomic<bool> &m_stopRequested;
    std::deque<SinkRecovery> &m_recovery;
    // A transaction that could not be applied while in progress (StreamingRefused): sessions do
    // not stream large transactions until it has arrived at its commit. 0: none.
    std::uint32_t &m_streamingRefusedXid;
    kafka::EmbeddedCluster *m_embeddedKafka;
    StatusUpdate m_status;
    ProgressUpdate m_progress;
    SnapshotUpdate m_snapshotProgress;
    transform::TransformChain m_transforms; // before anything leaves for the transport

    std::vector<std::unique_ptr<dlq::DeadLetterStore>> m_stores;
    std::vector<std::unique_ptr<dlq::SinkDeadLetters>> m_deadLetters;
    std::vector<std::unique_ptr<Sink>> m_sinks;
    std::vector<dlq::SinkDeadLetters *> m_sinkDeadLetters; // by sink; null: stops on errors
    long long m_lastApplied = 0;
    std::chrono::steady_clock::time_point m_lastProgress;
};

} // namespace syncline
