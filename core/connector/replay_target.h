#pragma once

#include "model/change_event.h"

#include <cstdint>
#include <memory>
#include <string>

namespace syncline {

struct TableSchema;

// Who replays a dead letter, and which: recorded with the change so that it applies once.
struct ReplayMark
{
    std::string pipeline;
    std::string sink;
    std::string eventId; // the change's identity in the source stream
    std::int64_t deadLetterId = 0;
    std::string actor; // user@host
};

// A sink's target as an operator's dead-letter replay sees it: one change at a time, each
// applied at most once however often it is replayed.
class ReplayTarget
{
public:
    virtual ~ReplayTarget() = default;

    // The target's table (as Sink::describeTable); nullptr when it has none.
    virtual std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                                       const std::string &table) = 0;
    // Applies `event` (of a table describeTable() gave) atomically with a record of `mark`;
    // returns false, applying nothing, when a replay of mark.eventId was recorded before.
    virtual bool applyOnce(const ChangeEvent &event, const ReplayMark &mark) = 0;
};

} // namespace syncline
