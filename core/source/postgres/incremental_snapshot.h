#pragma once

#include "model/change_event.h"
#include "model/table_definition.h"
#include "pg/connection.h"
#include "snapshot/snapshot_progress.h"
#include "snapshot/snapshot_window.h"

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace syncline {

namespace pgoutput {
struct LogicalMessage;
}

// Copies tables while the pipeline streams, with no lock beyond a chunk's read and no pause
// in streaming (DBLog's watermarks): a chunk of rows in key order is read between a low and a
// high watermark written to the WAL with pg_logical_emit_message(); the stream drops the rows
// that changes inside the window overtook, and emits the rest as snapshot reads at the high
// watermark, in their place in the stream. Jobs come from the snapshot store: tables added to
// the pipeline, and `syncline snapshot --table`.
class IncrementalSnapshot
{
public:
    static constexpr const char *kWatermarkPrefix = "syncline.watermark";

    // Told what is being copied after each chunk ("public.orders: 12 chunks, 49152 rows"), and
    // an empty text once nothing is.
    using Progress = std::function<void(const std::string &copying)>;

    IncrementalSnapshot(const std::string &dsn, const std::string &pipeline,
                        const std::filesystem::path &stateDir, int chunkRows,
                        Progress progress = {});
    ~IncrementalSnapshot();

    // Loads the jobs not finished, each resuming after its last chunk the sinks have (at or
    // before the slot's `confirmed` position).
    void resume(Lsn confirmed);
    // Between source transactions: reads the next chunk when one is due and no window is open;
    // checks the store for new requests now and then.
    void step();
    // Changes the stream delivered (whole transactions, in commit order), with their
    // transaction's id.
    void observe(const ChangeEvent &event, std::uint32_t xid);
    // A transaction streamed while in progress committed. Its changes came before the window
    // and are not known here any more: unless the chunk's read saw it, the chunk is read again.
    void observeStreamedCommit(std::uint32_t xid);
    // A logical message from the stream; at the open window's high watermark, the chunk's
    // remaining rows as one transaction of `r` events, else null.
    std::shared_ptr<TransactionChunk> onMessage(const pgoutput::LogicalMessage &message);

    bool isWindowOpen() const { return m_window != nullptr; }

private:
    struct Job
    {
        SnapshotProgress::Job stored;
        std::optional<Row> after; // key of the last row copied; none: from the first row
        int nextChunk = 1;
    };
    void loadJobs(Lsn confirmed);
    void readChunk(Job &job);
    std::string chunkQuery(const TableDefinition &table, const Job &job) const;
    // A repair's keys this chunk reads, and the rows for those the read did not find.
    std::vector<SnapshotProgress::Key> keysOfChunk(const Job &job) const;
    std::vector<Row> absentRows(const TableDefinition &table, const Job &job,
                                const std::vector<Row> &found) const;

    pg::Connection m_conn;
    std::string m_session; // names this run's watermarks: older runs' are ignored
    SnapshotProgress m_store;
    int m_chunkRows;
    Progress m_progress;
    std::deque<Job> m_jobs;
    std::int64_t m_storeVersion = -1;
    std::chrono::steady_clock::time_point m_lastCheck;
    int m_watermarks = 0;
    bool m_saidUnsupported = false;

    // The chunk whose watermarks the stream is waiting for.
    std::unique_ptr<SnapshotWindow> m_window;
    std::string m_windowId;
    bool m_sawLow = false;
    bool m_readAgain = false; // the window's rows cannot be trusted: read the chunk again
    // The transactions the chunk's snapshot did not see.
    struct InFlight
    {
        bool known = false;
        std::uint32_t xmax = 0;
        std::set<std::uint32_t> running;
        static InFlight parse(const std::string &snapshot); // pg_current_snapshot()'s text
        bool sees(std::uint32_t xid) const;
    } m_inFlight;
    SnapshotProgress::Chunk m_windowChunk;
};

} // namespace syncline
