#pragma once

#include "model/lsn.h"
#include "source/mysql/binlog_stream.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {
class SqliteDatabase;
}

namespace syncline::mysql {

// Where capture resumes: the end of the last transaction every sink has applied, and the GTID
// state there. It plays the part of a PostgreSQL replication slot, kept in the pipeline's state
// directory instead of on the server, so unlike a slot it does not hold the server's binary
// logs: binlog_expire_logs_seconds must outlast any stop of the pipeline.
struct CapturePoint
{
    BinlogPosition position;
    std::string gtidState;      // MariaDB: "0-1-42,1-2-7"; may be empty
    std::uint32_t serverId = 0; // the server's own server_id, to notice another server
    // How many times capture moved to another server by GTID: the high bits of every position
    // (binlog_order.h), so that the new server's log orders after the old one's.
    std::uint32_t epoch = 0;
    // Resume after gtidState rather than at position: set once capture moved to another server
    // by GTID. The new server's log holds the transactions before the GTID state too (from its
    // time as a replica), and a GTID start skips them where a start at a file and offset would
    // send them again; position then only orders and reports.
    bool resumeByGtid = false;
    std::int64_t savedAt = 0; // load(): when it was last saved, in seconds since the epoch
};

// A transaction the source handed on, with the positions it had on the server it was read
// from. Kept until the capture point passes it: the sinks may hold it while the capture point
// is behind (saved once a second, or the runner was killed), and when capture resumes on
// another server by GTID, that server sends it again, where it must keep these positions so
// that each sink skips it exactly when it holds it.
struct SentTransaction
{
    Gtid gtid;
    Lsn commit;
    Lsn end;
};

// The capture point in `<state_dir>/mysql_capture.db` (SQLite, durable on every save), and the
// transactions sent since (a journal in the same file, written before each is handed on, kept
// through a kill of the process; an operating system crash may lose its last entries).
class BinlogCapture
{
public:
    static std::filesystem::path fileIn(const std::filesystem::path &stateDir);

    explicit BinlogCapture(const std::filesystem::path &file);
    ~BinlogCapture();

    std::optional<CapturePoint> load();
    // Also forgets the sent transactions the point's GTID state holds.
    void save(const CapturePoint &point);
    void discard(); // the point and the journal

    void recordSent(const SentTransaction &sent);
    // The journal's transactions that `gtidState` does not hold, in the order they were sent.
    std::vector<SentTransaction> sentAfter(const std::string &gtidState);

private:
    std::unique_ptr<SqliteDatabase> m_db;
    std::unique_ptr<SqliteDatabase> m_journal; // synchronous=NORMAL: no fsync per transaction
};

} // namespace syncline::mysql
