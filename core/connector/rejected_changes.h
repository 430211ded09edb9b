#pragma once

#include "model/change_event.h"

#include <memory>
#include <string>
#include <vector>

namespace syncline {

// Where a sink sends the changes its target keeps rejecting, so that the pipeline goes on:
// each failure is counted, and a change out of retries (or of a row held behind one, or of a
// quarantined table) is set aside instead of applied. dlq::SinkDeadLetters keeps them as dead
// letters for replay. A sink without one stops the pipeline at the first rejection.
class RejectedChanges
{
public:
    virtual ~RejectedChanges() = default;

    // Counts a failed attempt; true when the change has no retries left.
    virtual bool recordFailure(const TransactionChunk &chunk, int index, const std::string &code,
                               const std::string &message) = 0;
    virtual int maxRetries() const = 0;
    virtual int attempts(const TransactionChunk &chunk, int index) const = 0;

    // Catches up with what operators did meanwhile (replays, discards). Returns the tables
    // whose quarantine ended: their target may have been changed by hand.
    virtual std::vector<std::string> refresh() = 0;

    // Sets the change aside, and every later change of its table: the table's new shape cannot
    // be applied (`reason`). Other tables go on.
    virtual void quarantine(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                            const std::vector<int> &key, const std::string &reason) = 0;
    virtual bool isQuarantined(const std::string &table) const = 0;
    // Whether changes of the table may have to be set aside (quarantined, or rows of it held).
    virtual bool holdsRowsOf(const std::string &table) const = 0;
    // Sets the change aside when it has used up its retries or its row is held; the sink then
    // skips it. `key` gives the row's key columns (the target's key).
    virtual bool divert(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                        const std::vector<int> &key) = 0;
};

} // namespace syncline
