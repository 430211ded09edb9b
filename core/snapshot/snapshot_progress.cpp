#include "snapshot/snapshot_progress.h"

#include "util/json.h"
#include "util/json_value.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"

namespace syncline {

namespace {

const char *const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS captured_tables (
    table_name TEXT PRIMARY KEY,
    since TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshot_jobs (
    table_name TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS snapshot_chunks (
    table_name TEXT NOT NULL,
    generation INTEGER NOT NULL,
    chunk INTEGER NOT NULL,
    last_key TEXT NOT NULL,
    high_lsn TEXT NOT NULL,
    rows INTEGER NOT NULL,
    is_last INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (table_name, generation, chunk));
)sql";

// Files written before repairs lack the column.
const char *const kAddKeys = "ALTER TABLE snapshot_jobs ADD COLUMN keys TEXT";

std::string keyJson(const std::vector<std::optional<std::string>> &key)
{
    std::string json = "[";
    for (const auto &value : key)
        json += (json.size() > 1 ? "," : "") + (value ? jsonQuoted(*value) : std::string("null"));
    return json + ']';
}

std::vector<std::optional<std::string>> keyFromJson(const std::string &json)
{
    std::vector<std::optional<std::string>> key;
    const JsonValue parsed = JsonValue::parse(json);
    for (const auto &item : parsed.items())
        key.push_back(item.isNull() ? std::nullopt : std::optional<std::string>(item.text()));
    return key;
}

} // namespace

std::filesystem::path SnapshotProgress::fileIn(const std::filesystem::path &stateDir)
{
    return stateDir / "snapshots.sqlite";
}

SnapshotProgress::SnapshotProgress(const std::filesystem::path &file)
    : m_isNew(!std::filesystem::exists(file)),
      m_db(std::make_unique<SqliteDatabase>(file, "snapshot progress", kSchema))
{
    try {
        m_db->execute(kAddKeys);
    } catch (const SqliteError &) {
        // the column is there already
    }
}

SnapshotProgress::~SnapshotProgress() = default;

std::set<std::string> SnapshotProgress::capturedTables() const
{
    SqliteStatement select(*m_db, "SELECT table_name FROM captured_tables");
    std::set<std::string> tables;
    while (select.step())
        tables.insert(select.text(0));
    return tables;
}

void SnapshotProgress::markCaptured(const std::string &table)
{
    SqliteStatement(*m_db, "INSERT OR IGNORE INTO captured_tables VALUES (?, ?)")
        .bind(table)
        .bind(isoUtcNow())
        .step();
}

void SnapshotProgress::forgetJobs()
{
    m_db->execute("DELETE FROM snapshot_chunks; DELETE FROM snapshot_jobs;");
}

std::int64_t SnapshotProgress::request(const std::string &table, const std::string &reason,
                                       const std::optional<std::vector<Key>> &keys)
{
    std::optional<std::string> keysJson;
    if (keys) {
        keysJson = "[";
        for (const auto &key : *keys) {
            std::vector<std::optional<std::string>> values(key.begin(), key.end());
            *keysJson += (keysJson->size() > 1 ? "," : "") + keyJson(values);
        }
        *keysJson += ']';
    }
    SqliteStatement(*m_db, "INSERT INTO snapshot_jobs (table_name, reason, requested_at, "
                           "generation, keys) VALUES (?, ?, ?, 1, ?) "
                           "ON CONFLICT (table_name) DO UPDATE SET reason = excluded.reason, "
                           "requested_at = excluded.requested_at, keys = excluded.keys, "
                           "generation = generation + 1")
        .bind(table)
        .bind(reason)
        .bind(isoUtcNow())
        .bind(keysJson)
        .step();
    if (!keys)
        markCaptured(table);
    SqliteStatement select(*m_db, "SELECT generation FROM snapshot_jobs WHERE table_name = ?");
    select.bind(table).step();
    return select.integer(0);
}

long long SnapshotProgress::Job::rowsRead() const
{
    long long rows = 0;
    for (const auto &chunk : chunks)
        rows += chunk.rows;
    return rows;
}

std::vector<SnapshotProgress::Job> SnapshotProgress::jobs() const
{
    std::vector<Job> jobs;
    SqliteStatement select(*m_db, "SELECT table_name, reason, requested_at, generation, keys "
                                  "FROM snapshot_jobs ORDER BY requested_at, table_name");
    while (select.step()) {
        jobs.push_back({select.text(0), select.text(1), select.text(2), select.integer(3), {}});
        if (!select.isNull(4)) {
            auto &keys = jobs.back().keys.emplace();
            const JsonValue parsed = JsonValue::parse(select.text(4));
            for (const auto &item : parsed.items()) {
                Key key;
                for (const auto &value : item.items())
                    key.push_back(value.text());
                keys.push_back(std::move(key));
            }
        }
    }
    for (auto &job : jobs) {
        SqliteStatement chunks(*m_db, "SELECT chunk, last_key, high_lsn, rows, is_last "
                                      "FROM snapshot_chunks WHERE table_name = ? "
                                      "AND generation = ? ORDER BY chunk");
        chunks.bind(job.table).bind(job.generation);
        while (chunks.step())
            job.chunks.push_back({int(chunks.integer(0)), keyFromJson(chunks.text(1)),
                                  Lsn::parse(chunks.text(2)).value_or(Lsn()), chunks.integer(3),
                                  chunks.integer(4) != 0});
    }
    return jobs;
}

SnapshotProgress::Job SnapshotProgress::confirmedPart(const Job &job, Lsn confirmed)
{
    Job part = job;
    part.chunks.clear();
    for (const auto &chunk : job.chunks) {
        if (chunk.highWatermark > confirmed)
            break;
        part.chunks.push_back(chunk);
    }
    return part;
}

void SnapshotProgress::recordChunk(const std::string &table, std::int64_t generation,
                                   const Chunk &chunk)
{
    SqliteStatement(*m_db, "INSERT OR REPLACE INTO snapshot_chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(table)
        .bind(generation)
        .bind(std::int64_t(chunk.number))
        .bind(keyJson(chunk.lastKey))
        .bind(chunk.highWatermark.toString())
        .bind(std::int64_t(chunk.rows))
        .bind(std::int64_t(chunk.isLast))
        .bind(isoUtcNow())
        .step();
}

std::int64_t SnapshotProgress::version() const
{
    SqliteStatement pragma(*m_db, "PRAGMA data_version");
    pragma.step();
    return pragma.integer(0);
}

} // namespace syncline
