#pragma once

#include "connector/rejected_changes.h"
#include "dlq/dead_letter_store.h"
#include "dlq/failure_ledger.h"
#include "model/change_event.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace syncline::dlq {

// What one sink does with changes its target rejects: count the attempts, and once a change
// has used up its retries, put it in the dead-letter store instead of applying it. Later
// changes of the same row are held back behind it (dead-lettered as "held"), so that a replay
// in id order brings the row to the state the source has.
class SinkDeadLetters : public RejectedChanges
{
public:
    SinkDeadLetters(std::string pipeline, std::string sink, int maxRetries, FailureLedger &ledger,
                    DeadLetterStore &store);

    static std::string eventId(const TransactionChunk &chunk, int index);

    // Counts a failed attempt; true when the change has no retries left.
    bool recordFailure(const TransactionChunk &chunk, int index, const std::string &sqlstate,
                       const std::string &message) override;
    int maxRetries() const override { return m_maxRetries; }
    int attempts(const TransactionChunk &chunk, int index) const override;

    // Re-reads the rows and tables to hold when operators changed the store (a replay or
    // discard), so that the next change of a released row is applied. Returns the tables whose
    // quarantine ended: their target may have been changed by hand.
    std::vector<std::string> refresh() override;

    // Holds the change, and every later change of its table, as dead letters of class
    // schema_change: the table's new shape cannot be applied (`reason`). Other tables go on.
    void quarantine(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                    const std::vector<int> &key, const std::string &reason) override;
    bool isQuarantined(const std::string &table) const override
    {
        return m_quarantined.count(table) != 0;
    }
    // Whether changes of the table may have to be held (quarantined, or rows of it held).
    bool holdsRowsOf(const std::string &table) const override
    {
        return isQuarantined(table) || m_heldPerTable.count(table) != 0;
    }

    // Dead-letters the change when it has used up its retries or its row is held; the sink
    // then skips it. `key` gives the row's key columns (the target's key).
    bool divert(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                const std::vector<int> &key) override;

    long long divertedCount() const { return m_diverted; }

    // Called with each new dead letter and the change it holds, after it is stored (the
    // Kafka transport publishes it to the sink's dead-letter topic).
    using Mirror = std::function<void(const DeadLetter &, const TransactionChunk &, int index)>;
    void setMirror(Mirror mirror) { m_mirror = std::move(mirror); }

private:
    // A TRUNCATE empties the table on the source: the table's dead letters from before it
    // would re-insert truncated rows if replayed. They are marked superseded (with an audit
    // entry and a warning) before the truncate is applied, and their holds end with it.
    void supersedeBefore(const TransactionChunk &chunk, int index);
    std::optional<std::int64_t> heldBy(const std::string &table, const std::string &key) const;
    std::int64_t store(const TransactionChunk &chunk, int index, const std::string &key,
                       const FailureLedger::Failure &failure,
                       std::optional<std::int64_t> heldBehind, const char *errorClass = nullptr);
    void holdInQuarantine(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                          const std::vector<int> &key, std::int64_t root);

    std::string m_pipeline;
    std::string m_sink;
    int m_maxRetries;
    FailureLedger &m_ledger;
    DeadLetterStore &m_store;
    std::map<std::pair<std::string, std::string>, std::int64_t> m_heldRows;
    std::map<std::string, int> m_heldPerTable;
    std::map<std::string, std::int64_t> m_quarantined; // table → its first schema_change letter
    std::int64_t m_storeVersion = -1;
    long long m_diverted = 0;
    Mirror m_mirror;
};

} // namespace syncline::dlq
