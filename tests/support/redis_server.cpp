#include "redis_server.h"

#include "pg_cluster.h" // PgError
#include "pg_process.h"
#include "server_launch.h"
#include "test_certificates.h"

#include <QDir>
#include <QFileInfo>

#include <hiredis/hiredis.h>

namespace syncline::test {

using namespace Qt::StringLiterals;
using detail::fail;

namespace {

const char kServer[] = "/usr/bin/redis-server";
const int kStartTimeoutMs = 30000;

struct ContextFree
{
    void operator()(redisContext *context) const { redisFree(context); }
};
using Context = std::unique_ptr<redisContext, ContextFree>;
struct ReplyFree
{
    void operator()(redisReply *reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

Reply run(redisContext *context, const QStringList &arguments, QString *failure)
{
    std::vector<QByteArray> bytes;
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const auto &argument : arguments)
        bytes.push_back(argument.toUtf8());
    for (const auto &argument : bytes) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    Reply reply(static_cast<redisReply *>(
        redisCommandArgv(context, int(argv.size()), argv.data(), lengths.data())));
    if (!reply)
        *failure = QString::fromUtf8(context->errstr);
    else if (reply->type == REDIS_REPLY_ERROR)
        *failure = QString::fromUtf8(reply->str, qsizetype(reply->len));
    return reply;
}

Context connectTo(int port, const QString &password, int database, QString *failure)
{
    Context context(redisConnectWithTimeout("127.0.0.1", port, timeval{5, 0}));
    if (!context || context->err) {
        *failure = context ? QString::fromUtf8(context->errstr) : u"out of memory"_s;
        return nullptr;
    }
    failure->clear();
    if (!password.isEmpty())
        run(context.get(), {u"AUTH"_s, password}, failure);
    if (failure->isEmpty())
        run(context.get(), {u"SELECT"_s, QString::number(database)}, failure);
    return failure->isEmpty() ? std::move(context) : nullptr;
}

void flatten(const redisReply &reply, QStringList &out)
{
    switch (reply.type) {
    case REDIS_REPLY_ARRAY:
        for (size_t i = 0; i < reply.elements; ++i)
            flatten(*reply.element[i], out);
        break;
    case REDIS_REPLY_INTEGER:
        out << QString::number(reply.integer);
        break;
    case REDIS_REPLY_NIL:
        out << QString();
        break;
    default:
        out << QString::fromUtf8(reply.str, qsizetype(reply.len));
    }
}

} // namespace

RedisServer::RedisServer(QString name, QString password)
    : m_name(std::move(name)), m_password(std::move(password))
{}

RedisServer::~RedisServer()
{
    try {
        stop();
    } catch (const std::exception &error) {
        qWarning("RedisServer '%s': %s", qPrintable(m_name), error.what());
    }
}

QString RedisServer::where() const
{
    return u"RedisServer '%1' (port %2): "_s.arg(m_name).arg(m_port);
}

QString RedisServer::url(int database) const
{
    return urlWithPassword(m_password, database);
}

QString RedisServer::urlWithPassword(const QString &password, int database) const
{
    const QString credentials = password.isEmpty() ? QString() : u":"_s + password + u'@';
    return u"redis://"_s + credentials + u"127.0.0.1:%1/%2"_s.arg(m_port).arg(database);
}

void RedisServer::enableTls(const TestCertificates &certificates, bool clientCertificates)
{
    m_tlsArguments = {u"--tls-cert-file"_s,    certificates.serverCertificate,
                      u"--tls-key-file"_s,     certificates.serverKey,
                      u"--tls-ca-cert-file"_s, certificates.authority,
                      u"--tls-auth-clients"_s, clientCertificates ? u"yes"_s : u"no"_s};
}

QString RedisServer::tlsUrl(const QString &host, int database) const
{
    const QString credentials = m_password.isEmpty() ? QString() : u":"_s + m_password + u'@';
    return u"rediss://"_s + credentials + host + u":%1/%2"_s.arg(m_tlsPort).arg(database);
}

QString RedisServer::logTail(int lines) const
{
    return m_root ? detail::fileTail(m_root->path() + u"/redis.log"_s, lines) : QString();
}

void RedisServer::start()
{
    if (isRunning())
        return;
    if (!QFileInfo(QString::fromLatin1(kServer)).isExecutable())
        fail(where() + u"%1 is missing (install redis-server: packaging/setup-debian.sh)"_s.arg(
                           QString::fromLatin1(kServer)));
    if (!m_root) {
        m_root = std::make_unique<detail::TempRoot>(m_name, u"data"_s, detail::redisProcess());
        if (!QDir(m_root->path()).mkpath(u"data"_s))
            fail(where() + u"cannot create "_s + m_root->path() + u"/data"_s);
    }
    detail::startOnFreePort(
        m_port, [this](QString *failure) { return tryStart(failure); },
        [this](int lines) { return logTail(lines); }, [this] { return where(); });
}

bool RedisServer::tryStart(QString *failure)
{
    const QString root = m_root->path();
    const QString data = root + u"/data"_s;
    QStringList arguments{u"--port"_s,        QString::number(m_port),
                          u"--bind"_s,        u"127.0.0.1"_s,
                          u"--dir"_s,         data,
                          u"--pidfile"_s,     data + u"/redis.pid"_s,
                          u"--logfile"_s,     root + u"/redis.log"_s,
                          u"--daemonize"_s,   u"no"_s,
                          u"--appendonly"_s,  u"yes"_s,
                          u"--appendfsync"_s, u"everysec"_s,
                          u"--save"_s,        u""_s};
    if (!m_password.isEmpty())
        arguments << u"--requirepass"_s << m_password;
    if (!m_tlsArguments.isEmpty()) {
        if (m_tlsPort == 0)
            m_tlsPort = detail::freePort();
        arguments << u"--tls-port"_s << QString::number(m_tlsPort) << m_tlsArguments;
    }
    m_pid = detail::launchAndWait(
        QString::fromLatin1(kServer), arguments, root, root + u"/redis.out"_s,
        [this](QString *lastError) {
            return connectTo(m_port, m_password, 0, lastError) != nullptr;
        },
        kStartTimeoutMs, failure);
    return m_pid != 0;
}

void RedisServer::stop()
{
    if (m_pid == 0)
        return;
    const qint64 pid = m_pid;
    m_pid = 0;
    detail::stopServer(pid, detail::redisProcess(), u"RedisServer '%1'"_s.arg(m_name));
}

QStringList RedisServer::command(const QStringList &arguments, int database)
{
    QString failure;
    const Context context = connectTo(m_port, m_password, database, &failure);
    if (!context)
        fail(where() + u"cannot connect: "_s + failure);
    const Reply reply = run(context.get(), arguments, &failure);
    if (!failure.isEmpty())
        fail(where() + failure + u"\nin: "_s + arguments.join(u' '));
    QStringList out;
    flatten(*reply, out);
    return out;
}

int RedisServer::calls(const QString &command)
{
    const QString stats = this->command({u"INFO"_s, u"commandstats"_s}).join(u'\n');
    const QString prefix = u"cmdstat_"_s + command + u":calls="_s;
    const qsizetype at = stats.indexOf(prefix);
    if (at < 0)
        return 0;
    return stats.mid(at + prefix.size()).section(u',', 0, 0).toInt();
}

QStringList RedisServer::keys(const QString &pattern, int database)
{
    QStringList found;
    QString cursor = u"0"_s;
    do {
        const QStringList page =
            command({u"SCAN"_s, cursor, u"MATCH"_s, pattern, u"COUNT"_s, u"1000"_s}, database);
        cursor = page.first();
        found << page.mid(1);
    } while (cursor != u"0"_s);
    return found;
}

} // namespace syncline::test
