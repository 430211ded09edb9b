#pragma once

#include "model/change_event.h"
#include "model/ddl_statement.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

class TableCopySource;
struct TableDefinition;
struct TableSchema;

// Where a capture position stands against the server's log, for `syncline status`.
struct CaptureStatus
{
    bool exists = false;
    bool active = false; // a session reads from it now (PostgreSQL: the slot's walsender)
    Lsn confirmed;
    Lsn current;                 // the end of the server's log
    long long lagBytes = 0;      // log written since the confirmed position
    long long retainedBytes = 0; // log the server keeps on disk for it, or keeps at all
    std::string warning;         // a danger to the position, with what to do; empty when none
    // PostgreSQL: pg_replication_slots.wal_status (reserved, extended, unreserved, lost) and
    // safe_wal_size (bytes that can be written before the slot risks losing WAL; -1: NULL, as
    // without max_slot_wal_keep_size). Empty and -1 for other engines.
    std::string walStatus;
    long long safeWalSizeBytes = -1;
};

// Where a pipeline reads committed changes, in commit order, cut into chunks of bounded size.
// The source keeps a capture position on its server (a PostgreSQL replication slot) that holds
// what has not been confirmed yet; engines implement it (PostgresSource).
//
// A session's life: prepare(), then either resume from resumePosition() or startCapture(),
// startStreaming(), and poll()/confirm() for as long as it runs.
class Source
{
public:
    virtual ~Source() = default;

    // Connects, checks the server and every table, and prepares what capture needs. Throws a
    // permanent error listing every table problem at once. Returns the tables captured.
    virtual std::vector<TableDefinition> prepare() = 0;
    // The tables captured, "schema.table", patterns replaced (after prepare()).
    virtual const std::vector<std::string> &tables() const = 0;
    // A table as the server's catalog describes it now (columns, key, as the changes' tables),
    // read without prepare(): for a sink that keeps no table definitions (a dead-letter replay
    // into Redis). nullptr when the server has no such table.
    virtual std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                                       const std::string &table) = 0;

    // The server, for log lines: its connection string without secrets.
    virtual std::string where() const = 0;
    // What the capture position is called in messages: "slot shop".
    virtual std::string captureName() const = 0;
    // Where the existing capture position stands (what was confirmed); nullopt when there is
    // none.
    virtual std::optional<Lsn> resumePosition() = 0;
    // Reads where the capture position stands, without preparing capture.
    virtual CaptureStatus captureStatus() = 0;
    // Removes the capture position, so that startCapture() begins anew.
    virtual void discardCapture() = 0;
    struct CaptureStart
    {
        Lsn consistentPoint; // streaming starts here
        // The tables as they were at consistentPoint; null unless asked for.
        std::unique_ptr<TableCopySource> snapshot;
    };
    virtual CaptureStart startCapture(bool withSnapshot) = 0;

    // With streamLargeTransactions, a transaction too large to hold on the server arrives while
    // in progress, as streamed chunks (where the engine can).
    virtual void startStreaming(bool streamLargeTransactions) = 0;
    // Copies tables while streaming, as the snapshot store in `stateDir` asks; `confirmed` is
    // where streaming resumed. `progress` is told what is being copied.
    virtual void enableIncrementalSnapshots(const std::string &pipeline,
                                            const std::filesystem::path &stateDir, Lsn confirmed,
                                            std::function<void(const std::string &)> progress) = 0;

    using ChunkHandler = std::function<void(std::shared_ptr<const TransactionChunk>)>;
    // Reads what arrives until the timeout has passed and hands every finished chunk to emit.
    virtual void poll(std::chrono::milliseconds timeout, const ChunkHandler &emit) = 0;

    // Called with each new version of a captured table before any change refers to it; it may
    // add to it (the schema history marks renamed columns).
    using RelationHook = std::function<void(TableSchema &table, Lsn lsn)>;
    virtual void setRelationHook(RelationHook hook) = 0;
    // Called with each DDL statement the source logged, in its place in the stream.
    using DdlHook = std::function<void(const DdlStatement &statement, Lsn lsn)>;
    virtual void setDdlHook(DdlHook hook) = 0;

    // Given before prepare(): the row filter the server may evaluate for a table instead of the
    // engine (an SQL condition; nullopt: none). An engine without row filters ignores it.
    using RowFilterFor = std::function<std::optional<std::string>(const TableSchema &table)>;
    virtual void setRowFilters(RowFilterFor) {}

    // Tells the server that everything up to `flushed` is safely applied.
    virtual void confirm(Lsn flushed, bool force = false) = 0;
    // End of the last transaction received whole, or the server's position while idle.
    virtual Lsn receivedPosition() const = 0;
    virtual bool isInsideTransaction() const = 0;
    // The source commit time (Unix µs) of the newest transaction or heartbeat read, for the
    // time lag; 0 when none yet or the engine does not tell.
    virtual std::int64_t lastSourceTimeMicros() const { return 0; }
    virtual Lsn lastConfirmed() const = 0;
};

} // namespace syncline
