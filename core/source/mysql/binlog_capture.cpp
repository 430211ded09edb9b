#include "source/mysql/binlog_capture.h"

#include "util/sqlite_database.h"

#include <algorithm>

namespace syncline::mysql {
namespace {

constexpr const char *kSchema = R"(
CREATE TABLE IF NOT EXISTS capture_point (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    file TEXT NOT NULL,
    offset INTEGER NOT NULL,
    gtid_state TEXT NOT NULL,
    server_id INTEGER NOT NULL,
    epoch INTEGER NOT NULL DEFAULT 0,
    resume_by_gtid INTEGER NOT NULL DEFAULT 0,
    saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE IF NOT EXISTS sent_transaction (
    domain INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    server INTEGER NOT NULL,
    commit_lsn INTEGER NOT NULL,
    end_lsn INTEGER NOT NULL,
    PRIMARY KEY (domain, sequence)
);
)";

// Files written before failover by GTID lack these columns.
constexpr const char *kAddColumns[] = {
    "ALTER TABLE capture_point ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE capture_point ADD COLUMN resume_by_gtid INTEGER NOT NULL DEFAULT 0",
};

} // namespace

std::filesystem::path BinlogCapture::fileIn(const std::filesystem::path &stateDir)
{
    return stateDir / "mysql_capture.db";
}

BinlogCapture::BinlogCapture(const std::filesystem::path &file)
    : m_db(std::make_unique<SqliteDatabase>(file, "binary log capture point", kSchema)),
      m_journal(std::make_unique<SqliteDatabase>(file, "binary log capture point", kSchema))
{
    // A journal entry must survive the runner's death before its transaction reaches a sink,
    // which a write to the WAL does; an fsync per transaction would slow capture down.
    m_journal->execute("PRAGMA synchronous = NORMAL");
    for (const char *sql : kAddColumns) {
        try {
            m_db->execute(sql);
        } catch (const SqliteError &) {
            // the column is there already
        }
    }
}

BinlogCapture::~BinlogCapture() = default;

std::optional<CapturePoint> BinlogCapture::load()
{
    SqliteStatement select(*m_db, "SELECT file, offset, gtid_state, server_id, epoch, "
                                  "resume_by_gtid, CAST(strftime('%s', saved_at) AS INTEGER) "
                                  "FROM capture_point");
    if (!select.step())
        return std::nullopt;
    CapturePoint point;
    point.position = {select.text(0), std::uint64_t(select.integer(1))};
    point.gtidState = select.text(2);
    point.serverId = std::uint32_t(select.integer(3));
    point.epoch = std::uint32_t(select.integer(4));
    point.resumeByGtid = select.integer(5) != 0;
    point.savedAt = select.integer(6);
    return point;
}

void BinlogCapture::save(const CapturePoint &point)
{
    SqliteStatement upsert(*m_db, "INSERT INTO capture_point (id, file, offset, gtid_state, "
                                  "server_id, epoch, resume_by_gtid) VALUES (1, ?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT (id) DO UPDATE SET file = excluded.file, offset = "
                                  "excluded.offset, gtid_state = excluded.gtid_state, server_id = "
                                  "excluded.server_id, epoch = excluded.epoch, resume_by_gtid = "
                                  "excluded.resume_by_gtid, saved_at = "
                                  "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
    upsert.bind(point.position.file)
        .bind(std::int64_t(point.position.offset))
        .bind(point.gtidState)
        .bind(std::int64_t(point.serverId))
        .bind(std::int64_t(point.epoch))
        .bind(std::int64_t(point.resumeByGtid ? 1 : 0));
    upsert.step();
    for (const auto &[domain, gtid] : parseGtidState(point.gtidState)) {
        SqliteStatement forget(*m_db,
                               "DELETE FROM sent_transaction WHERE domain = ? AND sequence <= ?");
        forget.bind(std::int64_t(domain)).bind(std::int64_t(gtid.sequence));
        forget.step();
    }
}

void BinlogCapture::recordSent(const SentTransaction &sent)
{
    SqliteStatement insert(*m_journal, "INSERT OR REPLACE INTO sent_transaction (domain, "
                                       "sequence, server, commit_lsn, end_lsn) VALUES (?, ?, ?, "
                                       "?, ?)");
    insert.bind(std::int64_t(sent.gtid.domain))
        .bind(std::int64_t(sent.gtid.sequence))
        .bind(std::int64_t(sent.gtid.server))
        .bind(std::int64_t(sent.commit.value()))
        .bind(std::int64_t(sent.end.value()));
    insert.step();
}

std::vector<SentTransaction> BinlogCapture::sentAfter(const std::string &gtidState)
{
    const auto state = parseGtidState(gtidState);
    SqliteStatement select(*m_db, "SELECT domain, sequence, server, commit_lsn, end_lsn FROM "
                                  "sent_transaction");
    std::vector<SentTransaction> sent;
    while (select.step()) {
        SentTransaction one{{std::uint32_t(select.integer(0)), std::uint32_t(select.integer(2)),
                             std::uint64_t(select.integer(1))},
                            Lsn(std::uint64_t(select.integer(3))),
                            Lsn(std::uint64_t(select.integer(4)))};
        const auto held = state.find(one.gtid.domain);
        if (held == state.end() || one.gtid.sequence > held->second.sequence)
            sent.push_back(one);
    }
    // In the order sent, by position (unsigned: SQLite would compare them signed).
    std::sort(sent.begin(), sent.end(), [](const auto &a, const auto &b) { return a.end < b.end; });
    return sent;
}

void BinlogCapture::discard()
{
    m_db->execute("DELETE FROM capture_point; DELETE FROM sent_transaction;");
}

} // namespace syncline::mysql
