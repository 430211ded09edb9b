#pragma once

#include "model/change_event.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

class PipelineMetrics;
class TableCopySource;
class TransportOffsets;
struct TableDefinition;
struct TableSchema;

struct SinkCapabilities
{
    bool transactions = false;  // rows and position commit atomically
    bool upsert = false;        // applying a change twice ends where applying it once does
    bool schemaChanges = false; // follows the source's DDL (schema_changes:)
};

// Where a pipeline applies committed source transactions, exactly once in effect: a sink
// stores its position with the changes it applies and skips what is at or before it. The
// transports drive it through this interface only; engines implement it (PostgresSink).
//
// A session's life: connect(), prepareTables(), then loadSnapshot() or recordPosition() once,
// startStreaming(), and apply()/commit() for as long as it runs. One thread uses a sink at a
// time.
class Sink
{
public:
    virtual ~Sink() = default;

    virtual const std::string &name() const = 0;
    virtual SinkCapabilities capabilities() const = 0;

    virtual void connect() = 0;
    // Creates or checks the tables, and learns how each is keyed on the sink.
    virtual void prepareTables(const std::vector<TableDefinition> &tables) = 0;
    // Whether its target holds table definitions describeTable() reads (a database does; a cache
    // or a webhook does not, and the sink only repeats what prepareTables() gave it).
    virtual bool targetDescribesTables() const { return true; }
    // The sink's own description of a table, for a pipeline without a source: nullptr when it
    // has no such table.
    virtual std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                                       const std::string &table) = 0;

    // Replaces the tables' contents with the snapshot and records consistentPoint, atomically;
    // `progress` is told the rows copied as they go.
    virtual void loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                              Lsn consistentPoint,
                              const std::function<void(long long rows)> &progress) = 0;
    virtual void recordPosition(Lsn position) = 0;
    // Where the last transaction confirmed as committed ended; nullopt before the first.
    virtual std::optional<Lsn> position() const = 0;

    virtual void startStreaming() = 0;
    // May leave work uncommitted; commit() sends it, and position() advances once
    // waitForCommits() has seen it committed.
    virtual void apply(const std::shared_ptr<const TransactionChunk> &chunk) = 0;
    virtual bool hasUncommittedWork() const = 0;
    virtual std::size_t changesSinceCommit() const = 0;
    virtual bool isInsideSourceTransaction() const = 0;
    virtual void commit() = 0;
    virtual void waitForCommits() = 0;
    virtual void abandon() = 0; // drops what it had not committed

    // A log transport's positions instead of the source's: after this, positions are the
    // transport's batch numbers, given by commitAt(), and its partition offsets are kept by
    // transportOffsets() in the same commits.
    virtual void useExternalPositions() = 0;
    // With a transport whose topics outlive the runner (a Kafka cluster, not the embedded one),
    // where the snapshot's rows are for every member of the sink's group to read. A sink whose
    // progress no other member can see may take its snapshot from there (see HttpSink).
    virtual void snapshotIsInTheTopics() {}
    virtual void commitAt(Lsn batch) = 0;
    virtual std::unique_ptr<TransportOffsets> transportOffsets(const std::string &pipeline,
                                                               const std::string &group) = 0;

    virtual long long appliedChanges() const = 0;
    // Updates and deletes that found nothing to change (the sink drifted from the source).
    virtual long long rowsNotFound() const = 0;
    virtual void setMetrics(PipelineMetrics *metrics) = 0;
    virtual PipelineMetrics *metrics() const = 0;
};

} // namespace syncline
