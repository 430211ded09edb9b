#pragma once

#include "model/change_event.h"

#include <functional>
#include <memory>
#include <vector>

namespace syncline {

class TableCopySource;
struct TableDefinition;

// How a session's changes travel from the source to its sinks, and how far the source may
// confirm: the direct transport (in-process queues) or Kafka.
class SessionTransport
{
public:
    virtual ~SessionTransport() = default;

    virtual void start() = 0; // may be called more than once
    // The initial snapshot: `loadSinks` copies it into the sinks. A transport that keeps its
    // own record of the changes (Kafka topics) also publishes the rows, as Debezium's "r"
    // events, in the order that lets an interrupted snapshot start over cleanly.
    virtual void loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                              Lsn consistentPoint, const std::function<void()> &loadSinks)
    {
        (void)reader, (void)tables, (void)consistentPoint;
        loadSinks();
    }
    // Hands a chunk on. While it has to wait for room it calls `waiting`, which may throw to
    // give up (a stop request): then the chunk's transaction is not confirmed.
    virtual void emit(const std::shared_ptr<const TransactionChunk> &chunk,
                      const std::function<void()> &waiting) = 0;
    // Every transaction that ends at or before this position has arrived where it must (all
    // sinks committed it, or Kafka acknowledged it). Throws what failed in a sink or in Kafka.
    virtual Lsn safePosition() = 0;
    // Delivers and applies what it has, then stops; throws what failed.
    virtual void drainAndStop() = 0;
    // Stops at once; what was not committed is streamed again by the next session.
    virtual void abort() = 0;
};

} // namespace syncline
