#include "pg/error.h"

#include <libpq-fe.h>

namespace syncline::pg {

Error::Error(std::string message, std::string sqlstate, Severity severity)
    : std::runtime_error(std::move(message)), m_sqlstate(std::move(sqlstate)), m_severity(severity)
{}

static std::string trimmed(const char *text)
{
    std::string out = text ? text : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

Error Error::fromResult(const PGresult *result, PGconn *connection, const std::string &context)
{
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = trimmed(result ? PQresultErrorMessage(result) : nullptr);
    if (message.empty() && connection)
        message = trimmed(PQerrorMessage(connection));
    if (!context.empty())
        message = context + ": " + message;
    const bool connectionBroken = connection && PQstatus(connection) == CONNECTION_BAD;
    if (!state || connectionBroken)
        return Error(message, state ? state : "", Severity::Transient);
    return Error(message, state, classifySqlState(state));
}

Error Error::connectionLost(const std::string &message)
{
    return Error(message, "08006", Severity::Transient);
}

bool isConnectionFailure(const std::string &sqlstate)
{
    if (sqlstate.size() != 5)
        return true;
    const std::string cls = sqlstate.substr(0, 2);
    return cls == "08" || cls == "53" || cls == "57" || cls == "58";
}

Severity classifySqlState(const std::string &sqlstate)
{
    if (isConnectionFailure(sqlstate))
        return Severity::Transient;
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55006" || sqlstate == "55P03" ||
        sqlstate == "25006")
        return Severity::Transient;
    return Severity::Permanent;
}

} // namespace syncline::pg
