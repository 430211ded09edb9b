#include "source/mysql/mysql_client.h"

#include "util/errors.h"

#include <mysql.h>

#include <memory>

namespace syncline::mysql {
namespace {

constexpr unsigned int kServerGone = 2006; // CR_SERVER_GONE_ERROR
constexpr unsigned int kServerLost = 2013; // CR_SERVER_LOST

// What the server says when it refuses the login or the database: retrying cannot help.
bool isRefusal(unsigned int code)
{
    switch (code) {
    case 1044: // ER_DBACCESS_DENIED_ERROR
    case 1045: // ER_ACCESS_DENIED_ERROR
    case 1049: // ER_BAD_DB_ERROR
    case 1251: // ER_NOT_SUPPORTED_AUTH_MODE
    case 1698: // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
        return true;
    default:
        return false;
    }
}

// Statements shortened for messages: a SELECT of many columns need not be quoted whole.
std::string shortened(const std::string &sql)
{
    return sql.size() <= 200 ? sql : sql.substr(0, 200) + "...";
}

struct ResultDeleter
{
    // For a result of mysql_use_result, this also reads the rows not fetched.
    void operator()(MYSQL_RES *result) const { mysql_free_result(result); }
};
using Result = std::unique_ptr<MYSQL_RES, ResultDeleter>;

Client::ResultRow rowOf(MYSQL_RES *result, MYSQL_ROW row)
{
    const unsigned int count = mysql_num_fields(result);
    const unsigned long *lengths = mysql_fetch_lengths(result);
    Client::ResultRow values(count);
    for (unsigned int i = 0; i < count; ++i)
        if (row[i])
            values[i].emplace(row[i], lengths[i]);
    return values;
}

} // namespace

Client::Client(const MysqlDsn &dsn) : m_dsn(dsn)
{
    m_mysql = mysql_init(nullptr);
    if (!m_mysql)
        throw TransientError("out of memory for a MySQL connection");
    const unsigned int connectTimeout = 10;
    const unsigned int ioTimeout = 120; // one row of a large copy, or one catalog query
    mysql_optionsv(m_mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout);
    mysql_optionsv(m_mysql, MYSQL_OPT_READ_TIMEOUT, &ioTimeout);
    mysql_optionsv(m_mysql, MYSQL_OPT_WRITE_TIMEOUT, &ioTimeout);
    mysql_optionsv(m_mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    const char *database = dsn.database.empty() ? nullptr : dsn.database.c_str();
    if (mysql_real_connect(m_mysql, dsn.host.c_str(), dsn.user.c_str(), dsn.password.c_str(),
                           database, dsn.port, nullptr, 0))
        return;
    const unsigned int code = mysql_errno(m_mysql);
    const std::string message = "cannot connect to MySQL/MariaDB at " + dsn.host + ':' +
                                std::to_string(dsn.port) + " as " + dsn.user + ": " +
                                mysql_error(m_mysql);
    mysql_close(m_mysql);
    m_mysql = nullptr;
    if (isRefusal(code))
        throw PermanentError(message);
    throw TransientError(message);
}

Client::~Client()
{
    if (m_mysql)
        mysql_close(m_mysql);
}

void Client::fail(const std::string &sql)
{
    const unsigned int code = mysql_errno(m_mysql);
    const std::string message = "MySQL/MariaDB at " + m_dsn.host + ':' +
                                std::to_string(m_dsn.port) + ": " + mysql_error(m_mysql) +
                                " (error " + std::to_string(code) + ", in: " + shortened(sql) + ")";
    if (code == kServerGone || code == kServerLost)
        throw TransientError(message);
    throw PermanentError(message);
}

void Client::send(const std::string &sql)
{
    if (mysql_real_query(m_mysql, sql.data(), sql.size()) != 0)
        fail(sql);
}

void Client::exec(const std::string &sql)
{
    send(sql);
    // A statement that returns rows (SHOW, SELECT) still has to be read to the end.
    Result result(mysql_store_result(m_mysql));
    if (!result && mysql_field_count(m_mysql) != 0)
        fail(sql);
}

std::vector<Client::ResultRow> Client::query(const std::string &sql)
{
    send(sql);
    Result result(mysql_store_result(m_mysql));
    if (!result) {
        if (mysql_field_count(m_mysql) != 0)
            fail(sql);
        return {};
    }
    std::vector<ResultRow> rows;
    rows.reserve(std::size_t(mysql_num_rows(result.get())));
    while (MYSQL_ROW row = mysql_fetch_row(result.get()))
        rows.push_back(rowOf(result.get(), row));
    return rows;
}

std::optional<std::string> Client::queryValue(const std::string &sql)
{
    const auto rows = query(sql);
    if (rows.empty() || rows.front().empty())
        return std::nullopt;
    return rows.front().front();
}

void Client::forEachRow(const std::string &sql, const std::function<void(const ResultRow &)> &row)
{
    send(sql);
    Result result(mysql_use_result(m_mysql));
    if (!result) {
        if (mysql_field_count(m_mysql) != 0)
            fail(sql);
        return;
    }
    while (MYSQL_ROW values = mysql_fetch_row(result.get()))
        row(rowOf(result.get(), values));
    // mysql_fetch_row returns nullptr at the end and on a failure, which only errno tells.
    if (mysql_errno(m_mysql) != 0)
        fail(sql);
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
