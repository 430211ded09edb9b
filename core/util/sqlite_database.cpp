#include "util/sqlite_database.h"

#include <sqlite3.h>

namespace syncline {

SqliteDatabase::SqliteDatabase(const std::filesystem::path &file, std::string purpose,
                               const char *schemaSql)
    : m_purpose(std::move(purpose))
{
    std::filesystem::create_directories(file.parent_path());
    if (sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        const int code = m_db ? sqlite3_extended_errcode(m_db) : SQLITE_NOMEM;
        sqlite3_close(m_db);
        throw SqliteError("cannot open " + m_purpose + ' ' + file.string() + ": " + message, code);
    }
    sqlite3_busy_timeout(m_db, 10000);
    try {
        execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        execute(schemaSql);
    } catch (...) {
        sqlite3_close(m_db);
        throw;
    }
}

static bool isTransientCode(int code)
{
    switch (code & 0xff) { // the primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
        return true;
    default:
        return false;
    }
}

SqliteError::SqliteError(const std::string &message, int code)
    : std::runtime_error(message), m_transient(isTransientCode(code))
{}

SqliteDatabase::~SqliteDatabase()
{
    sqlite3_close(m_db);
}

void SqliteDatabase::execute(const char *sql)
{
    char *error = nullptr;
    if (const int code = sqlite3_exec(m_db, sql, nullptr, nullptr, &error); code != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw SqliteError(m_purpose + ": " + message, code);
    }
}

void SqliteDatabase::fail(const char *what) const
{
    throw SqliteError(m_purpose + ": " + what + ": " + sqlite3_errmsg(m_db),
                      sqlite3_extended_errcode(m_db));
}

SqliteStatement::SqliteStatement(SqliteDatabase &db, const std::string &sql) : m_db(db)
{
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
        m_db.fail("prepare");
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

SqliteStatement &SqliteStatement::bind(const std::string &text)
{
    check(sqlite3_bind_text(m_stmt, ++m_bound, text.data(), int(text.size()), SQLITE_TRANSIENT));
    return *this;
}

SqliteStatement &SqliteStatement::bind(std::int64_t number)
{
    check(sqlite3_bind_int64(m_stmt, ++m_bound, number));
    return *this;
}

SqliteStatement &SqliteStatement::bindNull()
{
    check(sqlite3_bind_null(m_stmt, ++m_bound));
    return *this;
}

bool SqliteStatement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_db.fail("step");
    return false;
}

std::string SqliteStatement::text(int column) const
{
    const auto *data = sqlite3_column_text(m_stmt, column);
    return data ? std::string(reinterpret_cast<const char *>(data),
                              std::size_t(sqlite3_column_bytes(m_stmt, column)))
                : std::string();
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

void SqliteStatement::check(int rc)
{
    if (rc != SQLITE_OK)
        m_db.fail("bind");
}

} // namespace syncline
