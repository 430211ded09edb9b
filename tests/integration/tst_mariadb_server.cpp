// Smoke test of the MariaDB test harness: a server with the binary log a CDC source needs,
// SQL through the harness, a restart on the same port with the same data, a clean stop, and
// nothing left behind when the test process is killed.
#include "mariadb_server.h"
#include "pg_cluster.h" // SYNCLINE_PG_CHECK, PgError

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>

using syncline::test::MariaDbServer;
using syncline::test::PgCluster;
using syncline::test::PgError;
using namespace Qt::StringLiterals;

class TestMariaDbServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void binaryLogIsWhatCaptureNeeds();
    void writesReachTheBinaryLog();
    void sqlErrorsAreClear();
    void restartKeepsPortAndData();
    void stopEndsTheServer();
    void killedTestLeavesNothingBehind();

private:
    std::unique_ptr<MariaDbServer> m_server;
};

void TestMariaDbServer::initTestCase()
{
    m_server = std::make_unique<MariaDbServer>(u"smoke"_s);
    QElapsedTimer timer;
    timer.start();
    SYNCLINE_PG_CHECK(m_server->start());
    qInfo("mariadb start with mariadb-install-db: %lld ms", timer.elapsed());
    QVERIFY(m_server->isRunning());
    QVERIFY(m_server->port() > 0);
}

void TestMariaDbServer::cleanup()
{
    if (QTest::currentTestFailed() && m_server)
        qWarning("server log:\n%s", qPrintable(m_server->logTail()));
}

void TestMariaDbServer::binaryLogIsWhatCaptureNeeds()
{
    QList<QStringList> rows;
    SYNCLINE_PG_CHECK(
        rows = m_server->query({}, u"SELECT @@log_bin, @@binlog_format, @@binlog_row_image, "
                                   "@@binlog_row_metadata, @@server_id, @@version"_s));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0][0], u"1"_s);
    QCOMPARE(rows[0][1], u"ROW"_s);
    QCOMPARE(rows[0][2], u"FULL"_s);
    QCOMPARE(rows[0][3], u"FULL"_s);
    QCOMPARE(rows[0][4], u"1"_s);
    QVERIFY2(rows[0][5].contains(u"MariaDB"_s), qPrintable(rows[0][5]));
    QVERIFY(m_server->dsn(u"shop"_s).contains(u"port=%1"_s.arg(m_server->port())));
}

void TestMariaDbServer::writesReachTheBinaryLog()
{
    SYNCLINE_PG_CHECK(m_server->exec({}, u"CREATE DATABASE shop; "
                                         "CREATE TABLE shop.orders (id int PRIMARY KEY, "
                                         "note varchar(40)) ENGINE=InnoDB"_s));
    QString before;
    SYNCLINE_PG_CHECK(before = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s));
    SYNCLINE_PG_CHECK(
        m_server->exec(u"shop"_s, u"INSERT INTO orders VALUES (1, 'é'), (2, NULL)"_s));
    QString after;
    SYNCLINE_PG_CHECK(after = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s));
    QVERIFY2(after != before, qPrintable(before + u" → "_s + after));
    QList<QStringList> events;
    SYNCLINE_PG_CHECK(events = m_server->query({}, u"SHOW BINLOG EVENTS"_s));
    QStringList types;
    for (const auto &event : events)
        types << event.value(2);
    QVERIFY2(types.contains(u"Table_map"_s) && types.contains(u"Write_rows_v1"_s) &&
                 types.contains(u"Xid"_s) && types.contains(u"Gtid"_s),
             qPrintable(types.join(u", "_s)));
    QList<QStringList> rows;
    SYNCLINE_PG_CHECK(rows = m_server->query(u"shop"_s, u"SELECT id, note FROM orders"_s));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0][1], u"é"_s);
    QVERIFY(rows[1][1].isNull());
}

void TestMariaDbServer::sqlErrorsAreClear()
{
    try {
        m_server->exec(u"shop"_s, u"SELECT * FROM no_such_table"_s);
        QFAIL("no error");
    } catch (const PgError &error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(u"no_such_table"_s) && message.contains(u"doesn't exist"_s),
                 qPrintable(message));
    }
}

void TestMariaDbServer::restartKeepsPortAndData()
{
    const int port = m_server->port();
    const qint64 pid = m_server->pid();
    SYNCLINE_PG_CHECK(m_server->stop());
    QVERIFY(!PgCluster::isProcessAlive(pid));
    SYNCLINE_PG_CHECK(m_server->start());
    QCOMPARE(m_server->port(), port);
    QString count;
    SYNCLINE_PG_CHECK(count = m_server->queryValue(u"shop"_s, u"SELECT count(*) FROM orders"_s));
    QCOMPARE(count, u"2"_s);
}

void TestMariaDbServer::stopEndsTheServer()
{
    MariaDbServer other(u"other"_s);
    SYNCLINE_PG_CHECK(other.start());
    const qint64 pid = other.pid();
    QVERIFY(PgCluster::isProcessAlive(pid));
    const QString data = other.dataDir();
    other.stop();
    QVERIFY(!PgCluster::isProcessAlive(pid));
    QVERIFY(QFileInfo::exists(data)); // stop keeps the data; the destructor removes it
}

// The child is this very test binary, told by the environment to start a server and wait to be
// killed; the watchdog must then stop the server and remove its directory.
void TestMariaDbServer::killedTestLeavesNothingBehind()
{
    QProcess child;
    child.setProgram(QCoreApplication::applicationFilePath());
    child.setArguments({u"-maxwarnings"_s, u"0"_s});
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SYNCLINE_MARIADB_CHILD"_s, u"1"_s);
    child.setProcessEnvironment(environment);
    child.start();
    QVERIFY(child.waitForStarted());
    QVERIFY(child.waitForReadyRead(60000));
    QByteArray line = child.readLine();
    while (!line.startsWith("server ") && child.waitForReadyRead(60000))
        line = child.readLine();
    QVERIFY2(line.startsWith("server "), line.constData());
    const QList<QByteArray> parts = line.trimmed().split(' ');
    QCOMPARE(parts.size(), 3);
    const qint64 pid = parts[1].toLongLong();
    const QString directory = QString::fromUtf8(parts[2]);
    QVERIFY(PgCluster::isProcessAlive(pid));
    ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
    child.waitForFinished(10000);
    QTRY_VERIFY_WITH_TIMEOUT(!PgCluster::isProcessAlive(pid), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(directory), 10000);
}

static int runChild()
{
    MariaDbServer server(u"killed"_s);
    try {
        server.start();
    } catch (const PgError &error) {
        std::fprintf(stdout, "failed %s\n", error.what());
        return 1;
    }
    std::fprintf(stdout, "server %lld %s\n", server.pid(),
                 qPrintable(QFileInfo(server.dataDir()).path()));
    std::fflush(stdout);
    for (;;)
        QThread::sleep(1);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("SYNCLINE_MARIADB_CHILD"))
        return runChild();
    QCoreApplication app(argc, argv);
    TestMariaDbServer test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mariadb_server.moc"
