#pragma once

#include "config/pipeline_config.h"
#include "connector/sink.h"
#include "model/change_event.h"
#include "pg/connection.h"
#include "pg/text_array.h"
#include "schema/schema_evolution.h"
#include "sink/postgres/net_changes.h"
#include "sink/postgres/offsets_store.h"
#include "sink/postgres/statement_builder.h"
#include "sink/postgres/target_schema_changes.h"

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace syncline {

class RejectedChanges;
class PipelineMetrics;
class StreamedTransactions;
class TableCopySource;
struct TableDefinition;

// Applies committed source transactions to a PostgreSQL target, exactly once in effect: the
// sink's position is written in the same target transaction as the rows, and transactions at
// or before that position are skipped. Statements are pipelined (libpq pipeline mode) and
// several source transactions may share one target transaction; a source transaction is
// never split across two.
class PostgresSink : public Sink
{
public:
    PostgresSink(PostgresSinkConfig config, std::string pipelineName);
    ~PostgresSink() override;

    const std::string &name() const override { return m_config.name; }
    SinkCapabilities capabilities() const override { return {true, true, true}; }

    void connect() override;
    // Kafka transport: once streaming, the position is the caller's batch number and the
    // caller writes its partition offsets with sendInTransaction(); source LSNs are neither
    // recorded nor used to skip.
    void useExternalPositions() override { m_externalPositions = true; }
    std::unique_ptr<TransportOffsets> transportOffsets(const std::string &pipeline,
                                                       const std::string &group) override;
    // Sends a statement inside the current target transaction (opening one if needed).
    void sendInTransaction(const char *sql, const std::vector<std::string> &params);
    // Where this sink's last transaction confirmed as committed ended; nullopt before the first.
    std::optional<Lsn> position() const override { return m_position; }

    // Creates missing tables (create_tables) and learns each table's key on the target.
    void prepareTables(const std::vector<TableDefinition> &tables) override;
    std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                               const std::string &table) override;

    // Empties the tables and copies them from the snapshot, then records consistentPoint, all
    // in one transaction: an interrupted load leaves nothing behind.
    // `progress` is told the rows copied as they go.
    void loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                      Lsn consistentPoint,
                      const std::function<void(long long rows)> &progress) override;
    void recordPosition(Lsn position) override;

    // Streaming apply. apply() may leave a target transaction open; commit() closes it.
    // Streamed chunks (transactions still in progress on the source) go to a target
    // transaction of their own each (StreamedTransactions).
    void startStreaming() override;
    void apply(const std::shared_ptr<const TransactionChunk> &chunk) override;
    bool hasUncommittedWork() const override { return m_pendingEnd.has_value(); }
    std::size_t changesSinceCommit() const override { return m_changesSinceCommit; }
    bool isInsideSourceTransaction() const override { return m_insideTransaction; }
    // Sends the commit; position() advances once the target confirmed it (waitForCommits()).
    void commit() override;
    // External positions: commits whatever was sent, as the synthetic position `end`.
    void commitAt(Lsn end) override
    {
        m_pendingEnd = end;
        commit();
    }
    void waitForCommits() override;
    void abandon() override; // drop the connection and whatever it had not committed

    long long appliedChanges() const override { return m_appliedChanges.load(); }
    // Where committed changes and their latency are counted; may be null.
    void setMetrics(PipelineMetrics *metrics) override { m_metrics = metrics; }
    PipelineMetrics *metrics() const override { return m_metrics; }
    // Updates and deletes that found no row on the target (it drifted from the source).
    long long rowsNotFound() const override { return m_rowsNotFound.load(); }

    // Source transactions committed at or before this LSN are applied change by change, so
    // that a rejected change can be named. The sink raises it when a multi-row statement
    // fails; it outlives the sink (the pipeline keeps it across sessions).
    void setIsolateThrough(std::atomic<std::uint64_t> *isolateThrough)
    {
        m_isolateThrough = isolateThrough;
    }
    // Raised by the sink when a plain INSERT of rows a batch inserted found one already on the
    // target (it drifted, or was filled before the pipeline started): from then on such rows
    // are upserted, so the collisions do not restart the session again and again. It outlives
    // the sink, as setIsolateThrough()'s does.
    void setInsertsCollided(std::atomic<bool> *insertsCollided)
    {
        m_insertsCollided = insertsCollided;
    }
    // Told what the sink did about each new shape of a table (see TargetSchemaChanges).
    using SchemaChangeObserver = TargetSchemaChanges::Observer;
    void setSchemaChangeObserver(SchemaChangeObserver observer)
    {
        m_schemaChanges.setObserver(std::move(observer));
    }
    // Where changes go that the target keeps rejecting (on_error: dead_letter); without it, a
    // rejected change stops the pipeline.
    void setDeadLetters(RejectedChanges *deadLetters) { m_deadLetters = deadLetters; }

private:
    friend class StreamedTransactions;

    void applyStreamed(const std::shared_ptr<const TransactionChunk> &chunk);
    // A sink of its own connection (no applier lock: the owner holds it) for the transaction
    // `xid`, in progress on the source; it knows the owner's tables as the owner does.
    std::unique_ptr<PostgresSink> openInProgress(std::uint32_t xid) const;
    void applyInProgress(const std::shared_ptr<const TransactionChunk> &chunk);
    // Records the position and commits; returns the changes committed.
    long long commitInProgress(const TransactionChunk &end);
    void rollbackInProgress();
    // Sends what is gathered and waits for every result: the connection holds its locks, idle.
    void settleInProgress();
    [[noreturn]] void refuseInProgress(const std::string &why) const;

    struct PreparedStatement
    {
        // Empty for statements planned at each use, with their parameters' values: see
        // sendNetTable().
        std::string name;
        std::vector<std::uint32_t> parameterTypes;
        ApplyStatement statement;
        std::shared_ptr<const TableSchema> table; // keeps the cache key's address alive
    };
    struct InFlight
    {
        enum class Kind
        {
            Statement,
            Sync
        } kind = Kind::Statement;
        std::shared_ptr<const TransactionChunk> chunk; // the event's chunk, kept alive
        int eventIndex = -1;                           // -1: control statement
        int rows = 1;                                  // events eventIndex.. it applies
        // A set statement (NetChanges): eventIndex is the last change it took, its rows are
        // rows, not events, and a rejection is isolated however many rows it had.
        bool set = false;
        bool plainInsert = false; // a set of rows the batch inserted, with no conflict check
        int rowsExpected = -1;    // updates and deletes: how many should find their row; -1: rows
        std::string describedRow; // the one row a set's update is about, for messages
        Lsn commitEnd;            // Sync after a COMMIT: the source position it commits
        long long committedChanges = 0;
        std::vector<std::int64_t> commitTimesMicros; // of the source transactions it completes
    };
    enum class GroupKind : char
    {
        None,
        Upsert,
        DeleteByKey
    };

    const std::vector<int> &applyKey(const std::shared_ptr<const TableSchema> &table);
    const PreparedStatement &prepared(const std::string &cacheKey,
                                      const std::shared_ptr<const TableSchema> &table,
                                      const std::function<ApplyStatement()> &build,
                                      bool planEachTime = false);
    static std::string tableCacheKey(const TableSchema &table);
    const PreparedStatement &statementFor(const ChangeEvent &event);
    const PreparedStatement &groupStatement(const std::shared_ptr<const TableSchema> &table,
                                            GroupKind kind, int rows);
    GroupKind groupKindOf(const ChangeEvent &event);
    void sendChunk(const std::shared_ptr<const TransactionChunk> &chunk);
    void sendRows(const PreparedStatement &statement,
                  const std::shared_ptr<const TransactionChunk> &chunk, int first, int count);
    // Sends the statement with m_parameterValues; `entry` is what its result is about.
    void sendPrepared(const PreparedStatement &statement, InFlight entry, int changes);
    // Applies what m_netChanges holds: per table, its deletes, its upserts, then its updates.
    void sendNetChanges();
    void sendNetTable(const NetChanges::Table &table);
    void sendEvent(const std::shared_ptr<const TransactionChunk> &chunk, int index);
    void sendControl(const char *sql, const std::vector<std::string> &params = {});
    void sync(Lsn commitEnd = Lsn(), long long committedChanges = 0,
              std::vector<std::int64_t> commitTimesMicros = {});
    void readResultsUntilSync();
    void checkRowsFound(const InFlight &entry, const PGresult *result);
    [[noreturn]] void failOn(const InFlight &entry, const PGresult *result);
    [[noreturn]] void retryOrDeadLetter(const InFlight &entry, const pg::Error &cause);
    void openTransaction(); // sends BEGIN unless a target transaction is open
    // Runs `work` with every result read and libpq out of pipeline mode (synchronous queries
    // inside the open target transaction).
    void outsidePipeline(const std::function<void()> &work);

    PostgresSinkConfig m_config;
    OffsetsStore m_offsets;
    pg::Connection m_conn;
    // For describeTable() and transportOffsets(), opened at first use: m_conn is in pipeline
    // mode while streaming.
    pg::Connection &catalogConnection();
    pg::Connection m_catalog;
    std::optional<Lsn> m_position;
    TargetSchemaChanges m_schemaChanges; // the target tables, and the DDL that follows the source
    struct AppliedTable
    {
        std::shared_ptr<const TableSchema> schema; // keeps the map key's address alive
        std::vector<int> key;
        TargetColumnTypes columnTypes;
        std::string quarantine; // why this shape is refused; empty when it is applied
        bool setwise = false;   // keyed, with independent rows: changes go to NetChanges
    };
    void forgetTable(const std::string &qualifiedName);
    const AppliedTable &appliedTable(const std::shared_ptr<const TableSchema> &table,
                                     Lsn lsn = Lsn());
    std::unordered_map<const TableSchema *, AppliedTable> m_applyKeys;
    std::unordered_map<std::string, PreparedStatement> m_statements;
    int m_statementsPrepared = 0; // names statements uniquely, also after forgetTable()

    std::vector<const char *> m_parameterValues; // reused for every statement
    std::unordered_set<std::string> m_groupKeys; // rows in the statement being gathered
    NetChanges m_netChanges;                     // of the open target transaction, not sent yet
    std::vector<pg::TextArrayBuilder> m_arrays;  // a set statement's parameters, binary
    std::vector<int> m_parameterLengths;
    std::vector<int> m_parameterFormats;
    std::atomic<std::uint64_t> *m_isolateThrough = nullptr;
    RejectedChanges *m_deadLetters = nullptr;
    std::deque<InFlight> m_inFlight;
    int m_syncsInFlight = 0;
    int m_sentSinceSync = 0;
    std::size_t m_bytesSinceSync = 0; // of the chunks sent since the last sync
    bool m_externalPositions = false;
    std::unique_ptr<StreamedTransactions> m_streamed;
    bool m_inProgress = false; // this sink applies one transaction still in progress
    std::uint32_t m_inProgressXid = 0;
    std::atomic<bool> *m_insertsCollided = nullptr;
    bool m_transactionOpen = false;   // target BEGIN sent
    bool m_insideTransaction = false; // between a source transaction's first and last chunk
    bool m_skipping = false;          // current source transaction was applied before
    std::optional<Lsn> m_pendingEnd;  // end LSN of the last source transaction sent
    std::size_t m_changesSinceCommit = 0;
    std::atomic<long long> m_appliedChanges{0};
    PipelineMetrics *m_metrics = nullptr;
    std::vector<std::int64_t> m_commitTimesSinceCommit;
    std::atomic<long long> m_rowsNotFound{0};
    std::unordered_set<std::string> m_tablesWithMisses;
};

} // namespace syncline
