#pragma once

#include <stdexcept>
#include <string>

typedef struct pg_result PGresult;
typedef struct pg_conn PGconn;

namespace syncline::pg {

// How a failure should be handled: retried by reconnecting, or reported and stopped on.
enum class Severity
{
    Transient,
    Permanent
};

class Error : public std::runtime_error
{
public:
    Error(std::string message, std::string sqlstate, Severity severity);

    // From a failed result (uses its SQLSTATE) or, with a null result, the connection's state.
    static Error fromResult(const PGresult *result, PGconn *connection, const std::string &context);
    static Error connectionLost(const std::string &message);

    const std::string &sqlstate() const { return m_sqlstate; }
    Severity severity() const { return m_severity; }
    bool isTransient() const { return m_severity == Severity::Transient; }

private:
    std::string m_sqlstate;
    Severity m_severity;
};

// Connection trouble, server shutdown, serialization failures, deadlocks, lock timeouts,
// statement timeouts, "object in use" (e.g. a replication slot still held by a dying
// walsender) and a read-only server (a standby during a switchover) go away by themselves.
Severity classifySqlState(const std::string &sqlstate);

// The server or the connection is in trouble (no SQLSTATE, classes 08, 53, 57, 58), as opposed
// to a statement that failed: retried without limit, never blamed on a change.
bool isConnectionFailure(const std::string &sqlstate);

} // namespace syncline::pg
