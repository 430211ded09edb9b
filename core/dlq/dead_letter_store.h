#pragma once

#include "dlq/dead_letter.h"
#include "util/sqlite_database.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace syncline::dlq {

using StoreError = SqliteError;

// The direct transport's dead-letter queue: a SQLite database in the pipeline's state
// directory (dead-letters.sqlite). Every write is durable before it returns, so a dead letter
// is on disk before the target transaction that skips its change commits. The runner and the
// CLI (or the console) may use it at the same time.
class DeadLetterStore
{
public:
    static std::filesystem::path fileIn(const std::filesystem::path &stateDir);

    explicit DeadLetterStore(const std::filesystem::path &file);
    ~DeadLetterStore();
    DeadLetterStore(const DeadLetterStore &) = delete;
    DeadLetterStore &operator=(const DeadLetterStore &) = delete;

    // Adds a dead letter unless one with the same sink and event id exists (a change
    // dead-lettered again after a restart); returns the id either way.
    std::int64_t add(const DeadLetter &letter);

    std::vector<DeadLetter> list(const DeadLetterFilter &filter, int limit = -1) const;
    // The next page of matching dead letters after `afterId` in id order (keyset paging, for
    // the console's lazy table).
    std::vector<DeadLetter> listAfter(const DeadLetterFilter &filter, std::int64_t afterId,
                                      int limit) const;
    // Every table with dead letters, sorted (the console's table filter).
    std::vector<std::string> tables() const;
    std::optional<DeadLetter> get(std::int64_t id) const;
    // The dead letter of this sink's change `eventId`, if there is one.
    std::optional<std::int64_t> findEvent(const std::string &sink,
                                          const std::string &eventId) const;
    struct ClassCount
    {
        std::string errorClass;
        int count = 0;
    };
    std::vector<ClassCount> countByClass(const DeadLetterFilter &filter) const;

    // (table, key) of every row a sink must hold back, with the dead letter it waits for.
    std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>>
    heldRows(const std::string &sink) const;
    // Every table a schema change quarantined for this sink (a dead letter of class
    // schema_change still pending, held or quarantined), with its oldest such dead letter.
    std::vector<std::pair<std::string, std::int64_t>>
    quarantinedTables(const std::string &sink) const;
    // Every sink's quarantined tables, with the first dead letter's reason and how many
    // changes are held (for status and the console).
    struct Quarantine
    {
        std::string sink;
        std::string table;
        std::int64_t firstDeadLetter = 0;
        std::string reason;
        int heldChanges = 0;
    };
    std::vector<Quarantine> quarantines() const;
    // The oldest dead letter that still holds the row back, if any.
    std::optional<std::int64_t> firstHolding(const std::string &sink, const std::string &table,
                                             const std::string &key) const;
    // Changes whenever any connection commits to the store; cheap enough to ask per batch.
    std::int64_t version() const;

    void setStatus(std::int64_t id, DeadLetterStatus status);
    void setEdited(std::int64_t id, const std::string &value);
    void recordReplay(std::int64_t id, DeadLetterStatus status, const std::string &at,
                      const std::string &error);

    void appendAudit(const AuditEntry &entry);
    std::vector<AuditEntry> audit(int limit = -1) const;

private:
    std::unique_ptr<SqliteDatabase> m_db;
};

} // namespace syncline::dlq
