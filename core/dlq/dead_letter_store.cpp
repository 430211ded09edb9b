#include "dlq/dead_letter_store.h"

#include "util/sqlite_database.h"

namespace syncline::dlq {

namespace {

const char *const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS dead_letters (
    id INTEGER PRIMARY KEY,
    sink TEXT NOT NULL,
    event_id TEXT NOT NULL,
    status TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    value TEXT NOT NULL,
    edited_value TEXT,
    error_class TEXT NOT NULL,
    sqlstate TEXT NOT NULL,
    message TEXT NOT NULL,
    held_behind INTEGER REFERENCES dead_letters (id),
    attempts INTEGER NOT NULL,
    first_failed_at TEXT NOT NULL,
    dead_lettered_at TEXT NOT NULL,
    replay_count INTEGER NOT NULL DEFAULT 0,
    last_replay_at TEXT NOT NULL DEFAULT '',
    last_replay_error TEXT NOT NULL DEFAULT '',
    source_lsn TEXT NOT NULL,
    source_txid INTEGER NOT NULL,
    UNIQUE (sink, event_id));
CREATE INDEX IF NOT EXISTS dead_letters_row ON dead_letters (sink, table_name, row_key);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    sink TEXT NOT NULL,
    filter TEXT NOT NULL,
    dry_run INTEGER NOT NULL,
    affected INTEGER NOT NULL,
    detail TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

const char *const kColumns =
    "id, sink, event_id, status, table_name, row_key, value, edited_value, error_class, "
    "sqlstate, message, held_behind, attempts, first_failed_at, dead_lettered_at, replay_count, "
    "last_replay_at, last_replay_error, source_lsn, source_txid";

using Statement = SqliteStatement;

DeadLetter readLetter(const Statement &row)
{
    DeadLetter letter;
    letter.id = row.integer(0);
    letter.sink = row.text(1);
    letter.eventId = row.text(2);
    letter.status = statusFromName(row.text(3)).value_or(DeadLetterStatus::Pending);
    letter.table = row.text(4);
    letter.key = row.text(5);
    letter.value = row.text(6);
    if (!row.isNull(7))
        letter.edited = row.text(7);
    letter.errorClass = row.text(8);
    letter.sqlstate = row.text(9);
    letter.message = row.text(10);
    if (!row.isNull(11))
        letter.heldBehind = row.integer(11);
    letter.attempts = int(row.integer(12));
    letter.firstFailedAt = row.text(13);
    letter.deadLetteredAt = row.text(14);
    letter.replayCount = int(row.integer(15));
    letter.lastReplayAt = row.text(16);
    letter.lastReplayError = row.text(17);
    letter.sourceLsn = row.text(18);
    letter.sourceTxid = std::uint32_t(row.integer(19));
    return letter;
}

// The WHERE clause for a filter, and its parameters in order.
std::pair<std::string, std::vector<std::string>> whereClause(const DeadLetterFilter &filter)
{
    std::string where = "1 = 1";
    std::vector<std::string> parameters;
    auto equals = [&](const char *column, const std::string &value) {
        if (value.empty())
            return;
        where += std::string(" AND ") + column + " = ?";
        parameters.push_back(value);
    };
    equals("sink", filter.sink);
    equals("table_name", filter.table);
    equals("error_class", filter.errorClass);
    if (!filter.since.empty()) {
        where += " AND dead_lettered_at >= ?";
        parameters.push_back(filter.since);
    }
    if (!filter.until.empty()) {
        where += " AND dead_lettered_at < ?";
        parameters.push_back(filter.until);
    }
    if (!filter.text.empty()) {
        where += " AND (instr(row_key, ?) > 0 OR instr(value, ?) > 0 OR instr(message, ?) > 0)";
        parameters.insert(parameters.end(), 3, filter.text);
    }
    if (!filter.statuses.empty()) {
        where += " AND status IN (";
        for (std::size_t i = 0; i < filter.statuses.size(); ++i) {
            where += i ? ", ?" : "?";
            parameters.push_back(statusName(filter.statuses[i]));
        }
        where += ')';
    }
    if (!filter.ids.empty()) {
        where += " AND id IN (";
        for (std::size_t i = 0; i < filter.ids.size(); ++i)
            where += (i ? ", " : "") + std::to_string(filter.ids[i]);
        where += ')';
    }
    return {where, parameters};
}

} // namespace

std::filesystem::path DeadLetterStore::fileIn(const std::filesystem::path &stateDir)
{
    return stateDir / "dead-letters.sqlite";
}

DeadLetterStore::DeadLetterStore(const std::filesystem::path &file)
    : m_db(std::make_unique<SqliteDatabase>(file, "dead-letter store", kSchema))
{}

DeadLetterStore::~DeadLetterStore() = default;

std::int64_t DeadLetterStore::add(const DeadLetter &letter)
{
    Statement insert(*m_db,
                     "INSERT INTO dead_letters (sink, event_id, status, table_name, row_key, "
                     "value, error_class, sqlstate, message, held_behind, attempts, "
                     "first_failed_at, dead_lettered_at, source_lsn, source_txid) VALUES (?, ?, "
                     "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sink, event_id) DO "
                     "NOTHING");
    insert.bind(letter.sink)
        .bind(letter.eventId)
        .bind(std::string(statusName(letter.status)))
        .bind(letter.table)
        .bind(letter.key)
        .bind(letter.value)
        .bind(letter.errorClass)
        .bind(letter.sqlstate)
        .bind(letter.message);
    if (letter.heldBehind)
        insert.bind(*letter.heldBehind);
    else
        insert.bindNull();
    insert.bind(std::int64_t(letter.attempts))
        .bind(letter.firstFailedAt)
        .bind(letter.deadLetteredAt)
        .bind(letter.sourceLsn)
        .bind(std::int64_t(letter.sourceTxid));
    insert.step();
    const auto id = findEvent(letter.sink, letter.eventId);
    if (!id)
        throw StoreError("dead-letter store: the dead letter just written is missing");
    return *id;
}

std::optional<std::int64_t> DeadLetterStore::findEvent(const std::string &sink,
                                                       const std::string &eventId) const
{
    Statement find(*m_db, "SELECT id FROM dead_letters WHERE sink = ? AND event_id = ?");
    find.bind(sink).bind(eventId);
    if (!find.step())
        return std::nullopt;
    return find.integer(0);
}

std::vector<DeadLetter> DeadLetterStore::list(const DeadLetterFilter &filter, int limit) const
{
    return listAfter(filter, 0, limit); // ids start at 1
}

std::vector<DeadLetter> DeadLetterStore::listAfter(const DeadLetterFilter &filter,
                                                   std::int64_t afterId, int limit) const
{
    const auto [where, parameters] = whereClause(filter);
    Statement select(*m_db, std::string("SELECT ") + kColumns + " FROM dead_letters WHERE " +
                                where + " AND id > " + std::to_string(afterId) +
                                " ORDER BY id LIMIT " + std::to_string(limit));
    for (const auto &parameter : parameters)
        select.bind(parameter);
    std::vector<DeadLetter> letters;
    while (select.step())
        letters.push_back(readLetter(select));
    return letters;
}

std::vector<std::string> DeadLetterStore::tables() const
{
    Statement select(*m_db, "SELECT DISTINCT table_name FROM dead_letters ORDER BY table_name");
    std::vector<std::string> names;
    while (select.step())
        names.push_back(select.text(0));
    return names;
}

std::optional<DeadLetter> DeadLetterStore::get(std::int64_t id) const
{
    DeadLetterFilter filter;
    filter.ids = {id};
    auto letters = list(filter, 1);
    if (letters.empty())
        return std::nullopt;
    return std::move(letters.front());
}

std::vector<DeadLetterStore::ClassCount>
DeadLetterStore::countByClass(const DeadLetterFilter &filter) const
{
    const auto [where, parameters] = whereClause(filter);
    Statement select(*m_db, "SELECT error_class, count(*) FROM dead_letters WHERE " + where +
                                " GROUP BY error_class ORDER BY count(*) DESC, error_class");
    for (const auto &parameter : parameters)
        select.bind(parameter);
    std::vector<ClassCount> counts;
    while (select.step())
        counts.push_back({select.text(0), int(select.integer(1))});
    return counts;
}

std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>>
DeadLetterStore::heldRows(const std::string &sink) const
{
    Statement select(*m_db, "SELECT table_name, row_key, min(id) FROM dead_letters WHERE sink = ? "
                            "AND status IN ('pending', 'held', 'quarantined') GROUP BY "
                            "table_name, row_key");
    select.bind(sink);
    std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>> rows;
    while (select.step())
        rows.push_back({{select.text(0), select.text(1)}, select.integer(2)});
    return rows;
}

std::vector<std::pair<std::string, std::int64_t>>
DeadLetterStore::quarantinedTables(const std::string &sink) const
{
    Statement select(*m_db, "SELECT table_name, min(id) FROM dead_letters WHERE sink = ? "
                            "AND error_class = 'schema_change' "
                            "AND status IN ('pending', 'held', 'quarantined') GROUP BY table_name");
    select.bind(sink);
    std::vector<std::pair<std::string, std::int64_t>> tables;
    while (select.step())
        tables.emplace_back(select.text(0), select.integer(1));
    return tables;
}

std::vector<DeadLetterStore::Quarantine> DeadLetterStore::quarantines() const
{
    Statement select(
        *m_db, "SELECT d.sink, d.table_name, d.first, l.message, d.held FROM ("
               "  SELECT sink, table_name, min(id) AS first, count(*) AS held "
               "  FROM dead_letters WHERE error_class = 'schema_change' "
               "  AND status IN ('pending', 'held', 'quarantined') GROUP BY sink, table_name) d "
               "JOIN dead_letters l ON l.id = d.first ORDER BY d.sink, d.table_name");
    std::vector<Quarantine> quarantines;
    while (select.step())
        quarantines.push_back({select.text(0), select.text(1), select.integer(2), select.text(3),
                               int(select.integer(4))});
    return quarantines;
}

std::optional<std::int64_t> DeadLetterStore::firstHolding(const std::string &sink,
                                                          const std::string &table,
                                                          const std::string &key) const
{
    Statement select(*m_db, "SELECT min(id) FROM dead_letters WHERE sink = ? AND table_name = ? "
                            "AND row_key = ? AND status IN ('pending', 'held', 'quarantined')");
    select.bind(sink).bind(table).bind(key);
    if (!select.step() || select.isNull(0))
        return std::nullopt;
    return select.integer(0);
}

std::int64_t DeadLetterStore::version() const
{
    Statement pragma(*m_db, "PRAGMA data_version");
    pragma.step();
    return pragma.integer(0);
}

void DeadLetterStore::setStatus(std::int64_t id, DeadLetterStatus status)
{
    Statement update(*m_db, "UPDATE dead_letters SET status = ? WHERE id = ?");
    update.bind(std::string(statusName(status))).bind(id);
    update.step();
}

void DeadLetterStore::setEdited(std::int64_t id, const std::string &value)
{
    Statement update(*m_db, "UPDATE dead_letters SET edited_value = ? WHERE id = ?");
    update.bind(value).bind(id);
    update.step();
}

void DeadLetterStore::recordReplay(std::int64_t id, DeadLetterStatus status, const std::string &at,
                                   const std::string &error)
{
    Statement update(*m_db, "UPDATE dead_letters SET status = ?, replay_count = replay_count + 1, "
                            "last_replay_at = ?, last_replay_error = ? WHERE id = ?");
    update.bind(std::string(statusName(status))).bind(at).bind(error).bind(id);
    update.step();
}

void DeadLetterStore::appendAudit(const AuditEntry &entry)
{
    Statement insert(*m_db, "INSERT INTO audit_log (at, actor, action, sink, filter, dry_run, "
                            "affected, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(entry.at)
        .bind(entry.actor)
        .bind(entry.action)
        .bind(entry.sink)
        .bind(entry.filter)
        .bind(std::int64_t(entry.dryRun))
        .bind(std::int64_t(entry.affected))
        .bind(entry.detail);
    insert.step();
}

std::vector<AuditEntry> DeadLetterStore::audit(int limit) const
{
    Statement select(*m_db, "SELECT id, at, actor, action, sink, filter, dry_run, affected, detail "
                            "FROM audit_log ORDER BY id LIMIT " +
                                std::to_string(limit));
    std::vector<AuditEntry> entries;
    while (select.step())
        entries.push_back({select.integer(0), select.text(1), select.text(2), select.text(3),
                           select.text(4), select.text(5), select.integer(6) != 0,
                           int(select.integer(7)), select.text(8)});
    return entries;
}

} // namespace syncline::dlq
