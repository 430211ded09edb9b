#pragma once

#include "sink/redis/redis_url.h"

#include <memory>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace syncline::redis {

struct ReplyFree
{
    void operator()(redisReply *reply) const;
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

// One hiredis connection, authenticated (AUTH) and on its database (SELECT). Lost connections
// throw TransientError (the pipeline retries with backoff); a refused password or a server
// that wants one throws PermanentError with what to do. Messages never quote the password.
class Connection
{
public:
    // `who` starts every message: "sink cache".
    static Connection open(const RedisUrl &url, std::string who);
    Connection(Connection &&) noexcept;
    Connection &operator=(Connection &&) noexcept;
    ~Connection();

    // Sends one command and reads its reply, which may be an error reply.
    Reply command(const std::vector<std::string> &arguments);
    // Pipelining: append() several commands, then read() their replies in order.
    void append(const std::vector<std::string> &arguments);
    void append(const std::vector<const char *> &pointers, const std::vector<std::size_t> &lengths);
    // Commands already in Redis's protocol, one or more.
    void appendFormatted(const std::string &commands);
    Reply read();

    // "sink cache: redis://127.0.0.1:6379/0: <what>"
    std::string describe(const std::string &what) const;

private:
    Connection(redisContext *context, std::string who, std::string where);
    [[noreturn]] void lost() const;

    redisContext *m_context = nullptr;
    std::string m_who;
    std::string m_where;
};

// An error reply's text, or "" when the reply is not an error.
std::string errorOf(const redisReply &reply);
// Whether Redis may take later what it refused with `error` (OOM, BUSY, LOADING, ...).
bool isTransientError(const std::string &error);

} // namespace syncline::redis
