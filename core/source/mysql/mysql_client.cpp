#include "source/mysql/mysql_client.h"

#include "util/errors.h"

#include <mysql.h>

namespace syncline::mysql {
namespace {

// Connector/C's client errors, and the server's that pass.
bool isTransient(unsigned int code)
{
    switch (code) {
    case 2002: // CR_CONNECTION_ERROR
    case 2003: // CR_CONN_HOST_ERROR
    case 2006: // CR_SERVER_GONE_ERROR
    case 2013: // CR_SERVER_LOST
    case 1040: // ER_CON_COUNT_ERROR
    case 1205: // ER_LOCK_WAIT_TIMEOUT
    case 1213: // ER_LOCK_DEADLOCK
        return true;
    default:
        return false;
    }
}

Client::ResultRow rowOf(MYSQL_RES *result, MYSQL_ROW row)
{
    const unsigned int columns = mysql_num_fields(result);
    const unsigned long *lengths = mysql_fetch_lengths(result);
    Client::ResultRow values(columns);
    for (unsigned int i = 0; i < columns; ++i)
        if (row[i])
            values[i] = std::string(row[i], lengths[i]);
    return values;
}

} // namespace

Client::Client(const MysqlDsn &dsn) : m_dsn(dsn)
{
    m_mysql = mysql_init(nullptr);
    if (!m_mysql)
        throw TransientError("out of memory for a MariaDB connection");
    const unsigned int connectTimeout = 10;
    mysql_optionsv(m_mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout);
    mysql_optionsv(m_mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    const char *database = m_dsn.database.empty() ? nullptr : m_dsn.database.c_str();
    if (!mysql_real_connect(m_mysql, m_dsn.host.c_str(), m_dsn.user.c_str(), m_dsn.password.c_str(),
                            database, m_dsn.port, nullptr, 0))
        fail("cannot connect");
}

Client::~Client()
{
    if (m_mysql)
        mysql_close(m_mysql);
}

void Client::fail(const std::string &what)
{
    const unsigned int code = mysql_errno(m_mysql);
    const std::string message = what + " (" + m_dsn.redacted() + "): " + mysql_error(m_mysql);
    if (isTransient(code))
        throw TransientError(message);
    throw PermanentError(message);
}

void Client::run(const std::string &sql)
{
    if (mysql_real_query(m_mysql, sql.data(), sql.size()) != 0)
        fail("query failed");
}

void Client::exec(const std::string &sql)
{
    run(sql);
    // Statements that return rows anyway (SHOW, SELECT) must have them read.
    do {
        if (MYSQL_RES *result = mysql_store_result(m_mysql))
            mysql_free_result(result);
    } while (mysql_next_result(m_mysql) == 0);
}

std::vector<Client::ResultRow> Client::query(const std::string &sql)
{
    run(sql);
    MYSQL_RES *result = mysql_store_result(m_mysql);
    if (!result) {
        if (mysql_field_count(m_mysql) != 0)
            fail("cannot read the result");
        return {};
    }
    std::vector<ResultRow> rows;
    while (MYSQL_ROW row = mysql_fetch_row(result))
        rows.push_back(rowOf(result, row));
    mysql_free_result(result);
    return rows;
}

std::optional<std::string> Client::queryValue(const std::string &sql)
{
    const auto rows = query(sql);
    if (rows.empty() || rows.front().empty())
        return std::nullopt;
    return rows.front().front();
}

void Client::forEachRow(const std::string &sql,
                        const std::function<void(const ResultRow &)> &consume)
{
    run(sql);
    MYSQL_RES *result = mysql_use_result(m_mysql);
    if (!result)
        fail("cannot read the result");
    try {
        while (MYSQL_ROW row = mysql_fetch_row(result))
            consume(rowOf(result, row));
    } catch (...) {
        mysql_free_result(result); // reads what is left of the result
        throw;
    }
    const bool failed = mysql_errno(m_mysql) != 0;
    mysql_free_result(result);
    if (failed)
        fail("reading the result failed");
}

std::string Client::literal(const std::string &text)
{
    std::string escaped(text.size() * 2 + 1, '\0');
    const unsigned long length =
        mysql_real_escape_string(m_mysql, escaped.data(), text.data(), text.size());
    escaped.resize(length);
    return '\'' + escaped + '\'';
}

std::string Client::identifier(const std::string &name)
{
    std::string quoted = "`";
    for (const char c : name) {
        quoted += c;
        if (c == '`')
            quoted += '`';
    }
    return quoted + '`';
}

} // namespace syncline::mysql
