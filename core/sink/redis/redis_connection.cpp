#include "sink/redis/redis_connection.h"

#include "util/errors.h"

#include <hiredis/hiredis.h>

#include <utility>

namespace syncline::redis {

namespace {

std::vector<const char *> pointers(const std::vector<std::string> &arguments,
                                   std::vector<std::size_t> &lengths)
{
    std::vector<const char *> argv;
    lengths.clear();
    for (const auto &argument : arguments) {
        argv.push_back(argument.data());
        lengths.push_back(argument.size());
    }
    return argv;
}

} // namespace

void ReplyFree::operator()(redisReply *reply) const
{
    freeReplyObject(reply);
}

std::string errorOf(const redisReply &reply)
{
    return reply.type == REDIS_REPLY_ERROR ? std::string(reply.str, reply.len) : std::string();
}

bool isTransientError(const std::string &error)
{
    for (const char *prefix : {"OOM", "BUSY", "LOADING", "READONLY", "MASTERDOWN", "TRYAGAIN"})
        if (error.rfind(prefix, 0) == 0)
            return true;
    return false;
}

Connection::Connection(redisContext *context, std::string who, std::string where)
    : m_context(context), m_who(std::move(who)), m_where(std::move(where))
{}

Connection::Connection(Connection &&other) noexcept
    : m_context(std::exchange(other.m_context, nullptr)), m_who(std::move(other.m_who)),
      m_where(std::move(other.m_where))
{}

Connection &Connection::operator=(Connection &&other) noexcept
{
    std::swap(m_context, other.m_context);
    m_who = std::move(other.m_who);
    m_where = std::move(other.m_where);
    return *this;
}

Connection::~Connection()
{
    if (m_context)
        redisFree(m_context);
}

std::string Connection::describe(const std::string &what) const
{
    return m_who + ": " + m_where + ": " + what;
}

void Connection::lost() const
{
    const std::string why = m_context && m_context->err ? m_context->errstr : "connection lost";
    throw TransientError(describe(why));
}

Connection Connection::open(const RedisUrl &url, std::string who)
{
    const timeval timeout{10, 0};
    redisContext *context = redisConnectWithTimeout(url.host.c_str(), url.port, timeout);
    Connection connection(context, std::move(who), url.describe());
    if (!context || context->err)
        connection.lost();
    redisSetTimeout(context, timeval{60, 0});
    if (!url.password.empty()) {
        std::vector<std::string> auth{"AUTH"};
        if (!url.user.empty())
            auth.push_back(url.user);
        auth.push_back(url.password);
        const Reply reply = connection.command(auth);
        if (const std::string error = errorOf(*reply); !error.empty())
            throw PermanentError(connection.describe("Redis refused the password (" + error +
                                                     "); check the url's user and password"));
    }
    const Reply pong = connection.command({"PING"});
    if (const std::string error = errorOf(*pong); !error.empty()) {
        const bool wantsPassword = error.rfind("NOAUTH", 0) == 0;
        throw PermanentError(
            connection.describe(wantsPassword ? "Redis requires a password: give it in the url, as "
                                                "redis://:${REDIS_PASSWORD}@host:port/db"
                                              : "PING failed: " + error));
    }
    if (url.database != 0) {
        const Reply selected = connection.command({"SELECT", std::to_string(url.database)});
        if (const std::string error = errorOf(*selected); !error.empty())
            throw PermanentError(connection.describe("cannot select database " +
                                                     std::to_string(url.database) + ": " + error));
    }
    return connection;
}

Reply Connection::command(const std::vector<std::string> &arguments)
{
    append(arguments);
    return read();
}

void Connection::append(const std::vector<std::string> &arguments)
{
    std::vector<std::size_t> lengths;
    auto argv = pointers(arguments, lengths);
    if (redisAppendCommandArgv(m_context, int(argv.size()), argv.data(), lengths.data()) !=
        REDIS_OK)
        lost();
}

void Connection::append(const std::vector<const char *> &pointers,
                        const std::vector<std::size_t> &lengths)
{
    if (redisAppendCommandArgv(m_context, int(pointers.size()),
                               const_cast<const char **>(pointers.data()),
                               lengths.data()) != REDIS_OK)
        lost();
}

void Connection::appendFormatted(const std::string &commands)
{
    if (redisAppendFormattedCommand(m_context, commands.data(), commands.size()) != REDIS_OK)
        lost();
}

Reply Connection::read()
{
    void *reply = nullptr;
    if (redisGetReply(m_context, &reply) != REDIS_OK || !reply)
        lost();
    return Reply(static_cast<redisReply *>(reply));
}

} // namespace syncline::redis
