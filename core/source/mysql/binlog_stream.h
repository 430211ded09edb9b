#pragma once

#include "source/mysql/mysql_dsn.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

typedef struct st_mysql MYSQL;
typedef struct st_mariadb_rpl MARIADB_RPL;
typedef struct st_mariadb_rpl_event MARIADB_RPL_EVENT;

namespace syncline::mysql {

// A place in the server's binary log: a file and the offset of an event in it.
struct BinlogPosition
{
    std::string file; // "binlog.000003"
    std::uint64_t offset = 4;

    std::string toString() const { return file + ':' + std::to_string(offset); }
    bool operator==(const BinlogPosition &) const = default;
};

// A MariaDB GTID: domain-server-sequence.
struct Gtid
{
    std::uint32_t domain = 0;
    std::uint32_t server = 0;
    std::uint64_t sequence = 0;

    std::string toString() const;
};

// A MariaDB GTID state ("0-1-38,1-5-7"): the last GTID of each domain, by domain.
std::map<std::uint32_t, Gtid> parseGtidState(const std::string &state);

// One event of the binary log, as far as the stream interprets it. Views point into the event,
// which stays valid until the next call of BinlogStream::next().
struct BinlogEvent
{
    enum class Kind : char
    {
        Gtid,       // a transaction (or a standalone statement) begins
        TableMap,   // the shape of a table the next row events change
        WriteRows,  // inserts
        UpdateRows, // before and after images
        DeleteRows,
        Xid,       // a transactional engine's commit
        Query,     // DDL, or COMMIT of a non-transactional engine, or BEGIN
        Heartbeat, // sent while the server has nothing new
        Other,     // format description, GTID lists, checkpoints, rotations, ...
    };
    Kind kind = Kind::Other;
    int type = 0;                // the server's event type number
    std::uint32_t timestamp = 0; // seconds since the epoch, when the statement began
    // Where this event starts (where the server made it up: where the previous one ended).
    // After a GTID start the server skips what the GTID state holds, so the log between the
    // previous event and this one may hold transactions never sent.
    BinlogPosition start;
    // Where the next event starts: a reader that stops after this event resumes there.
    BinlogPosition next;
    Gtid gtid;                              // Kind::Gtid
    bool standalone = false;                // Kind::Gtid: a statement with no XID after it (DDL)
    std::uint64_t xid = 0;                  // Kind::Xid
    std::string_view database;              // Kind::Query: the default database
    std::string_view statement;             // Kind::Query
    const MARIADB_RPL_EVENT *raw = nullptr; // TableMap and rows: for BinlogTable and row decoding
};

// Reads a MariaDB server's binary log as a replica does, with MariaDB Connector/C's
// replication API (mariadb_rpl_*). The API frames events and inflates compressed rows and
// statements; ROTATE
// events are read from their bytes here, because Connector/C 3.3 misreads them once a format
// description has been seen. The server sends a heartbeat while idle, so next() returns at
// least that often.
class BinlogStream
{
public:
    BinlogStream(MysqlDsn dsn, std::uint32_t serverId,
                 std::chrono::milliseconds heartbeat = std::chrono::seconds(1));
    ~BinlogStream();
    BinlogStream(const BinlogStream &) = delete;
    BinlogStream &operator=(const BinlogStream &) = delete;

    // Starts at a file and offset.
    void openAt(const BinlogPosition &from);
    // Starts after the transactions a GTID state ("0-1-38,1-5-7") names, in strict mode: on any
    // server whose binary log holds them (a promoted replica with log_slave_updates), whatever
    // its files are called.
    void openAfterGtids(const std::string &gtidState);
    // The next event. Throws PermanentError when the server no longer has (or never had) the
    // position or the GTIDs asked for: it says so, and that a new snapshot is needed;
    // TransientError when the connection is lost.
    const BinlogEvent &next();
    void close();

private:
    void connect();
    void start(const BinlogPosition &from);
    void interpret(const MARIADB_RPL_EVENT &event);
    [[noreturn]] void fail(const std::string &what);

    MysqlDsn m_dsn;
    std::uint32_t m_serverId;
    std::chrono::milliseconds m_heartbeat;
    MYSQL *m_mysql = nullptr;
    MARIADB_RPL *m_rpl = nullptr;
    MARIADB_RPL_EVENT *m_event = nullptr;
    std::size_t m_checksumBytes = 0; // at the end of every event
    std::string m_requested;         // the position or GTID state asked for, for messages
    bool m_byGtid = false;           // m_requested is a GTID state
    BinlogPosition m_position;       // after the last event returned
    BinlogEvent m_current;
};

} // namespace syncline::mysql
