#pragma once

#include "source/mysql/mysql_dsn.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

typedef struct st_mysql MYSQL;

namespace syncline::mysql {

// An ordinary (not replication) connection to a MySQL or MariaDB server, in utf8mb4, for
// catalog queries and snapshot reads. Results are binary-safe: values keep their lengths.
class Client
{
public:
    // Connects. Throws TransientError naming host:port when the server cannot be reached,
    // PermanentError when it refuses the account or the database. Messages never hold the
    // password.
    explicit Client(const MysqlDsn &dsn);
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    using ResultRow = std::vector<std::optional<std::string>>; // NULL: nullopt

    // Each throws with the server's message: TransientError when the connection is lost
    // (2006, 2013), PermanentError otherwise.
    void exec(const std::string &sql);
    std::vector<ResultRow> query(const std::string &sql);
    // The first column of the first row; nullopt when it is NULL or there is no row.
    std::optional<std::string> queryValue(const std::string &sql);
    // Streams a result row by row (mysql_use_result) without holding it. A callback that
    // throws ends the statement (the rest of the rows are read and dropped).
    void forEachRow(const std::string &sql, const std::function<void(const ResultRow &)> &row);

    // A quoted string literal: 'text', escaped for the connection's character set.
    std::string literal(const std::string &text);
    // A quoted identifier: `name`, with ` doubled.
    static std::string identifier(const std::string &name);

    MYSQL *handle() { return m_mysql; }
    const MysqlDsn &dsn() const { return m_dsn; }

private:
    [[noreturn]] void fail(const std::string &sql);
    void send(const std::string &sql);

    MysqlDsn m_dsn;
    MYSQL *m_mysql = nullptr;
};

} // namespace syncline::mysql
