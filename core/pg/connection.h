#pragma once

#include "pg/error.h"

#include <memory>
#include <string>
#include <vector>

namespace syncline::pg {

struct ResultDeleter
{
    void operator()(PGresult *result) const;
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// One libpq connection. Every failing call throws pg::Error with a classified severity and a
// message that never contains the password.
class Connection
{
public:
    enum class Mode
    {
        Normal,
        Replication
    };

    Connection() = default;
    Connection(Connection &&other) noexcept;
    Connection &operator=(Connection &&other) noexcept;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    ~Connection();

    static Connection open(const std::string &conninfo, Mode mode = Mode::Normal,
                           const std::string &applicationName = "syncline");

    PGconn *handle() const { return m_conn; }
    bool isOpen() const { return m_conn != nullptr; }
    void close();

    // Runs one or more statements; returns the last result (tuples or command OK).
    Result exec(const std::string &sql);
    Result execParams(const std::string &sql, const std::vector<std::string> &params);
    // First column of the first row, or "" when there is no row or it is NULL.
    std::string queryValue(const std::string &sql);
    std::string queryValue(const std::string &sql, const std::vector<std::string> &params);

    int serverVersion() const;

private:
    explicit Connection(PGconn *conn) : m_conn(conn) {}
    Result checked(PGresult *raw, const std::string &sql);

    PGconn *m_conn = nullptr;
};

std::string resultValue(const PGresult *result, int row, int column);
bool resultIsNull(const PGresult *result, int row, int column);

} // namespace syncline::pg
