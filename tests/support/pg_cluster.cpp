#include "pg_cluster.h"

#include "pg_process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <libpq-fe.h>

#include <csignal>
#include <memory>
#include <mutex>

namespace syncline::test {

using namespace Qt::StringLiterals;
using detail::fail;

namespace {

const QString kDefaultBinDir = u"/usr/lib/postgresql/15/bin"_s;

// initdb output, made once per process and copied for each cluster (cp is ~10x faster).
class Template
{
public:
    QString dataDir()
    {
        const std::lock_guard lock(m_mutex);
        if (m_ready)
            return m_root->path() + u"/data"_s;
        const QString initdb = PgCluster::binDir() + u"/initdb"_s;
        if (!QFileInfo(initdb).isExecutable())
            fail(u"PostgreSQL binaries not found: %1 is missing (install postgresql-15 with "
                 "packaging/setup-debian.sh, or set SYNCLINE_TEST_PG_BIN)"_s.arg(initdb));
        if (!m_root)
            m_root = std::make_unique<detail::TempRoot>(u"template"_s, QString());
        const QString data = m_root->path() + u"/data"_s;
        const detail::ToolResult result =
            detail::runTool(initdb,
                            {u"-D"_s, data, u"-A"_s, u"trust"_s, u"-U"_s, u"postgres"_s, u"-E"_s,
                             u"UTF8"_s, u"--locale=C"_s, u"--no-sync"_s, u"--no-instructions"_s},
                            m_root->path(), true);
        if (!result.ok) {
            QDir(data).removeRecursively();
            fail(u"initdb failed: %1"_s.arg(result.output));
        }
        m_ready = true;
        return data;
    }

private:
    std::mutex m_mutex;
    std::unique_ptr<detail::TempRoot> m_root;
    bool m_ready = false;
};

Template &processTemplate()
{
    static Template instance;
    return instance;
}

struct ConnectionCloser
{
    void operator()(PGconn *connection) const { PQfinish(connection); }
};
struct ResultClearer
{
    void operator()(PGresult *result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

void ignoreNotice(void *, const char *) {}

QString shortened(const QString &sql)
{
    const QString flat = sql.simplified();
    return flat.size() > 300 ? flat.left(300) + u"..."_s : flat;
}

ResultPtr runSql(const QString &where, const QString &dsn, const QString &dbname,
                 const QString &sql)
{
    const std::unique_ptr<PGconn, ConnectionCloser> connection(
        PQconnectdb((dsn + u" connect_timeout=10 client_encoding=UTF8"_s).toUtf8().constData()));
    if (PQstatus(connection.get()) != CONNECTION_OK)
        fail(where + u"cannot connect to database '%1': %2"_s.arg(
                         dbname, QString::fromUtf8(PQerrorMessage(connection.get())).trimmed()));
    PQsetNoticeProcessor(connection.get(), ignoreNotice, nullptr);
    ResultPtr result(PQexec(connection.get(), sql.toUtf8().constData()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    const char *sqlState = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    const QString message = result ? QString::fromUtf8(PQresultErrorMessage(result.get()))
                                   : QString::fromUtf8(PQerrorMessage(connection.get()));
    fail(where + u"SQL failed in database '%1' (SQLSTATE %2): %3\n  SQL: %4"_s.arg(
                     dbname, QString::fromLatin1(sqlState ? sqlState : "none"), message.trimmed(),
                     shortened(sql)));
}

} // namespace

PgCluster::PgCluster(QString name) : m_name(std::move(name)) {}

PgCluster::~PgCluster()
{
    stop();
}

QString PgCluster::binDir()
{
    const QString fromEnv = qEnvironmentVariable("SYNCLINE_TEST_PG_BIN");
    return fromEnv.isEmpty() ? kDefaultBinDir : fromEnv;
}

bool PgCluster::isProcessAlive(qint64 pid)
{
    return detail::isProcessAlive(pid);
}
QString PgCluster::dataDir() const
{
    return m_root ? m_root->path() + u"/data"_s : QString();
}

QString PgCluster::logFile() const
{
    return m_root ? m_root->path() + u"/server.log"_s : QString();
}

QString PgCluster::dsn(const QString &dbname) const
{
    return u"host=127.0.0.1 port=%1 user=postgres dbname=%2"_s.arg(m_port).arg(dbname);
}

QString PgCluster::where() const
{
    return u"PgCluster '%1' (port %2): "_s.arg(m_name).arg(m_port);
}

QString PgCluster::logTail(int lines) const
{
    return detail::fileTail(logFile(), lines);
}

void PgCluster::prepare()
{
    const QString templateData = processTemplate().dataDir();
    auto root = std::make_unique<detail::TempRoot>(m_name, u"data"_s);
    const QString data = root->path() + u"/data"_s;
    const detail::ToolResult copy =
        detail::runTool(u"cp"_s, {u"-a"_s, templateData, data}, root->path(), false);
    if (!copy.ok)
        fail(where() + u"cannot copy the initdb template: "_s + copy.output);
    QFile conf(data + u"/postgresql.conf"_s);
    if (!conf.open(QIODevice::Append) || conf.write("\ninclude 'syncline.conf'\n") < 0)
        fail(where() + u"cannot append to "_s + conf.fileName() + u": "_s + conf.errorString());
    m_root = std::move(root);
}

void PgCluster::writeSettings() const
{
    const QString text = u"# Written by tests/support/pg_cluster.cpp on every start.\n"
                         "listen_addresses = '127.0.0.1'\n"
                         "port = %1\n"
                         "unix_socket_directories = '%2'\n"
                         "wal_level = logical\n"
                         "max_replication_slots = 20\n"
                         "max_wal_senders = 20\n"
                         "max_connections = 100\n"
                         "shared_buffers = 128MB\n"
                         "fsync = off\n" // tests kill clients, never the server
                         "full_page_writes = off\n"
                         "timezone = 'UTC'\n"
                         "logging_collector = off\n" // pg_ctl -l writes server.log
                         "log_line_prefix = '%m [%p] %q%u@%d '\n"
                         "log_replication_commands = on\n"_s.arg(m_port)
                             .arg(m_root->path());
    const QString path = dataDir() + u"/syncline.conf"_s;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0)
        fail(where() + u"cannot write "_s + path + u": "_s + file.errorString());
    file.close();
    detail::chownToServerUser(path);
}

bool PgCluster::tryStart(QString *failure)
{
    writeSettings();
    const detail::ToolResult result = detail::runTool(
        binDir() + u"/pg_ctl"_s,
        {u"start"_s, u"-w"_s, u"-t"_s, u"60"_s, u"-s"_s, u"-D"_s, dataDir(), u"-l"_s, logFile()},
        m_root->path(), true, 90000);
    m_pid = detail::readPostmasterPid(dataDir());
    if (result.ok && m_pid != 0)
        return true;
    *failure = result.ok ? u"no postmaster.pid after pg_ctl start"_s : result.output;
    stop(); // in case pg_ctl gave up waiting on a server that is still coming up
    return false;
}

void PgCluster::start()
{
    if (isRunning())
        return;
    if (!m_root)
        prepare();
    const bool samePort = m_port != 0; // a restart keeps its port, so DSNs stay valid
    for (int attempt = 1;; ++attempt) {
        if (!samePort)
            m_port = detail::freePort();
        const qint64 logSize = QFileInfo(logFile()).size();
        QString failure;
        if (tryStart(&failure))
            return;
        QFile log(logFile());
        QByteArray newLog;
        if (log.open(QIODevice::ReadOnly) && log.seek(logSize))
            newLog = log.readAll();
        const bool portTaken =
            newLog.contains("could not bind") || newLog.contains("already in use");
        if (samePort || !portTaken || attempt == 5)
            fail(where() + u"start failed: "_s + failure +
                 u"\n--- server log (%1) ---\n"_s.arg(logFile()) + logTail());
    }
}

void PgCluster::stop()
{
    if (m_pid == 0)
        return;
    const qint64 pid = m_pid;
    m_pid = 0;
    // SIGINT = fast shutdown: disconnect clients, checkpoint, exit. Escalate only if it hangs.
    detail::stopServer(pid, detail::postgresProcess(), u"PgCluster '%1'"_s.arg(m_name));
}

void PgCluster::restart()
{
    stop();
    start();
}

void PgCluster::createDatabase(const QString &name)
{
    QString quoted = name;
    quoted.replace(u'"', u"\"\""_s);
    exec(u"postgres"_s, u"CREATE DATABASE \"%1\""_s.arg(quoted));
}

void PgCluster::exec(const QString &dbname, const QString &sql)
{
    if (!isRunning())
        fail(where() + u"not running; cannot run: "_s + shortened(sql));
    runSql(where(), dsn(dbname), dbname, sql);
}

QList<QStringList> PgCluster::query(const QString &dbname, const QString &sql)
{
    if (!isRunning())
        fail(where() + u"not running; cannot run: "_s + shortened(sql));
    const ResultPtr result = runSql(where(), dsn(dbname), dbname, sql);
    QList<QStringList> rows;
    const int rowCount = PQntuples(result.get());
    const int columnCount = PQnfields(result.get());
    rows.reserve(rowCount);
    for (int row = 0; row < rowCount; ++row) {
        QStringList values;
        values.reserve(columnCount);
        for (int column = 0; column < columnCount; ++column)
            values.append(PQgetisnull(result.get(), row, column)
                              ? QString()
                              : QString::fromUtf8(PQgetvalue(result.get(), row, column)));
        rows.append(values);
    }
    return rows;
}

QString PgCluster::queryValue(const QString &dbname, const QString &sql)
{
    const QList<QStringList> rows = query(dbname, sql);
    if (rows.isEmpty() || rows.constFirst().isEmpty())
        fail(where() + u"query returned no value: "_s + shortened(sql));
    return rows.constFirst().constFirst();
}

int PgCluster::lockWaits(const QString &dbname)
{
    return queryValue(dbname, u"SELECT count(*) FROM pg_locks l JOIN pg_database d "
                              "ON d.oid = l.database AND d.datname = current_database() "
                              "WHERE NOT l.granted"_s)
        .toInt();
}

PgCluster &PgCluster::sharedSource()
{
    static PgCluster cluster(u"source"_s);
    cluster.start();
    return cluster;
}

PgCluster &PgCluster::sharedTarget()
{
    static PgCluster cluster(u"target"_s);
    cluster.start();
    return cluster;
}

} // namespace syncline::test
