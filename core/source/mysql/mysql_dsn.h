#pragma once

#include <string>

namespace syncline::mysql {

// Where a MySQL or MariaDB server is and how to log in: "host=127.0.0.1 port=3306 user=repl
// password=secret database=shop", written like a libpq conninfo (values with spaces in single
// quotes, \' and \\ inside them). Unknown keywords are refused, so a typo is not ignored.
struct MysqlDsn
{
    std::string host = "127.0.0.1";
    unsigned port = 3306;
    std::string user;
    std::string password;
    std::string database; // may be empty

    // Throws PermanentError naming what is wrong (never echoing the password).
    static MysqlDsn parse(const std::string &text);
    // The DSN without the password, for logs.
    std::string redacted() const;
};

} // namespace syncline::mysql
