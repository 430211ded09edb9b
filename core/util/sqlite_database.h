#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace syncline {

class SqliteError : public std::runtime_error
{
public:
    // `code` is SQLite's (extended) result code; 0 where there is none.
    explicit SqliteError(const std::string &message, int code = 0);

    // Busy or locked (another process), disk full, I/O error, out of memory: conditions that
    // pass, so the pipeline retries with backoff instead of stopping.
    bool isTransient() const { return m_transient; }

private:
    bool m_transient;
};

// A local SQLite file in WAL mode with synchronous=FULL: every write is durable when it returns,
// and other processes (the CLI, the console) may read and write it at the same time.
class SqliteDatabase
{
public:
    // `purpose` names the store in errors ("dead-letter store"); `schemaSql` runs on open.
    SqliteDatabase(const std::filesystem::path &file, std::string purpose, const char *schemaSql);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    void execute(const char *sql);
    [[noreturn]] void fail(const char *what) const;
    sqlite3 *handle() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
    std::string m_purpose;
};

// One prepared statement; binds by position from 1, steps, finalizes itself.
class SqliteStatement
{
public:
    SqliteStatement(SqliteDatabase &db, const std::string &sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    SqliteStatement &bind(const std::string &text);
    SqliteStatement &bind(const std::optional<std::string> &text)
    {
        return text ? bind(*text) : bindNull();
    }
    SqliteStatement &bind(std::int64_t number);
    SqliteStatement &bindNull();
    // True while there is a row to read.
    bool step();
    std::string text(int column) const;
    bool isNull(int column) const;
    std::int64_t integer(int column) const;

private:
    void check(int rc);

    SqliteDatabase &m_db;
    sqlite3_stmt *m_stmt = nullptr;
    int m_bound = 0;
};

} // namespace syncline
