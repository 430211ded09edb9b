#pragma once

#include "source/mysql/mysql_dsn.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

typedef struct st_mysql MYSQL;

namespace syncline::mysql {

// One ordinary connection to a MySQL or MariaDB server (Connector/C), in utf8mb4. Errors are
// thrown as TransientError when retrying may help (unreachable, lost, too many connections)
// and PermanentError otherwise (access denied, unknown database, bad SQL). Messages name the
// server without its password.
class Client
{
public:
    explicit Client(const MysqlDsn &dsn);
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    using ResultRow = std::vector<std::optional<std::string>>; // NULL: nullopt; bytes as sent

    void exec(const std::string &sql);
    std::vector<ResultRow> query(const std::string &sql);
    // The first column of the first row; nullopt without a row or for NULL.
    std::optional<std::string> queryValue(const std::string &sql);
    // Streams the rows of a large result one by one, without holding them.
    void forEachRow(const std::string &sql, const std::function<void(const ResultRow &)> &row);

    std::string literal(const std::string &text); // 'it''s', escaped by the server's rules
    static std::string identifier(const std::string &name); // `name`, backquotes doubled

    const MysqlDsn &dsn() const { return m_dsn; }

private:
    [[noreturn]] void fail(const std::string &what);
    void run(const std::string &sql);

    MysqlDsn m_dsn;
    MYSQL *m_mysql = nullptr;
};

} // namespace syncline::mysql
