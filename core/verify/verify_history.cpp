#include "verify/verify_history.h"

#include "util/sqlite_database.h"
#include "util/time_text.h"

namespace syncline::verify {

namespace {

const char *const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS verify_runs (
    id INTEGER PRIMARY KEY,
    trigger TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    finished_at TEXT NOT NULL,
    error TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS verify_tables (
    run_id INTEGER NOT NULL REFERENCES verify_runs (id) ON DELETE CASCADE,
    sink TEXT NOT NULL,
    table_name TEXT NOT NULL,
    source_rows INTEGER NOT NULL,
    missing INTEGER NOT NULL,
    extra INTEGER NOT NULL,
    different INTEGER NOT NULL,
    unsettled INTEGER NOT NULL,
    milliseconds INTEGER NOT NULL,
    error TEXT NOT NULL,
    PRIMARY KEY (run_id, sink, table_name));
CREATE INDEX IF NOT EXISTS verify_tables_by_table ON verify_tables (sink, table_name, run_id);
)sql";

// Runs kept; older ones are dropped as new ones are recorded (their tables with them).
constexpr int kKeptRuns = 1000;

} // namespace

std::filesystem::path VerifyHistory::fileIn(const std::filesystem::path &stateDir)
{
    return stateDir / "verify.sqlite";
}

VerifyHistory::VerifyHistory(const std::filesystem::path &file)
    : m_db(std::make_unique<SqliteDatabase>(file, "verify history", kSchema))
{
    m_db->execute("PRAGMA foreign_keys = ON");
}

VerifyHistory::~VerifyHistory() = default;

void VerifyHistory::record(const std::string &trigger, std::int64_t startedMs,
                           const std::vector<TableResult> &results, const std::string &error)
{
    m_db->execute("BEGIN IMMEDIATE");
    try {
        SqliteStatement(*m_db, "INSERT INTO verify_runs (trigger, started_ms, finished_at, error) "
                               "VALUES (?, ?, ?, ?)")
            .bind(trigger)
            .bind(startedMs)
            .bind(isoUtcNow())
            .bind(error)
            .step();
        SqliteStatement last(*m_db, "SELECT last_insert_rowid()");
        last.step();
        const std::int64_t runId = last.integer(0);
        for (const auto &result : results) {
            SqliteStatement(*m_db, "INSERT OR REPLACE INTO verify_tables VALUES "
                                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(runId)
                .bind(result.sink)
                .bind(result.table)
                .bind(std::int64_t(result.sourceRows))
                .bind(std::int64_t(result.missing))
                .bind(std::int64_t(result.extra))
                .bind(std::int64_t(result.different))
                .bind(std::int64_t(result.unsettled))
                .bind(std::int64_t(result.seconds * 1000))
                .bind(result.error)
                .step();
        }
        SqliteStatement(*m_db, "DELETE FROM verify_runs WHERE id <= ?")
            .bind(runId - kKeptRuns)
            .step();
        m_db->execute("COMMIT");
    } catch (...) {
        m_db->execute("ROLLBACK");
        throw;
    }
}

std::string VerifyHistory::recordIn(const std::filesystem::path &stateDir,
                                    const std::string &trigger, std::int64_t startedMs,
                                    const std::vector<TableResult> &results,
                                    const std::string &error)
{
    if (!std::filesystem::is_directory(stateDir))
        return {};
    try {
        VerifyHistory(fileIn(stateDir)).record(trigger, startedMs, results, error);
        return {};
    } catch (const SqliteError &e) {
        return std::string("cannot record the verify results in ") + fileIn(stateDir).string() +
               ": " + e.what();
    }
}

std::optional<VerifyHistory::Run> VerifyHistory::lastRun(const std::string &trigger) const
{
    SqliteStatement select(*m_db, "SELECT id, trigger, started_ms, finished_at, error "
                                  "FROM verify_runs WHERE ? = '' OR trigger = ? "
                                  "ORDER BY id DESC LIMIT 1");
    select.bind(trigger).bind(trigger);
    if (!select.step())
        return std::nullopt;
    return Run{select.integer(0), select.text(1), select.integer(2), select.text(3),
               select.text(4)};
}

std::vector<VerifyHistory::Recorded> VerifyHistory::latest() const
{
    SqliteStatement select(
        *m_db, "SELECT t.sink, t.table_name, t.source_rows, t.missing, t.extra, t.different, "
               "t.unsettled, t.milliseconds, t.error, r.finished_at, r.trigger "
               "FROM verify_tables t JOIN verify_runs r ON r.id = t.run_id "
               "WHERE t.run_id = (SELECT max(run_id) FROM verify_tables n "
               "                  WHERE n.sink = t.sink AND n.table_name = t.table_name) "
               "ORDER BY t.sink, t.table_name");
    std::vector<Recorded> latest;
    while (select.step()) {
        Recorded recorded;
        TableResult &result = recorded.result;
        result.sink = select.text(0);
        result.table = select.text(1);
        result.sourceRows = select.integer(2);
        result.missing = select.integer(3);
        result.extra = select.integer(4);
        result.different = select.integer(5);
        result.unsettled = select.integer(6);
        result.seconds = double(select.integer(7)) / 1000;
        result.error = select.text(8);
        recorded.verifiedAt = select.text(9);
        recorded.trigger = select.text(10);
        latest.push_back(std::move(recorded));
    }
    return latest;
}

} // namespace syncline::verify
