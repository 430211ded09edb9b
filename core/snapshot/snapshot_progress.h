#pragma once

#include "model/lsn.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace syncline {

class SqliteDatabase;

// Durable bookkeeping of incremental snapshots (snapshots.sqlite in the state directory):
// which tables the pipeline has copied, which it must copy while streaming, and each copy's
// chunks with the high watermark they were emitted at. A chunk counts once the slot is
// confirmed past its watermark, so a runner killed anywhere resumes after the last chunk
// every sink applied, never after one they lost. The runner and the CLI share the file.
class SnapshotProgress
{
public:
    static std::filesystem::path fileIn(const std::filesystem::path &stateDir);

    explicit SnapshotProgress(const std::filesystem::path &file);
    ~SnapshotProgress();
    SnapshotProgress(const SnapshotProgress &) = delete;
    SnapshotProgress &operator=(const SnapshotProgress &) = delete;

    // True when this opening created the file (a pipeline older than incremental snapshots).
    bool isNew() const { return m_isNew; }

    // Tables whose existing rows the pipeline has copied or arranged to copy.
    std::set<std::string> capturedTables() const;
    void markCaptured(const std::string &table);
    // A new slot with a new initial snapshot: every job and chunk is moot.
    void forgetJobs();

    // A row's key: its key columns' values as text, in the key's order.
    using Key = std::vector<std::string>;

    // Asks for the table to be copied again from its first row (`reason` is shown in status),
    // or only the rows of `keys` (a repair: a key the source no longer has becomes a delete).
    // Replaces the table's unfinished job, if any. Returns the job's generation.
    std::int64_t request(const std::string &table, const std::string &reason,
                         const std::optional<std::vector<Key>> &keys = std::nullopt);

    struct Chunk
    {
        int number = 0;
        std::vector<std::optional<std::string>> lastKey; // key values of its last row, as text
        Lsn highWatermark;
        long long rows = 0; // rows read (some may have been dropped for newer changes)
        bool isLast = false;
    };
    struct Job
    {
        std::string table;
        std::string reason;
        std::string requestedAt;
        std::int64_t generation = 0;
        std::vector<Chunk> chunks;            // in order
        std::optional<std::vector<Key>> keys; // a repair: these rows only
        bool finished() const { return !chunks.empty() && chunks.back().isLast; }
        long long rowsRead() const;
    };
    std::vector<Job> jobs() const;
    // The job's chunks the sinks are known to have, given the slot's confirmed position.
    static Job confirmedPart(const Job &job, Lsn confirmed);

    void recordChunk(const std::string &table, std::int64_t generation, const Chunk &chunk);

    // Changes whenever another connection writes the file (a request from the CLI).
    std::int64_t version() const;

private:
    bool m_isNew = false; // before m_db, which creates the file
    std::unique_ptr<SqliteDatabase> m_db;
};

} // namespace syncline
