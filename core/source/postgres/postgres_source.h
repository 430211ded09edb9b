#pragma once

#include "config/pipeline_config.h"
#include "connector/source.h"
#include "model/change_event.h"
#include "model/table_definition.h"
#include "pg/connection.h"
#include "source/postgres/ddl_capture.h"
#include "source/postgres/pgoutput_decoder.h"
#include "source/postgres/replication_stream.h"
#include "source/postgres/source_catalog.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

namespace syncline {

class IncrementalSnapshot;

// The PostgreSQL source: checks and prepares the database, creates the slot, and turns the
// pgoutput stream into committed transactions cut into chunks of bounded size.
class PostgresSource : public Source
{
public:
    explicit PostgresSource(SourceConfig config);
    ~PostgresSource() override;

    // Connects, checks wal_level and every table, ensures the publication. Throws pg::Error
    // (permanent) listing every table problem at once.
    std::vector<TableDefinition> prepare() override;

    // The tables captured: the pipeline's entries with patterns replaced (after prepare()).
    const std::vector<std::string> &tables() const override { return m_config.tables; }
    std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                               const std::string &table) override;

    std::string where() const override;
    std::string captureName() const override { return "slot " + m_config.slot; }
    std::optional<Lsn> resumePosition() override;
    CaptureStatus captureStatus() override;
    void discardCapture() override { dropSlot(); }
    // Creates the slot, exporting its snapshot when asked (read by a SnapshotReader).
    CaptureStart startCapture(bool withSnapshot) override;

    std::optional<SlotInfo> slot();
    // Drops the slot, waiting (bounded) for a walsender of a killed run to let go of it.
    void dropSlot();
    ReplicationStream::CreatedSlot createSlot(bool exportSnapshot);
    // With streamLargeTransactions (and PostgreSQL 14+), a transaction larger than the server's
    // logical_decoding_work_mem arrives while in progress, as streamed chunks.
    void startStreaming(bool streamLargeTransactions) override;
    // Copies tables while streaming, as the snapshot store in `stateDir` asks (tables added to
    // the pipeline, `syncline snapshot --table`); `confirmed` is where the slot resumed.
    // `progress` is told what is being copied (see IncrementalSnapshot::Progress).
    void enableIncrementalSnapshots(const std::string &pipeline,
                                    const std::filesystem::path &stateDir, Lsn confirmed,
                                    std::function<void(const std::string &)> progress) override;

    // Reads what arrives until the timeout has passed (at most a few thousand messages) and
    // hands every finished chunk to emit. Answers keepalives.
    void poll(std::chrono::milliseconds timeout, const ChunkHandler &emit) override;

    // Called with each new version of a captured table, described from the catalog, before
    // any change refers to it; it may add to it (the schema history marks renamed columns).
    void setRelationHook(RelationHook hook) override { m_relationHook = std::move(hook); }
    // Called with each DDL statement DDL capture logged, in its place in the stream.
    void setDdlHook(DdlHook hook) override { m_ddlHook = std::move(hook); }
    void setRowFilters(RowFilterFor rowFilterFor) override
    {
        m_rowFilterFor = std::move(rowFilterFor);
    }

    // Tells the server that everything up to `flushed` is safely applied. Sent when it
    // changed, when the server asks, and every 10 s regardless.
    void confirm(Lsn flushed, bool force = false) override;

    // End of the last transaction received whole, or the server's position while idle.
    Lsn receivedPosition() const override { return m_received; }
    bool isInsideTransaction() const override { return m_chunk != nullptr; }
    std::int64_t lastSourceTimeMicros() const override { return m_sourceTimeMicros; }

    // The prefix of the heartbeat messages (source.heartbeat_interval_s), which the stream
    // reads for their time and skips.
    static constexpr const char *kHeartbeatPrefix = "syncline.heartbeat";
    Lsn lastConfirmed() const override { return m_confirmed; }

private:
    void handle(std::string_view payload, const ChunkHandler &emit);
    // Stream blocks, and the commit or abort that ends a streamed transaction.
    bool handleStreamControl(const pgoutput::Message &message, const ChunkHandler &emit);
    void emitStreamEnd(std::uint32_t xid, const pgoutput::StreamCommit *commit,
                       const ChunkHandler &emit);
    void emitChunk(bool last, const ChunkHandler &emit);
    bool isCaptured(const TableSchema &table) const;
    // What becomes of a change to `table`: applied, read as DDL capture's log, or skipped. It
    // follows from the table's name alone, so it is worked out once per relation version.
    enum class Route : char
    {
        Capture,
        DdlLog,
        Skip
    };
    Route routeOf(const std::shared_ptr<const TableSchema> &table);
    void describeRelation(const TableSchema &relation);
    // Every discovery interval, when the pipeline has patterns: a new matching table is added
    // to the publication, and the session restarts (RestartSession) to set it up.
    void discoverTables();
    // Every heartbeat interval: a logical message with the server's time, so that the time
    // lag stays fresh while no captured table changes.
    void emitHeartbeat();
    std::vector<std::string> publishedTables(std::vector<std::string> tables) const;
    // The filters the publication evaluates, by table; none when the pipeline has no filter.
    std::optional<std::map<std::string, std::string>>
    rowFilters(const std::vector<TableDefinition> &tables) const;
    void handleDdl(const ChangeEvent &event);

    static constexpr std::size_t kEventsPerChunk = 1000;
    static constexpr std::size_t kBytesPerChunk = std::size_t(4) << 20; // or fewer, when large

    SourceConfig m_config;
    std::vector<std::string> m_entries; // as configured, patterns included
    std::set<std::string> m_tables;
    std::set<std::string> m_uncapturable; // matched a pattern, but cannot be captured (said once)
    std::map<std::uint32_t, std::string> m_capturedRelations; // relid → name it was captured as
    struct RelationRoute
    {
        std::shared_ptr<const TableSchema> table; // the version it was worked out for
        Route route = Route::Skip;
    };
    std::unordered_map<std::uint32_t, RelationRoute> m_routes; // by relid
    std::chrono::steady_clock::time_point m_lastDiscovery;
    pg::Connection m_catalogConnection;
    std::unique_ptr<ReplicationStream> m_stream;
    PgOutputDecoder m_decoder;
    RelationHook m_relationHook;
    DdlHook m_ddlHook;
    bool m_ddlCapture = false; // installed, and its table published
    RowFilterFor m_rowFilterFor;
    std::optional<std::map<std::string, std::string>> m_rowFilters; // pushed down, by table
    std::unique_ptr<IncrementalSnapshot> m_incremental;
    std::shared_ptr<TransactionChunk> m_chunk; // the transaction being received
    struct StreamedTransaction
    {
        bool emitted = false; // a chunk of it went out: its end must follow
        std::uint64_t nextEventIndex = 0;
        std::set<std::uint32_t> subtransactions; // that made changes we emitted
    };
    std::unordered_map<std::uint32_t, StreamedTransaction> m_streamed; // in progress, by xid
    std::uint32_t m_streamXid = 0;     // the transaction of the stream block being read, or 0
    std::size_t m_lastChunkEvents = 0; // reserved for the next chunk: transactions tend to repeat
    Lsn m_received;
    Lsn m_confirmed;
    bool m_replyRequested = false;
    std::chrono::steady_clock::time_point m_lastStatus;
    std::chrono::steady_clock::time_point m_lastHeartbeat; // the first poll writes one
    bool m_heartbeatFailed = false;
    std::int64_t m_sourceTimeMicros = 0; // see lastSourceTimeMicros()
};

} // namespace syncline
