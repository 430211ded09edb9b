#include "source/mysql/binlog_capture.h"

#include "util/sqlite_database.h"

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
    : m_db(std::make_unique<SqliteDatabase>(file, "binary log capture point", kSchema))
{
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
}

void BinlogCapture::discard()
{
    m_db->execute("DELETE FROM capture_point");
}

} // namespace syncline::mysql
