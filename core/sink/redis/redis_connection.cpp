#include "sink/redis/redis_connection.h"

#include "util/errors.h"

#include <hiredis/hiredis.h>

#include <cstdlib>
#include <utility>

namespace syncline::redis {

namespace {

constexpr int kConnectTimeoutSeconds = 10;
constexpr int kReplyTimeoutSeconds = 60;

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

void Connection::ReaderFree::operator()(redisReader *reader) const
{
    redisReaderFree(reader);
}

Connection::Connection(Socket socket, std::string who, std::string where)
    : m_socket(std::move(socket)), m_reader(redisReaderCreate()), m_who(std::move(who)),
      m_where(std::move(where))
{}

Connection::Connection(Connection &&other) noexcept = default;
Connection &Connection::operator=(Connection &&other) noexcept = default;
Connection::~Connection() = default;

std::string Connection::describe(const std::string &what) const
{
    return m_who + ": " + m_where + ": " + what;
}

Connection Connection::open(const RedisUrl &url, std::string who)
{
    const std::string where = url.describe();
    Socket socket = Socket::connect(url, who + ": " + where + ": ", kConnectTimeoutSeconds);
    socket.setTimeout(kReplyTimeoutSeconds);
    Connection connection(std::move(socket), std::move(who), where);
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

std::size_t Connection::maxBulkBytes()
{
    constexpr std::size_t redisDefault = std::size_t(512) << 20;
    const Reply reply = command({"CONFIG", "GET", "proto-max-bulk-len"});
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[1]->type != REDIS_REPLY_STRING)
        return redisDefault;
    const std::string value(reply->element[1]->str, reply->element[1]->len);
    char *end = nullptr;
    const unsigned long long bytes = std::strtoull(value.c_str(), &end, 10);
    return *end || bytes == 0 ? redisDefault : std::size_t(bytes);
}

Reply Connection::command(const std::vector<std::string> &arguments)
{
    append(arguments);
    return read();
}

void Connection::append(const std::vector<std::string> &arguments)
{
    std::vector<std::size_t> lengths;
    append(pointers(arguments, lengths), lengths);
}

void Connection::append(const std::vector<const char *> &pointers,
                        const std::vector<std::size_t> &lengths)
{
    char *command = nullptr;
    const int length = redisFormatCommandArgv(
        &command, int(pointers.size()), const_cast<const char **>(pointers.data()), lengths.data());
    if (length < 0)
        throw std::bad_alloc();
    m_pending.append(command, std::size_t(length));
    redisFreeCommand(command);
}

void Connection::appendFormatted(const std::string &commands)
{
    m_pending += commands;
}

void Connection::flush()
{
    if (m_pending.empty())
        return;
    try {
        m_socket.write(m_pending.data(), m_pending.size());
    } catch (const TransientError &error) {
        unanswered(error);
    }
    m_pending.clear();
}

std::size_t Connection::readSome(char *buffer, std::size_t capacity)
{
    try {
        return m_socket.read(buffer, capacity);
    } catch (const TransientError &error) {
        unanswered(error);
    }
}

void Connection::unanswered(const TransientError &error) const
{
    // A TLS port resets a connection that speaks plain RESP.
    if (!m_answered && m_where.rfind("redis://", 0) == 0)
        throw TransientError(std::string(error.what()) +
                             " (before any reply: a TLS port takes rediss://)");
    throw error;
}

Reply Connection::read()
{
    flush();
    for (;;) {
        void *reply = nullptr;
        if (redisReaderGetReply(m_reader.get(), &reply) != REDIS_OK)
            throw TransientError(describe(std::string("unreadable reply: ") + m_reader->errstr));
        if (reply) {
            m_answered = true;
            return Reply(static_cast<redisReply *>(reply));
        }
        char buffer[16 * 1024];
        const std::size_t received = readSome(buffer, sizeof buffer);
        if (received == 0)
            unanswered(TransientError(describe("the server closed the connection")));
        redisReaderFeed(m_reader.get(), buffer, received);
    }
}

} // namespace syncline::redis
