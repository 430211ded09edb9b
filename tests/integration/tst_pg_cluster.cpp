// Smoke test of the PostgreSQL test harness: two clusters, logical WAL, restart, clean stop.
#include "pg_cluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTest>

#include <memory>

using syncline::test::PgCluster;
using syncline::test::PgError;
using namespace Qt::StringLiterals;

class TestPgCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void bothAnswerWithLogicalWal();
    void createDatabaseAndExec();
    void sqlErrorsAreClear();
    void restartKeepsPortAndData();
    void sharedClustersAreReused();
    void stopEndsServers();

private:
    std::unique_ptr<PgCluster> m_a;
    std::unique_ptr<PgCluster> m_b;
};

void TestPgCluster::initTestCase()
{
    m_a = std::make_unique<PgCluster>(u"a"_s);
    m_b = std::make_unique<PgCluster>(u"b"_s);
    QElapsedTimer timer;
    timer.start();
    SYNCLINE_PG_CHECK(m_a->start()); // pays for initdb (the process's template)
    const qint64 first = timer.restart();
    SYNCLINE_PG_CHECK(m_b->start()); // copies the template
    const qint64 second = timer.elapsed();
    qInfo("cluster start: first %lld ms (with initdb), second %lld ms", first, second);
    QVERIFY(m_a->isRunning());
    QVERIFY(m_b->isRunning());
    QVERIFY(m_a->port() != m_b->port());
}

void TestPgCluster::cleanup()
{
    if (!QTest::currentTestFailed())
        return;
    for (const PgCluster *cluster : {m_a.get(), m_b.get()}) {
        if (cluster)
            qWarning("server log of '%s':\n%s", qPrintable(cluster->name()),
                     qPrintable(cluster->logTail()));
    }
}

void TestPgCluster::bothAnswerWithLogicalWal()
{
    for (PgCluster *cluster : {m_a.get(), m_b.get()}) {
        QCOMPARE(cluster->queryValue(u"postgres"_s, u"SHOW wal_level"_s), u"logical"_s);
        QCOMPARE(cluster->queryValue(u"postgres"_s, u"SHOW max_replication_slots"_s), u"20"_s);
        QCOMPARE(cluster->queryValue(u"postgres"_s, u"SHOW server_encoding"_s), u"UTF8"_s);
        QCOMPARE(cluster->queryValue(u"postgres"_s, u"SHOW listen_addresses"_s), u"127.0.0.1"_s);
        QCOMPARE(cluster->queryValue(u"postgres"_s, u"SHOW port"_s),
                 QString::number(cluster->port()));
        QVERIFY(PgCluster::isProcessAlive(cluster->pid()));
    }
    QVERIFY(m_a->dsn(u"x"_s).contains(u"port=%1"_s.arg(m_a->port())));
}

void TestPgCluster::createDatabaseAndExec()
{
    m_a->createDatabase(u"smoke"_s);
    m_a->exec(u"smoke"_s, u"CREATE TABLE t (id int PRIMARY KEY, v text);"
                          "INSERT INTO t VALUES (1, 'one'), (2, NULL);"_s);
    const QList<QStringList> rows = m_a->query(u"smoke"_s, u"SELECT id, v FROM t ORDER BY id"_s);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0), (QStringList{u"1"_s, u"one"_s}));
    QVERIFY(rows.at(1).at(1).isNull()); // SQL NULL
    QVERIFY(m_a->queryValue(u"smoke"_s, u"SELECT NULL"_s).isNull());
    // The other cluster is independent.
    QVERIFY_THROWS_EXCEPTION(PgError, m_b->exec(u"smoke"_s, u"SELECT 1"_s));
}

void TestPgCluster::sqlErrorsAreClear()
{
    try {
        m_a->exec(u"postgres"_s, u"SELECT * FROM no_such_table"_s);
        QFAIL("expected PgError");
    } catch (const PgError &error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(u"42P01"_s), qPrintable(message));
        QVERIFY2(message.contains(u"no_such_table"_s), qPrintable(message));
        QVERIFY2(message.contains(u"'a'"_s), qPrintable(message));
    }
    QVERIFY_THROWS_EXCEPTION(PgError, m_a->queryValue(u"postgres"_s, u"SELECT 1 WHERE false"_s));
}

void TestPgCluster::restartKeepsPortAndData()
{
    const int port = m_a->port();
    const qint64 oldPid = m_a->pid();
    QElapsedTimer timer;
    timer.start();
    m_a->restart();
    qInfo("restart: %lld ms", timer.elapsed());
    QCOMPARE(m_a->port(), port);
    QVERIFY(m_a->pid() != oldPid);
    QVERIFY(!PgCluster::isProcessAlive(oldPid));
    QCOMPARE(m_a->queryValue(u"smoke"_s, u"SELECT v FROM t WHERE id = 1"_s), u"one"_s);
    QCOMPARE(m_b->queryValue(u"postgres"_s, u"SELECT 1"_s), u"1"_s);
}

void TestPgCluster::sharedClustersAreReused()
{
    PgCluster &source = PgCluster::sharedSource();
    PgCluster &target = PgCluster::sharedTarget();
    QCOMPARE(&PgCluster::sharedSource(), &source);
    QVERIFY(&source != &target);
    QVERIFY(source.port() != target.port());
    QCOMPARE(source.queryValue(u"postgres"_s, u"SHOW wal_level"_s), u"logical"_s);
    QCOMPARE(target.queryValue(u"postgres"_s, u"SELECT 2"_s), u"2"_s);
}

void TestPgCluster::stopEndsServers()
{
    const qint64 pidA = m_a->pid();
    const qint64 pidB = m_b->pid();
    const QString rootA = QFileInfo(m_a->dataDir()).path();
    m_a->stop();
    QVERIFY(!m_a->isRunning());
    QVERIFY(!PgCluster::isProcessAlive(pidA));
    QVERIFY(!QFileInfo::exists(m_a->dataDir() + u"/postmaster.pid"_s));
    QVERIFY_THROWS_EXCEPTION(PgError, m_a->exec(u"postgres"_s, u"SELECT 1"_s));
    m_b.reset(); // the destructor stops too
    QVERIFY(!PgCluster::isProcessAlive(pidB));
    m_a.reset();
    if (qEnvironmentVariableIsEmpty("SYNCLINE_TEST_KEEP_PG"))
        QVERIFY2(!QDir(rootA).exists(), qPrintable(rootA));
}

QTEST_GUILESS_MAIN(TestPgCluster)
#include "tst_pg_cluster.moc"
