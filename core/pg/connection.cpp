#include "pg/connection.h"

#include "pg/conninfo.h"
#include "util/log.h"

#include <libpq-fe.h>

#include <string_view>
#include <utility>

namespace syncline::pg {

void ResultDeleter::operator()(PGresult *result) const
{
    PQclear(result);
}

Connection::Connection(Connection &&other) noexcept : m_conn(std::exchange(other.m_conn, nullptr))
{}

Connection &Connection::operator=(Connection &&other) noexcept
{
    if (this != &other) {
        close();
        m_conn = std::exchange(other.m_conn, nullptr);
    }
    return *this;
}

Connection::~Connection()
{
    close();
}

void Connection::close()
{
    if (m_conn)
        PQfinish(std::exchange(m_conn, nullptr));
}

// The settings that change a value's text. Values are read under them on the source (the
// walsender's output functions, COPY) and parsed under them on the target, so a value arrives
// the same whatever either server's defaults are: PostgreSQL's own walreceiver pins the first
// three for the same reason. client_encoding=UTF8 makes the server convert text from (and to)
// its database encoding.
constexpr const char *kPinnedSettings =
    "-c datestyle=ISO,MDY -c intervalstyle=postgres -c extra_float_digits=3 -c timezone=UTC "
    "-c bytea_output=hex -c lc_monetary=C -c xmloption=content";

// Server notices ("relation already exists, skipping") are routine: keep them out of the
// terminal unless debugging.
static void logNotice(void *, const char *message)
{
    std::string text = message;
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    log::debug("postgres", text);
}

Connection Connection::open(const std::string &conninfo, Mode mode,
                            const std::string &applicationName)
{
    // libpq quotes the offending part of a malformed conninfo in its message, which may be a
    // password: say only that it is malformed.
    char *parseError = nullptr;
    PQconninfoOption *parsed = PQconninfoParse(conninfo.c_str(), &parseError);
    PQfreemem(parseError);
    if (!parsed)
        throw Error("the connection string is malformed (libpq cannot parse it)", "08P01",
                    Severity::Permanent);
    std::string options;
    for (const PQconninfoOption *option = parsed; option->keyword; ++option)
        if (std::string_view(option->keyword) == "options" && option->val)
            options = option->val;
    PQconninfoFree(parsed);
    options += (options.empty() ? "" : " ") + std::string(kPinnedSettings);
    // Our defaults come first so the user's conninfo (expanded from "dbname") overrides them;
    // "replication" comes last because the replication protocol needs it.
    std::vector<const char *> keywords = {"application_name", "connect_timeout",
                                          "keepalives_idle",  "keepalives_interval",
                                          "keepalives_count", "dbname"};
    std::vector<const char *> values = {applicationName.c_str(), "10", "10", "5", "3",
                                        conninfo.c_str()};
    // After the user's conninfo, so the pinned settings always win (the user's own options
    // are kept, ours appended).
    keywords.insert(keywords.end(), {"options", "client_encoding"});
    values.insert(values.end(), {options.c_str(), "UTF8"});
    if (mode == Mode::Replication) {
        keywords.push_back("replication");
        values.push_back("database");
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    PGconn *conn = PQconnectdbParams(keywords.data(), values.data(), 1);
    if (!conn)
        throw Error::connectionLost("out of memory while connecting");
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string reason = PQerrorMessage(conn);
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' '))
            reason.pop_back();
        // libpq continues its message on indented lines; keep log lines whole.
        for (std::size_t at; (at = reason.find("\n\t")) != std::string::npos;)
            reason.replace(at, 2, " ");
        PQfinish(conn);
        throw Error::connectionLost("cannot connect to " + redactConnInfo(conninfo) + ": " +
                                    reason);
    }
    PQsetNoticeProcessor(conn, logNotice, nullptr);
    return Connection(conn);
}

Result Connection::checked(PGresult *raw, const std::string &sql)
{
    Result result(raw);
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_OUT ||
        status == PGRES_COPY_IN || status == PGRES_COPY_BOTH)
        return result;
    std::string context = sql.substr(0, 120);
    if (sql.size() > 120)
        context += "...";
    throw Error::fromResult(result.get(), m_conn, context);
}

Result Connection::exec(const std::string &sql)
{
    return checked(PQexec(m_conn, sql.c_str()), sql);
}

Result Connection::execParams(const std::string &sql, const std::vector<std::string> &params)
{
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const auto &param : params)
        values.push_back(param.c_str());
    return checked(PQexecParams(m_conn, sql.c_str(), int(values.size()), nullptr, values.data(),
                                nullptr, nullptr, 0),
                   sql);
}

std::string Connection::queryValue(const std::string &sql)
{
    return resultValue(exec(sql).get(), 0, 0);
}

std::string Connection::queryValue(const std::string &sql, const std::vector<std::string> &params)
{
    return resultValue(execParams(sql, params).get(), 0, 0);
}

int Connection::serverVersion() const
{
    return PQserverVersion(m_conn);
}

std::string resultValue(const PGresult *result, int row, int column)
{
    if (!result || row >= PQntuples(result) || column >= PQnfields(result) ||
        PQgetisnull(result, row, column))
        return {};
    return std::string(PQgetvalue(result, row, column), PQgetlength(result, row, column));
}

bool resultIsNull(const PGresult *result, int row, int column)
{
    return PQgetisnull(result, row, column);
}

} // namespace syncline::pg
