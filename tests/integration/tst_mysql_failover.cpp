// A MariaDB failover under `syncline run`: a primary and a replica that replicates it by GTID
// (log_slave_updates, its own server_id and its own, lower, binary log file numbers). The
// pipeline captures the primary, stops, and is pointed at the promoted replica: it resumes
// after the capture point's GTID state, with no new snapshot, and the target equals the new
// primary, with no change lost (a position compared across the two servers' logs would skip
// the replica's) and none applied twice (the ledger table has no key). A server without the
// capture point's GTIDs is refused with the advice to take a new snapshot, and that new
// snapshot, taken while the sink holds a position of the later server, streams on.
#include "armed_failpoint.h"
#include "mariadb_server.h"
#include "pg_cluster.h"
#include "syncline_runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kTarget = u"failover"_s;

// The sequence number of the file a server writes now: binlog.000006 -> 6.
int currentLogNumber(MariaDbServer &server)
{
    const QString file = server.query({}, u"SHOW MASTER STATUS"_s).at(0).at(0);
    return file.mid(file.lastIndexOf(u'.') + 1).toInt();
}

} // namespace

class TestMysqlFailover : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void promotedReplicaResumesByGtid();
    void serverWithoutTheGtidsIsRefusedThenSnapshotAgain();

private:
    QString writePipeline(const MariaDbServer &source);
    // Transactions `first` to `last`: an item, a ledger row, and an update of the item before.
    void write(MariaDbServer &server, int first, int last);
    QStringList rowsOf(const QList<QStringList> &rows) const;
    QStringList sourceRows(MariaDbServer &server, const QString &table);
    QStringList targetRows(const QString &table);
    bool inSync(MariaDbServer &server, int timeoutMs);

    std::unique_ptr<MariaDbServer> m_primary;
    std::unique_ptr<MariaDbServer> m_replica;
    QTemporaryDir m_work;
    std::unique_ptr<SynclineRunner> m_runner;
};

void TestMysqlFailover::initTestCase()
{
    SYNCLINE_PG_CHECK(PgCluster::sharedTarget().createDatabase(kTarget));
    m_primary = std::make_unique<MariaDbServer>(u"failprimary"_s);
    m_replica = std::make_unique<MariaDbServer>(u"failreplica"_s);
    m_replica->setServerId(2);
    m_replica->setExtraArguments({u"--log-slave-updates"_s});
    SYNCLINE_PG_CHECK(m_primary->start());
    SYNCLINE_PG_CHECK(m_replica->start());
    // The primary's log is some files ahead of the replica's: positions of the two compare
    // wrongly, as they do after a real failover.
    for (int i = 0; i < 5; ++i)
        SYNCLINE_PG_CHECK(m_primary->exec({}, u"FLUSH LOCAL BINARY LOGS"_s));
    SYNCLINE_PG_CHECK(m_primary->exec(
        {}, u"CREATE DATABASE shop; "
            "CREATE TABLE shop.items (id int NOT NULL PRIMARY KEY, note varchar(40)); "
            "CREATE TABLE shop.ledger (id int NOT NULL); " // no key: a change applied twice shows
            "INSERT INTO shop.items VALUES (1, 'first'), (2, 'second'); "
            "INSERT INTO shop.ledger VALUES (1), (2);"_s));
    SYNCLINE_PG_CHECK(
        m_replica->exec({}, u"CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = %1, "
                            "MASTER_USER = 'syncline', MASTER_PASSWORD = 'syncline', "
                            "MASTER_USE_GTID = slave_pos; START SLAVE;"_s.arg(m_primary->port())));
    m_runner = std::make_unique<SynclineRunner>(m_work.path());
}

void TestMysqlFailover::cleanup()
{
    if (QTest::currentTestFailed()) {
        if (m_runner)
            qWarning("runner output:\n%s", qPrintable(m_runner->outputTail(60)));
        qWarning("replica log:\n%s", qPrintable(m_replica->logTail()));
    }
    if (m_runner && m_runner->isRunning()) {
        m_runner->terminate();
        m_runner->waitForExit(30000);
    }
}

QString TestMysqlFailover::writePipeline(const MariaDbServer &source)
{
    const QString yaml = u"pipeline: shop-failover\n"
                         "source:\n"
                         "  type: mysql\n"
                         "  dsn: \"%1\"\n"
                         "  server_id: 5402\n"
                         "  tables: [shop.items, shop.ledger]\n"
                         "  snapshot: initial\n"
                         "sinks:\n"
                         "  - name: target\n"
                         "    type: postgres\n"
                         "    dsn: \"%2\"\n"
                         "    batch_max_changes: 1\n"_s.arg(source.dsn(u"shop"_s),
                                                            PgCluster::sharedTarget().dsn(kTarget));
    const QString path = m_work.path() + u"/shop-failover.yaml"_s;
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(yaml.toUtf8());
    return path;
}

void TestMysqlFailover::write(MariaDbServer &server, int first, int last)
{
    QString sql;
    for (int i = first; i <= last; ++i)
        sql += u"BEGIN; INSERT INTO items VALUES (%1, 'n%1'); INSERT INTO ledger VALUES (%1); "
               "UPDATE items SET note = 'u%1' WHERE id = %2; COMMIT; "_s.arg(i)
                   .arg(i - 1);
    server.exec(u"shop"_s, sql);
}

QStringList TestMysqlFailover::rowsOf(const QList<QStringList> &rows) const
{
    QStringList lines;
    for (const auto &row : rows)
        lines << row.join(u'|');
    return lines;
}

QStringList TestMysqlFailover::sourceRows(MariaDbServer &server, const QString &table)
{
    return rowsOf(server.query(u"shop"_s, u"SELECT * FROM "_s + table + u" ORDER BY 1"_s));
}

QStringList TestMysqlFailover::targetRows(const QString &table)
{
    return rowsOf(PgCluster::sharedTarget().query(kTarget, u"SELECT * FROM shop."_s + table +
                                                               u" ORDER BY 1"_s));
}

bool TestMysqlFailover::inSync(MariaDbServer &server, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        try {
            if (targetRows(u"items"_s) == sourceRows(server, u"items"_s) &&
                targetRows(u"ledger"_s) == sourceRows(server, u"ledger"_s))
                return true;
        } catch (const PgError &) {
            // the tables may not exist yet
        }
        QThread::msleep(200);
    }
    return false;
}

void TestMysqlFailover::promotedReplicaResumesByGtid()
{
    const QString onPrimary = writePipeline(*m_primary);
    m_runner->start({u"run"_s, onPrimary});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    QVERIFY(inSync(*m_primary, 15000));
    SYNCLINE_PG_CHECK(write(*m_primary, 10, 19));
    QVERIFY(inSync(*m_primary, 15000));
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);

    // 40 transactions written while the pipeline is stopped; then the runner dies after its
    // 15th sink commit, before the capture point moved: the sink holds transactions the capture
    // point is behind, and the replica sends them again after its GTID state, at other places.
    SYNCLINE_PG_CHECK(write(*m_primary, 20, 59));
    {
        ArmedFailpoint armed(
            u"sink_worker.starting=sleep:1500;sink.committed_before_confirm=kill@15"_s);
        m_runner->start({u"run"_s, onPrimary});
    }
    QCOMPARE(m_runner->waitForExit(120000), -2);
    const qsizetype applied = targetRows(u"ledger"_s).size();
    QVERIFY2(applied > 12 && applied < 52, qPrintable(QString::number(applied)));
    const QString primaryPosition = m_primary->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);
    QCOMPARE(m_replica->queryValue({}, u"SELECT MASTER_GTID_WAIT('%1', 30)"_s.arg(primaryPosition)),
             u"0"_s);
    QVERIFY2(currentLogNumber(*m_replica) < currentLogNumber(*m_primary),
             "the replica's binary log must number its files lower than the primary's");

    // The primary fails; the replica is promoted and takes writes of its own.
    SYNCLINE_PG_CHECK(m_primary->stop());
    SYNCLINE_PG_CHECK(m_replica->exec({}, u"STOP SLAVE; RESET SLAVE ALL;"_s));
    SYNCLINE_PG_CHECK(write(*m_replica, 60, 69));

    const QString onReplica = writePipeline(*m_replica);
    const auto [status, statusText] = SynclineRunner::runOnce({u"status"_s, onReplica});
    QVERIFY2(statusText.contains(u"server_id 1 (a failover?): the next run resumes after GTID"_s),
             qPrintable(statusText));
    m_runner->start({u"run"_s, onReplica});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from after GTID"_s, 60000),
             qPrintable(m_runner->outputTail()));
    QVERIFY2(inSync(*m_replica, 20000), qPrintable(targetRows(u"ledger"_s).join(u' ')));
    QVERIFY(!m_runner->output().contains(u"capture starts at"_s)); // resumed, not copied again
    SYNCLINE_PG_CHECK(write(*m_replica, 70, 79));
    QVERIFY(inSync(*m_replica, 15000));
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);

    // On the new primary, capture goes on resuming by GTID from the points it saved there.
    SYNCLINE_PG_CHECK(write(*m_replica, 80, 84));
    m_runner->start({u"run"_s, onReplica});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from after GTID"_s, 60000),
             qPrintable(m_runner->outputTail()));
    QVERIFY(inSync(*m_replica, 15000));
    QVERIFY(!m_runner->output().contains(u"capture starts at"_s));
    QCOMPARE(targetRows(u"ledger"_s).size(), 2 + 75);
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);
}

// The old primary comes back, without what the replica wrote after the promotion: the capture
// point's GTID state is not in its log, and the run stops saying a new snapshot is needed
// rather than skip or mix changes. With the state directory removed, the new snapshot loads
// and streaming goes on, although the sink held a position of the later server (epoch 1),
// above every position of this one's.
void TestMysqlFailover::serverWithoutTheGtidsIsRefusedThenSnapshotAgain()
{
    SYNCLINE_PG_CHECK(m_primary->start());
    const QStringList before = targetRows(u"ledger"_s);
    const QString onOldPrimary = writePipeline(*m_primary);
    m_runner->start({u"run"_s, onOldPrimary});
    QVERIFY(m_runner->waitForExit(60000) > 0);
    QVERIFY2(m_runner->output().contains(u"cannot send its binary log after GTID"_s) &&
                 m_runner->output().contains(u"new snapshot"_s),
             qPrintable(m_runner->outputTail()));
    QCOMPARE(targetRows(u"ledger"_s), before);

    QVERIFY(QDir(m_work.path() + u"/.syncline/shop-failover"_s).removeRecursively());
    m_runner->start({u"run"_s, onOldPrimary});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    QVERIFY(m_runner->output().contains(u"capture starts at"_s));
    QVERIFY(inSync(*m_primary, 15000));
    SYNCLINE_PG_CHECK(write(*m_primary, 90, 94));
    QVERIFY(inSync(*m_primary, 15000));
}

QTEST_GUILESS_MAIN(TestMysqlFailover)
#include "tst_mysql_failover.moc"
