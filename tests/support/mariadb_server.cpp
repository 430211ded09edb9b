#include "mariadb_server.h"

#include "pg_cluster.h" // PgError
#include "pg_process.h"
#include "server_launch.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <mysql.h>

#include <memory>

namespace syncline::test {

using namespace Qt::StringLiterals;
using detail::fail;

namespace {

const char kServer[] = "/usr/sbin/mariadbd";
const char kInstallDb[] = "/usr/bin/mariadb-install-db";
const int kStartTimeoutMs = 30000;

// Runs at every start: the account the tests and pipelines use, over TCP with a password.
const char kInitSql[] = "CREATE USER IF NOT EXISTS 'syncline'@'%' IDENTIFIED BY 'syncline';\n"
                        "GRANT ALL PRIVILEGES ON *.* TO 'syncline'@'%' WITH GRANT OPTION;\n";

struct MysqlCloser
{
    void operator()(MYSQL *mysql) const { mysql_close(mysql); }
};
using Connection = std::unique_ptr<MYSQL, MysqlCloser>;

Connection connectTo(int port, const QString &database, QString *failure)
{
    Connection mysql(mysql_init(nullptr));
    unsigned int timeout = 5;
    mysql_optionsv(mysql.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_optionsv(mysql.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
    const QByteArray db = database.toUtf8();
    if (!mysql_real_connect(mysql.get(), "127.0.0.1", "syncline", "syncline",
                            db.isEmpty() ? nullptr : db.constData(), unsigned(port), nullptr,
                            CLIENT_MULTI_STATEMENTS)) {
        if (failure)
            *failure = QString::fromUtf8(mysql_error(mysql.get()));
        return nullptr;
    }
    return mysql;
}

} // namespace

MariaDbServer::MariaDbServer(QString name) : m_name(std::move(name)) {}

MariaDbServer::~MariaDbServer()
{
    try {
        stop();
    } catch (const std::exception &error) {
        qWarning("MariaDbServer '%s': %s", qPrintable(m_name), error.what());
    }
}

bool MariaDbServer::isAvailable()
{
    return QFileInfo(QString::fromLatin1(kServer)).isExecutable() &&
           QFileInfo(QString::fromLatin1(kInstallDb)).isExecutable();
}

QString MariaDbServer::where() const
{
    return u"MariaDbServer '%1' (port %2): "_s.arg(m_name).arg(m_port);
}

QString MariaDbServer::dataDir() const
{
    return m_root ? m_root->path() + u"/data"_s : QString();
}

QString MariaDbServer::dsn(const QString &database) const
{
    QString text = u"host=127.0.0.1 port=%1 user=syncline password=syncline"_s.arg(m_port);
    if (!database.isEmpty())
        text += u" database="_s + database;
    return text;
}

QString MariaDbServer::logTail(int lines) const
{
    return m_root ? detail::fileTail(m_root->path() + u"/mariadbd.err"_s, lines) : QString();
}

void MariaDbServer::prepare()
{
    if (!isAvailable())
        fail(where() + u"%1 is missing (install mariadb-server: packaging/setup-debian.sh)"_s.arg(
                           QString::fromLatin1(kServer)));
    m_root = std::make_unique<detail::TempRoot>(m_name, u"data"_s, detail::mariadbProcess());
    QStringList arguments{u"--no-defaults"_s, u"--datadir="_s + dataDir(),
                          u"--auth-root-authentication-method=normal"_s, u"--skip-test-db"_s};
    if (detail::runningAsRoot())
        arguments << u"--user=mysql"_s;
    // mariadb-install-db also sets the owner of the PAM helper under /usr/lib/mysql/plugin,
    // and two running at once (tests in parallel) make one of them fail: one at a time.
    QLockFile installing(QDir::tempPath() + u"/syncline-mariadb-install-db.lock"_s);
    installing.setStaleLockTime(0);
    if (!installing.lock())
        fail(where() + u"cannot lock "_s + QDir::tempPath() +
             u"/syncline-mariadb-install-db.lock"_s);
    const auto installed = detail::runTool(QString::fromLatin1(kInstallDb), arguments,
                                           m_root->path(), true, 120000, detail::mariadbProcess());
    installing.unlock();
    if (!installed.ok)
        fail(where() + u"mariadb-install-db failed: "_s + installed.output);
    QFile init(m_root->path() + u"/init.sql"_s);
    if (!init.open(QIODevice::WriteOnly) || init.write(kInitSql) < 0)
        fail(where() + u"cannot write "_s + init.fileName());
    init.close();
    detail::chownToServerUser(init.fileName(), detail::mariadbProcess());
}

void MariaDbServer::start()
{
    if (isRunning())
        return;
    if (!m_root)
        prepare();
    detail::startOnFreePort(
        m_port, [this](QString *failure) { return tryStart(failure); },
        [this](int lines) { return logTail(lines); }, [this] { return where(); });
}

bool MariaDbServer::tryStart(QString *failure)
{
    const QString root = m_root->path();
    QStringList arguments{
        u"--no-defaults"_s,
        u"--datadir="_s + dataDir(),
        u"--socket="_s + root + u"/mariadbd.sock"_s,
        u"--pid-file="_s + dataDir() + u'/' + QString::fromLatin1(detail::mariadbProcess().pidFile),
        u"--log-error="_s + root + u"/mariadbd.err"_s,
        // Its own, not /tmp: servers of tests running at once name temporary tables alike and
        // deleted each other's files.
        u"--tmpdir="_s + dataDir(),
        u"--port="_s + QString::number(m_port),
        u"--bind-address=127.0.0.1"_s,
        u"--skip-name-resolve"_s,
        u"--init-file="_s + root + u"/init.sql"_s,
        u"--server-id="_s + QString::number(m_serverId),
        u"--log-bin="_s + dataDir() + u"/binlog"_s,
        u"--binlog-format=ROW"_s,
        u"--binlog-row-image=FULL"_s,
        u"--binlog-row-metadata=FULL"_s,
        u"--innodb-buffer-pool-size=64M"_s,
        u"--character-set-server=utf8mb4"_s,
    };
    arguments << m_extraArguments;
    if (detail::runningAsRoot())
        arguments << u"--user=mysql"_s; // mariadbd drops root itself
    QFile::remove(root + u"/mariadbd.err"_s);
    m_pid = detail::launchAndWait(
        QString::fromLatin1(kServer), arguments, root, root + u"/mariadbd.out"_s,
        [this](QString *lastError) { return connectTo(m_port, {}, lastError) != nullptr; },
        kStartTimeoutMs, failure);
    return m_pid != 0;
}

void MariaDbServer::stop()
{
    if (m_pid == 0)
        return;
    const qint64 pid = m_pid;
    m_pid = 0;
    detail::stopServer(pid, detail::mariadbProcess(), u"MariaDbServer '%1'"_s.arg(m_name));
}

void MariaDbServer::exec(const QString &database, const QString &sql)
{
    query(database, sql);
}

QList<QStringList> MariaDbServer::query(const QString &database, const QString &sql)
{
    QString failure;
    const Connection mysql = connectTo(m_port, database, &failure);
    if (!mysql)
        fail(where() + u"cannot connect: "_s + failure);
    const QByteArray text = sql.toUtf8();
    if (mysql_real_query(mysql.get(), text.constData(), text.size()) != 0)
        fail(where() + QString::fromUtf8(mysql_error(mysql.get())) + u"\nin: "_s + sql);
    QList<QStringList> rows;
    for (;;) {
        if (MYSQL_RES *result = mysql_store_result(mysql.get())) {
            rows.clear(); // the last statement's rows
            const unsigned int columns = mysql_num_fields(result);
            while (MYSQL_ROW row = mysql_fetch_row(result)) {
                const unsigned long *lengths = mysql_fetch_lengths(result);
                QStringList values;
                for (unsigned int i = 0; i < columns; ++i)
                    values << (row[i] ? QString::fromUtf8(row[i], qsizetype(lengths[i]))
                                      : QString());
                rows << values;
            }
            mysql_free_result(result);
        } else if (mysql_field_count(mysql.get()) != 0) {
            fail(where() + QString::fromUtf8(mysql_error(mysql.get())) + u"\nin: "_s + sql);
        }
        const int next = mysql_next_result(mysql.get());
        if (next > 0)
            fail(where() + QString::fromUtf8(mysql_error(mysql.get())) + u"\nin: "_s + sql);
        if (next < 0)
            return rows;
    }
}

QString MariaDbServer::queryValue(const QString &database, const QString &sql)
{
    const auto rows = query(database, sql);
    if (rows.isEmpty() || rows.first().isEmpty())
        fail(where() + u"no row from: "_s + sql);
    return rows.first().first();
}

} // namespace syncline::test
