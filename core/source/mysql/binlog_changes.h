#pragma once

#include "connector/source.h"
#include "source/mysql/binlog_capture.h"
#include "source/mysql/binlog_table.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

namespace syncline::mysql {

// Turns the events of a binary log into the pipeline's committed transactions, in chunks of
// bounded size. Rows of the captured tables become changes in PostgreSQL text form; a table map
// that shows a new shape of a table becomes a new table version (the relation hook); DDL goes
// to the DDL hook, and TRUNCATE TABLE of a captured table becomes a truncate. Transactions
// without a captured change send nothing but move the received position.
//
// Positions are binlog places mapped by orderOf(): a transaction's commit position is where it
// begins in the log (the log holds committed transactions only, in commit order), its end where
// the event after its commit begins.
class BinlogChanges
{
public:
    // `captured`: "database.table"; `start`: where reading begins.
    BinlogChanges(std::set<std::string> captured, const CapturePoint &start);

    void setRelationHook(Source::RelationHook hook) { m_relationHook = std::move(hook); }
    void setDdlHook(Source::DdlHook hook) { m_ddlHook = std::move(hook); }
    // A captured table as the catalog describes it: the shape a truncate refers to before any
    // row of the table arrived.
    void describe(const BinlogTable &table);

    // Called with each transaction that sends changes, before its last chunk is handed on
    // (BinlogCapture::recordSent).
    void setJournal(std::function<void(const SentTransaction &)> record)
    {
        m_journal = std::move(record);
    }
    // Transactions handed on before and not confirmed, which a GTID start sends again (on
    // another server after a failover, at other places). They keep their journaled positions
    // (an earlier epoch), so that each sink skips them exactly when it holds them. They must
    // come first and in their order; `from` is the capture point in that numbering.
    void resend(std::vector<SentTransaction> sent, Lsn from);

    void handle(const BinlogEvent &event, const Source::ChunkHandler &emit);

    bool isInsideTransaction() const { return m_inTransaction; }
    // The end of the last transaction read whole (or of the last event outside one).
    Lsn receivedPosition() const { return m_received; }
    // Where capture resumes once everything up to `flushed` is applied: the end of the last
    // transaction that ended there or before. Forgets earlier ends; nullopt when none is new.
    std::optional<CapturePoint> pointThrough(Lsn flushed);

private:
    struct MappedTable
    {
        BinlogTable table;
        std::shared_ptr<const TableSchema> schema; // null: not captured
    };
    void begin(const BinlogPosition &at, std::uint32_t xid, std::uint32_t timestamp,
               const Gtid *gtid = nullptr);
    void end(const Source::ChunkHandler &emit);
    void mapTable(const BinlogEvent &event);
    void addRows(const BinlogEvent &event, const Source::ChunkHandler &emit);
    void add(ChangeEvent event, const Source::ChunkHandler &emit);
    // A Query event: BEGIN or COMMIT, or DDL (a transaction of its own).
    void statement(const BinlogEvent &event, const BinlogPosition &at,
                   const Source::ChunkHandler &emit);
    std::shared_ptr<TransactionChunk> newChunk() const;
    void emitChunk(bool last, const Source::ChunkHandler &emit);
    void endedAt(const BinlogPosition &next, bool emitted);
    std::shared_ptr<const TableSchema> versionOf(const BinlogTable &table);
    std::string gtidState() const;

    static constexpr std::size_t kEventsPerChunk = 1000;
    static constexpr std::size_t kBytesPerChunk = std::size_t(4) << 20;

    std::set<std::string> m_captured;
    std::uint32_t m_serverId = 0;
    std::uint32_t m_epoch = 0;   // of every position (binlog_order.h)
    bool m_resumeByGtid = false; // kept in every capture point
    Source::RelationHook m_relationHook;
    Source::DdlHook m_ddlHook;
    std::unordered_map<std::uint64_t, MappedTable> m_mapped; // by table id, this transaction
    std::map<std::string, std::shared_ptr<const TableSchema>> m_versions; // by "db.table"
    std::map<std::uint32_t, Gtid> m_gtids;                                // by domain
    BinlogPosition m_at; // where the next event begins
    bool m_inTransaction = false;
    bool m_standalone = false; // the transaction is one statement (DDL), with no XID after it
    Lsn m_commit;
    std::uint32_t m_xid = 0;
    std::int64_t m_commitTimeMicros = 0;
    std::uint64_t m_nextEventIndex = 0;
    bool m_emitted = false; // a chunk of the current transaction went out
    std::shared_ptr<TransactionChunk> m_chunk;
    std::shared_ptr<const BinlogCoordinates> m_coordinates; // of the current transaction
    Lsn m_received;
    struct End
    {
        Lsn position;
        CapturePoint point;
        bool emitted = false;
    };
    std::deque<End> m_ends; // not yet confirmed
    std::function<void(const SentTransaction &)> m_journal;
    std::deque<SentTransaction> m_resent;       // still to come again, in order
    std::optional<SentTransaction> m_resending; // the current transaction is one of them
    std::optional<Gtid> m_gtid;                 // of the current transaction
};

} // namespace syncline::mysql
