#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <memory>

namespace syncline::test {

struct TestCertificates;

namespace detail {
class TempRoot;
}

// A throw-away redis-server for tests, as MariaDbServer is for MariaDB: its own temporary
// directory, 127.0.0.1 at a free port, the append-only file on (appendfsync everysec), an
// optional password, stopped by pid (and by the TempRoot watchdog if the test dies). Failures
// throw PgError (SYNCLINE_PG_CHECK catches them).
class RedisServer
{
public:
    explicit RedisServer(QString name = QStringLiteral("redis"), QString password = {});
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    // Before the first start(): a TLS port beside the plain one, which command() keeps using.
    // TLS clients must show a certificate the authority signed, unless `clientCertificates`
    // is false.
    void enableTls(const TestCertificates &certificates, bool clientCertificates = true);
    int tlsPort() const { return m_tlsPort; }
    // rediss://[:password@]host:tlsPort/db
    QString tlsUrl(const QString &host = QStringLiteral("127.0.0.1"), int database = 0) const;

    // Starts the server and waits until it answers PING. No-op when running; after stop() it
    // comes back on the same port with its data.
    void start();
    void stop();
    bool isRunning() const { return m_pid != 0; }
    qint64 pid() const { return m_pid; }
    int port() const { return m_port; }

    // redis://[:password@]127.0.0.1:port/db; `password` replaces the server's in the url.
    QString url(int database = 0) const;
    QString urlWithPassword(const QString &password, int database = 0) const;

    // One command; the reply flattened to strings (nil as a null QString, an integer as its
    // digits); throws on an error reply.
    QStringList command(const QStringList &arguments, int database = 0);
    // Every key matching `pattern` (SCAN).
    QStringList keys(const QString &pattern, int database = 0);
    // Calls of `command` (lower case) since the last CONFIG RESETSTAT (INFO commandstats).
    int calls(const QString &command);

    QString logTail(int lines = 40) const;

private:
    bool tryStart(QString *failure);
    QString where() const;

    QString m_name;
    QString m_password;
    std::unique_ptr<detail::TempRoot> m_root;
    int m_port = 0;
    qint64 m_pid = 0;
    QStringList m_tlsArguments; // --tls-cert-file ... when enableTls() was called
    int m_tlsPort = 0;
};

} // namespace syncline::test
