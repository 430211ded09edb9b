#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <memory>
#include <stdexcept>

namespace syncline::test {

namespace detail {
class TempRoot;
}

// Every PgCluster failure. what() names the cluster, the step, the reason and, where it helps,
// the tail of the server log.
class PgError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A throw-away PostgreSQL server for tests: its own temporary directory, data directory, unix
// socket directory and log file, listening on 127.0.0.1 at a free port, configured for logical
// replication (wal_level=logical, 20 slots, 20 WAL senders).
//
// The first start() in a process runs initdb into a template; later clusters copy the template,
// so only the first start pays for initdb. When the process runs as root, initdb and pg_ctl run
// as the `postgres` user (the child switches uid before exec). A watchdog process stops the
// server and removes the directory if the test process dies without running destructors (crash,
// abort, `kill -9`, ctest timeout).
//
// Environment: SYNCLINE_TEST_PG_BIN overrides the binary directory
// (/usr/lib/postgresql/15/bin); SYNCLINE_TEST_KEEP_PG=1 keeps the temporary directories (data
// and server.log) for inspection.
class PgCluster
{
public:
    // The name appears in the temporary directory's name and in every error message.
    explicit PgCluster(QString name = QStringLiteral("pg"));
    ~PgCluster(); // stops the server and removes the temporary directory
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    // Starts the server and waits until it accepts connections. No-op when already running.
    void start();
    // Fast shutdown (SIGINT to the postmaster pid); returns once the postmaster is gone.
    // The data directory stays, so start() brings the same cluster back. No-op when stopped.
    void stop();
    // stop() then start() on the same port, same data.
    void restart();
    bool isRunning() const { return m_pid != 0; }

    QString name() const { return m_name; }
    int port() const { return m_port; }
    qint64 pid() const { return m_pid; } // the postmaster's, 0 when stopped
    QString dataDir() const;
    QString logFile() const;
    // "host=127.0.0.1 port=N user=postgres dbname=X"
    QString dsn(const QString &dbname = QStringLiteral("postgres")) const;

    void createDatabase(const QString &name);
    // Runs one or more statements; throws PgError with the server's message and SQLSTATE.
    void exec(const QString &dbname, const QString &sql);
    // All rows as text; SQL NULL is a null QString.
    QList<QStringList> query(const QString &dbname, const QString &sql);
    // The first column of the first row (null QString for SQL NULL); throws when there is no row.
    QString queryValue(const QString &dbname, const QString &sql);

    // How many lock requests in this database wait (a sink blocked by a test's LOCK TABLE).
    int lockWaits(const QString &dbname);

    // The last lines of the server log, for failure messages.
    QString logTail(int lines = 40) const;

    // One cluster pair per test process, started on first use (and again if a test stopped it),
    // stopped at exit. Test functions that share them should use their own database names.
    static PgCluster &sharedSource();
    static PgCluster &sharedTarget();

    static QString binDir();
    // True while the process exists and is not a zombie.
    static bool isProcessAlive(qint64 pid);

private:
    void prepare();
    void writeSettings() const;
    bool tryStart(QString *failure);
    QString where() const;

    QString m_name;
    std::unique_ptr<detail::TempRoot> m_root; // made by the first start()
    int m_port = 0;
    qint64 m_pid = 0;
};

} // namespace syncline::test

// For Qt Test functions: runs `statement` and turns a PgError into a test failure that carries its
// message. (Qt 6.4's QtTest aborts the whole executable on an uncaught exception.)
#define SYNCLINE_PG_CHECK(statement)                                                               \
    do {                                                                                           \
        try {                                                                                      \
            statement;                                                                             \
        } catch (const ::syncline::test::PgError &pgError) {                                       \
            QFAIL(pgError.what());                                                                 \
        }                                                                                          \
    } while (false)
