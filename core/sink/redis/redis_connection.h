#pragma once

#include "sink/redis/redis_socket.h"
#include "sink/redis/redis_url.h"

#include <memory>
#include <string>
#include <vector>

struct redisReader;
struct redisReply;

namespace syncline {
class TransientError;
}

namespace syncline::redis {

struct ReplyFree
{
    void operator()(redisReply *reply) const;
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

// One connection to Redis, over TLS for rediss://, authenticated (AUTH) and on its database
// (SELECT); hiredis formats the commands and reads the replies. Lost connections throw
// TransientError (the pipeline retries with backoff); a refused password, a server that wants
// one and TLS that cannot work throw PermanentError with what to do. Messages never quote the
// password.
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

    // The longest key or value the server reads (proto-max-bulk-len): a longer one breaks the
    // connection. Redis's default (512 MiB) when CONFIG is refused or renamed, as managed
    // services do.
    std::size_t maxBulkBytes();

private:
    Connection(Socket socket, std::string who, std::string where);
    void flush();
    std::size_t readSome(char *buffer, std::size_t capacity);
    // Rethrows a lost connection's error, with a hint when no reply ever came.
    [[noreturn]] void unanswered(const TransientError &error) const;

    struct ReaderFree
    {
        void operator()(redisReader *reader) const;
    };

    Socket m_socket;
    std::unique_ptr<redisReader, ReaderFree> m_reader;
    std::string m_pending; // commands appended and not yet sent
    bool m_answered = false;
    std::string m_who;
    std::string m_where;
};

// An error reply's text, or "" when the reply is not an error.
std::string errorOf(const redisReply &reply);
// Whether Redis may take later what it refused with `error` (OOM, BUSY, LOADING, ...).
bool isTransientError(const std::string &error);

} // namespace syncline::redis
