#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <memory>

namespace syncline::test {

namespace detail {
class TempRoot;
}

// A throw-away MariaDB server for tests, as PgCluster is for PostgreSQL: its own temporary
// directory and data directory (mariadb-install-db), listening on 127.0.0.1 at a free port,
// with the binary log a change-data-capture source needs (binlog_format=ROW,
// binlog_row_image=FULL, binlog_row_metadata=FULL, GTIDs). When the process runs as root, the
// server runs as `mysql`. A watchdog stops it and removes the directory if the test process
// dies without running destructors. Failures throw PgError (SYNCLINE_PG_CHECK catches them).
//
// The account `syncline` (password `syncline`) has every privilege, replication included.
class MariaDbServer
{
public:
    explicit MariaDbServer(QString name = QStringLiteral("mariadb"));
    ~MariaDbServer(); // stops the server and removes the temporary directory
    MariaDbServer(const MariaDbServer &) = delete;
    MariaDbServer &operator=(const MariaDbServer &) = delete;

    // Before start(): the server's server_id (1 unless set) and more mariadbd options
    // ("--log-slave-updates"), for a primary and its replica.
    void setServerId(int serverId) { m_serverId = serverId; }
    void setExtraArguments(QStringList arguments) { m_extraArguments = std::move(arguments); }

    // Starts the server and waits until it accepts connections. No-op when running.
    void start();
    // Clean shutdown (SIGTERM to the server's pid); returns once it is gone. The data stays,
    // so start() brings the same server back on the same port. No-op when stopped.
    void stop();
    bool isRunning() const { return m_pid != 0; }

    int port() const { return m_port; }
    qint64 pid() const { return m_pid; }
    QString dataDir() const;
    // "host=127.0.0.1 port=N user=syncline password=syncline database=X"
    QString dsn(const QString &database = {}) const;

    // Runs one or more statements (in `database` when given); throws with the server's message.
    void exec(const QString &database, const QString &sql);
    // All rows of the last statement as text; SQL NULL is a null QString.
    QList<QStringList> query(const QString &database, const QString &sql);
    QString queryValue(const QString &database, const QString &sql);

    QString logTail(int lines = 40) const;

    static bool isAvailable(); // mariadbd and mariadb-install-db are installed

private:
    void prepare();
    bool tryStart(QString *failure);
    QString where() const;

    QString m_name;
    std::unique_ptr<detail::TempRoot> m_root;
    int m_port = 0;
    qint64 m_pid = 0;
    int m_serverId = 1;
    QStringList m_extraArguments;
};

} // namespace syncline::test
