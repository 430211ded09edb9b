// MariaDB to PostgreSQL through `syncline run`: the issue's pipeline file as written (an account
// with replication privileges only, the password from ${MYSQL_PASSWORD}), the snapshot handing
// over to the binary log without a gap, an added column, a runner killed three times after a
// sink commit (before the capture point moved) that loses and duplicates nothing, the same
// through Kafka (with the envelopes' binary log coordinates read back by kcat), the time lag
// kept fresh on an idle source by the server's heartbeats, and a purged binary log reported by
// status and refused by run.
#include "armed_failpoint.h"
#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "mariadb_server.h"
#include "metrics_scrape.h"
#include "pg_cluster.h"
#include "syncline_runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>
#include <memory>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// A table's rows as text, ordered by id, from either server: id|note|qty per row.
QStringList rowsOf(const QList<QStringList> &rows)
{
    QStringList lines;
    for (const auto &row : rows)
        lines << row.join(u'|');
    return lines;
}

} // namespace

class TestMysqlPipeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void issueExampleCopiesThenStreams();
    void killedAfterSinkCommitLosesAndDuplicatesNothing();
    void throughKafkaToo();
    void kafkaEnvelopesCarryTheBinlogCoordinates();
    void idleSourceKeepsTheTimeLagFresh();
    void purgedLogIsReportedAndStopsThePipeline();

private:
    // The issue's file, with this server's port and a target added; `moreLines` follow the
    // sink's.
    QString writeIssueExample(const QString &name, const QString &targetDb,
                              const QString &moreLines = {},
                              const QString &tables = u"[shop.orders, shop.customers]"_s);
    QStringList sourceRows(const QString &table);
    QStringList targetRows(const QString &db, const QString &table);
    bool waitForEqual(const QString &db, const QString &table, int timeoutMs);
    // Orders and customers both.
    bool inSync(const QString &db, int timeoutMs)
    {
        return waitForEqual(db, u"orders"_s, timeoutMs) &&
               waitForEqual(db, u"customers"_s, timeoutMs);
    }

    std::unique_ptr<MariaDbServer> m_mysql;
    QTemporaryDir m_work;
    std::unique_ptr<SynclineRunner> m_runner;
};

void TestMysqlPipeline::initTestCase()
{
    SYNCLINE_PG_CHECK(PgCluster::sharedTarget());
    m_mysql = std::make_unique<MariaDbServer>(u"mysqlpipe"_s);
    SYNCLINE_PG_CHECK(m_mysql->start());
    // The account the issue's file names, with what a replica and a snapshot need, no more.
    SYNCLINE_PG_CHECK(m_mysql->exec(
        {}, u"CREATE DATABASE shop; "
            "CREATE TABLE shop.orders (id int NOT NULL PRIMARY KEY, customer int, "
            "  amount decimal(10,2), placed datetime(3)); "
            "CREATE TABLE shop.customers (id int NOT NULL PRIMARY KEY, name varchar(60), "
            "  email varchar(80)); "
            "CREATE TABLE shop.other (id int NOT NULL PRIMARY KEY); "
            "CREATE TABLE shop.ledger (id int NOT NULL); " // no key: a change applied twice shows

            "CREATE USER repl@'%' IDENTIFIED BY 'repl-secret-42'; "
            "CREATE USER repl@'localhost' IDENTIFIED BY 'repl-secret-42'; "
            "GRANT REPLICATION SLAVE, BINLOG MONITOR, SELECT ON *.* TO repl@'%'; "
            "GRANT REPLICATION SLAVE, BINLOG MONITOR, SELECT ON *.* TO repl@'localhost'; "
            "INSERT INTO shop.customers VALUES (1, 'Ada', 'ada@example.com'), "
            "  (2, 'Grace', 'grace@example.com'); "
            "INSERT INTO shop.orders VALUES (1, 1, 10.50, '2026-01-02 03:04:05.678'), "
            "  (2, 2, 99.99, NULL);"_s));
    qputenv("MYSQL_PASSWORD", "repl-secret-42");
    m_runner = std::make_unique<SynclineRunner>(m_work.path());
}

void TestMysqlPipeline::cleanup()
{
    if (QTest::currentTestFailed()) {
        if (m_runner)
            qWarning("runner output:\n%s", qPrintable(m_runner->outputTail(60)));
        if (m_mysql)
            qWarning("server log:\n%s", qPrintable(m_mysql->logTail()));
    }
    if (m_runner && m_runner->isRunning()) {
        m_runner->terminate();
        m_runner->waitForExit(30000);
    }
}

QString TestMysqlPipeline::writeIssueExample(const QString &name, const QString &targetDb,
                                             const QString &moreLines, const QString &tables)
{
    const QString yaml =
        u"pipeline: %1\n"
        "source:\n"
        "  type: mysql\n"
        "  dsn: \"host=127.0.0.1 port=%2 user=repl password=${MYSQL_PASSWORD} database=shop\"\n"
        "  server_id: 5401            # unique among the server's replicas\n"
        "  tables: %4\n"
        "  snapshot: initial\n"
        "sinks:\n"
        "  - name: analytics\n"
        "    type: postgres\n"
        "    dsn: \"%3\"\n"_s.arg(name)
            .arg(m_mysql->port())
            .arg(PgCluster::sharedTarget().dsn(targetDb), tables) +
        moreLines;
    const QString path = m_work.path() + u'/' + name + u".yaml"_s;
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(yaml.toUtf8());
    return path;
}

// Both sides print times alike: MariaDB pads DATETIME(3) to three digits, PostgreSQL drops
// trailing zeros.
QStringList TestMysqlPipeline::sourceRows(const QString &table)
{
    const QString columns =
        table == u"orders"_s
            ? u"id, customer, amount, DATE_FORMAT(placed, '%Y-%m-%d %H:%i:%s.%f')"_s
            : u"*"_s;
    return rowsOf(m_mysql->query(u"shop"_s,
                                 u"SELECT "_s + columns + u" FROM "_s + table + u" ORDER BY id"_s));
}

QStringList TestMysqlPipeline::targetRows(const QString &db, const QString &table)
{
    const QString columns =
        table == u"orders"_s
            ? u"id, customer, amount, to_char(placed, 'YYYY-MM-DD HH24:MI:SS.US')"_s
            : u"*"_s;
    return rowsOf(PgCluster::sharedTarget().query(db, u"SELECT "_s + columns + u" FROM shop."_s +
                                                          table + u" ORDER BY id"_s));
}

bool TestMysqlPipeline::waitForEqual(const QString &db, const QString &table, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        try {
            if (targetRows(db, table) == sourceRows(table))
                return true;
        } catch (const PgError &) {
            // the table may not exist yet
        }
        QThread::msleep(200);
    }
    return false;
}

void TestMysqlPipeline::issueExampleCopiesThenStreams()
{
    PgCluster::sharedTarget().createDatabase(u"analytics"_s);
    const QString file = writeIssueExample(u"shop-analytics"_s, u"analytics"_s);
    const auto [validated, report] = SynclineRunner::runOnce({u"validate"_s, file});
    QVERIFY2(validated == 0, qPrintable(report));
    QVERIFY2(!report.contains(u"repl-secret-42"_s), qPrintable(report));

    m_runner->start({u"run"_s, file});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    QVERIFY(inSync(u"analytics"_s, 10000));
    QCOMPARE(targetRows(u"analytics"_s, u"orders"_s).at(0),
             u"1|1|10.50|2026-01-02 03:04:05.678000"_s);

    SYNCLINE_PG_CHECK(m_mysql->exec(
        u"shop"_s, u"INSERT INTO orders VALUES (3, 1, 5.00, '2026-02-03 04:05:06'); "
                   "UPDATE customers SET email = 'ada@new.example' WHERE id = 1; "
                   "DELETE FROM orders WHERE id = 2; INSERT INTO other VALUES (1);"_s));
    QVERIFY(inSync(u"analytics"_s, 15000));
    QVERIFY2(!m_runner->output().contains(u"repl-secret-42"_s), "the password reached the log");

    // A restart resumes from the capture point: no second snapshot, nothing applied twice.
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);
    SYNCLINE_PG_CHECK(m_mysql->exec(u"shop"_s, u"INSERT INTO orders VALUES (4, 2, 1.25, NULL)"_s));
    m_runner->start({u"run"_s, file});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    QVERIFY(!m_runner->output().contains(u"capture starts at"_s));
    QVERIFY(waitForEqual(u"analytics"_s, u"orders"_s, 15000));

    // A column added on the source reaches the target with its first change.
    SYNCLINE_PG_CHECK(m_mysql->exec(u"shop"_s,
                                    u"ALTER TABLE customers ADD COLUMN tier int; "
                                    "UPDATE customers SET tier = 2 WHERE id = 1; "
                                    "INSERT INTO customers VALUES (3, 'Edsger', NULL, 7);"_s));
    QVERIFY(waitForEqual(u"analytics"_s, u"customers"_s, 15000));
    QCOMPARE(targetRows(u"analytics"_s, u"customers"_s).at(2), u"3|Edsger||7"_s);
}

void TestMysqlPipeline::killedAfterSinkCommitLosesAndDuplicatesNothing()
{
    PgCluster::sharedTarget().createDatabase(u"killed"_s);
    // One change a target transaction, so the failpoint's hits are the changes applied.
    const QString file =
        writeIssueExample(u"shop-killed"_s, u"killed"_s, u"    batch_max_changes: 1\n"_s,
                          u"[shop.orders, shop.customers, shop.ledger]"_s);
    m_runner->start({u"run"_s, file});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);

    // Three rounds: 40 transactions written while stopped, then the runner dies after its 15th
    // sink commit, with the capture point behind what the target holds. The sink starts 1.5 s
    // late, so the source has read all 40 and confirmed what the sink had then (nothing new)
    // before it dies: a capture point moved past what the sink committed would lose the rest.
    for (int round = 0; round < 3; ++round) {
        const int first = 100 + 40 * round;
        QString sql;
        for (int i = first; i < first + 40; ++i)
            sql += u"BEGIN; INSERT INTO orders VALUES (%1, 1, %1.5, NULL); INSERT INTO ledger "
                   "VALUES (%1); UPDATE customers SET name = 'n%1' WHERE id = 2; COMMIT; "_s.arg(i);
        SYNCLINE_PG_CHECK(m_mysql->exec(u"shop"_s, sql));
        {
            ArmedFailpoint armed(
                u"sink_worker.starting=sleep:1500;sink.committed_before_confirm=kill@15"_s);
            m_runner->start({u"run"_s, file});
        }
        QCOMPARE(m_runner->waitForExit(120000), -2);
        QVERIFY2(m_runner->output().contains(u"failpoint sink.committed_before_confirm: kill"_s),
                 qPrintable(m_runner->outputTail()));
        const int applied = PgCluster::sharedTarget()
                                .queryValue(u"killed"_s, u"SELECT count(*) FROM shop.ledger"_s)
                                .toInt();
        QVERIFY2(applied > 40 * round && applied < 40 * (round + 1),
                 qPrintable(QString::number(applied)));

        m_runner->start({u"run"_s, file});
        QVERIFY(waitForEqual(u"killed"_s, u"orders"_s, 30000));
        QVERIFY(waitForEqual(u"killed"_s, u"customers"_s, 30000));
        QVERIFY(waitForEqual(u"killed"_s, u"ledger"_s, 30000));
        QCOMPARE(targetRows(u"killed"_s, u"ledger"_s).size(), 40 * (round + 1));
        QVERIFY(!m_runner->output().contains(u"capture starts at"_s)); // resumed, not copied
        m_runner->terminate();
        QCOMPARE(m_runner->waitForExit(30000), 0);
    }
}

// The same pipeline through the embedded Kafka broker: the snapshot and the changes after it
// travel as Debezium MySQL envelopes and reach the target.
void TestMysqlPipeline::throughKafkaToo()
{
    PgCluster::sharedTarget().createDatabase(u"viakafka"_s);
    const QString file = writeIssueExample(u"shop-kafka"_s, u"viakafka"_s,
                                           u"transport:\n  type: kafka\n  brokers: embedded\n"_s);
    m_runner->start({u"run"_s, file});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    QVERIFY(inSync(u"viakafka"_s, 30000));
    SYNCLINE_PG_CHECK(m_mysql->exec(
        u"shop"_s, u"INSERT INTO orders VALUES (500, 2, 3.25, '2026-03-04 05:06:07.890'); "
                   "UPDATE customers SET email = 'grace@new.example' WHERE id = 2; "
                   "DELETE FROM orders WHERE id = 1;"_s));
    QVERIFY(inSync(u"viakafka"_s, 30000));
}

// The server purged the binary log the capture point needs: status says so before a run, and
// the run stops and asks for a new snapshot instead of skipping what is gone.
// Read back with kcat, as a Debezium user would: each change's envelope names the MySQL
// connector, the database and table, and where in the server's binary log it was written.
void TestMysqlPipeline::kafkaEnvelopesCarryTheBinlogCoordinates()
{
    PgCluster::sharedTarget().createDatabase(u"envelopes"_s);
    KafkaMockCluster kafka;
    for (const auto &topic : {u"shop-envelopes.shop.orders"_s, u"shop-envelopes.shop.customers"_s,
                              u"shop-envelopes._schemas"_s})
        kafka.createTopic(topic, 1);
    const QString file = writeIssueExample(
        u"shop-envelopes"_s, u"envelopes"_s,
        u"transport:\n  type: kafka\n  brokers: \"%1\"\n  topic_prefix: shop-envelopes\n"
        "  partitions: 1\n  properties:\n"_s.arg(kafka.bootstrap()) +
            quickGroupProperties());
    m_runner->start({u"run"_s, file});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    SYNCLINE_PG_CHECK(m_mysql->exec(u"shop"_s, u"INSERT INTO orders VALUES (700, 2, 7.00, NULL); "
                                               "DELETE FROM orders WHERE id = 700;"_s));
    QVERIFY(inSync(u"envelopes"_s, 30000));
    const QString serverId = m_mysql->queryValue({}, u"SELECT @@server_id"_s);
    const QStringList status = m_mysql->query({}, u"SHOW MASTER STATUS"_s).at(0);
    const QString gtidAfter = m_mysql->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);
    const qlonglong sequence = gtidAfter.section(u'-', 2).toLongLong(); // the DELETE's

    QProcess kcat;
    kcat.start(u"kcat"_s,
               {u"-b"_s, kafka.bootstrap(), u"-C"_s, u"-t"_s, u"shop-envelopes.shop.orders"_s,
                u"-o"_s, u"beginning"_s, u"-e"_s, u"-q"_s, u"-f"_s, u"%s\n"_s});
    QVERIFY(kcat.waitForFinished(30000));
    QCOMPARE(kcat.exitCode(), 0);
    QJsonObject insert, remove;
    for (const QByteArray &line : kcat.readAllStandardOutput().split('\n')) {
        const QJsonObject envelope = QJsonDocument::fromJson(line).object();
        const QJsonObject row = envelope.value(u"op"_s) == u"d"_s
                                    ? envelope.value(u"before"_s).toObject()
                                    : envelope.value(u"after"_s).toObject();
        if (row.value(u"id"_s).toInt() != 700)
            continue;
        (envelope.value(u"op"_s) == u"c"_s ? insert : remove) = envelope;
    }
    QVERIFY2(!insert.isEmpty() && !remove.isEmpty(), "the changes of id 700 are not on the topic");
    for (const auto &[envelope, gtid] :
         {std::pair{insert, sequence - 1}, std::pair{remove, sequence}}) {
        const QJsonObject source = envelope.value(u"source"_s).toObject();
        QCOMPARE(source.value(u"connector"_s).toString(), u"mysql"_s);
        QCOMPARE(source.value(u"db"_s).toString(), u"shop"_s);
        QCOMPARE(source.value(u"table"_s).toString(), u"orders"_s);
        QCOMPARE(source.value(u"server_id"_s).toVariant().toString(), serverId);
        QCOMPARE(source.value(u"file"_s).toString(), status.at(0));
        const qlonglong pos = source.value(u"pos"_s).toVariant().toLongLong();
        QVERIFY2(pos > 4 && pos < status.at(1).toLongLong(), qPrintable(QString::number(pos)));
        QCOMPARE(source.value(u"gtid"_s).toString(),
                 gtidAfter.section(u'-', 0, 1) + u'-' + QString::number(gtid));
    }
    QVERIFY(insert.value(u"source"_s).toObject().value(u"pos"_s).toVariant().toLongLong() <
            remove.value(u"source"_s).toObject().value(u"pos"_s).toVariant().toLongLong());
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);
}

// Nothing changes on the source: the heartbeats the server sends when its log has nothing more
// move the time of the newest source event on, so the time lag does not go stale.
void TestMysqlPipeline::idleSourceKeepsTheTimeLagFresh()
{
    PgCluster::sharedTarget().createDatabase(u"idle"_s);
    const QString file =
        writeIssueExample(u"shop-idle"_s, u"idle"_s, u"metrics:\n  listen: \"127.0.0.1:0\"\n"_s);
    m_runner->start({u"run"_s, file});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    const auto served = QRegularExpression(u"serving Prometheus metrics on "
                                           "http://127\\.0\\.0\\.1:(\\d+)/metrics"_s)
                            .match(m_runner->output());
    QVERIFY2(served.hasMatch(), qPrintable(m_runner->outputTail()));
    const int port = served.captured(1).toInt();
    const auto metric = [port](const QString &series) {
        return sampleValue(httpGet(port, "/metrics"), series);
    };
    const QString newest =
        u"syncline_source_last_event_timestamp_seconds{pipeline=\"shop-idle\"}"_s;
    QTRY_VERIFY_WITH_TIMEOUT(!std::isnan(metric(newest)), 15000);
    const double first = metric(newest);
    QTRY_VERIFY_WITH_TIMEOUT(metric(newest) >= first + 2.5, 15000);
    const double behind = metric(u"syncline_milliseconds_behind_source{pipeline=\"shop-idle\"}"_s);
    QVERIFY2(behind >= 0 && behind < 2000, qPrintable(QString::number(behind)));
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);
}

void TestMysqlPipeline::purgedLogIsReportedAndStopsThePipeline()
{
    PgCluster::sharedTarget().createDatabase(u"purged"_s);
    const QString file = writeIssueExample(u"shop-purged"_s, u"purged"_s);
    m_runner->start({u"run"_s, file});
    QVERIFY2(m_runner->waitForOutput(u"streaming the binary log from"_s, 60000),
             qPrintable(m_runner->outputTail()));
    m_runner->terminate();
    QCOMPARE(m_runner->waitForExit(30000), 0);
    const auto [healthy, before] = SynclineRunner::runOnce({u"status"_s, file});
    QVERIFY2(before.contains(u"capture   binary log capture point (server_id 5401)"_s) &&
                 before.contains(u"of binary log"_s) && !before.contains(u"warning"_s),
             qPrintable(before));

    SYNCLINE_PG_CHECK(m_mysql->exec(u"shop"_s, u"INSERT INTO orders VALUES (900, 1, 9, NULL); "
                                               "FLUSH BINARY LOGS; FLUSH BINARY LOGS;"_s));
    const QString newest = m_mysql->query({}, u"SHOW MASTER STATUS"_s).at(0).at(0);
    // The server keeps a log until InnoDB's binlog checkpoint has passed it: purge until gone.
    QElapsedTimer purging;
    purging.start();
    do {
        SYNCLINE_PG_CHECK(m_mysql->exec({}, u"PURGE BINARY LOGS TO '%1'"_s.arg(newest)));
        QThread::msleep(100);
    } while (m_mysql->query({}, u"SHOW BINARY LOGS"_s).at(0).at(0) != newest &&
             purging.elapsed() < 10000);
    const auto [reported, after] = SynclineRunner::runOnce({u"status"_s, file});
    QVERIFY2(after.contains(u"warning"_s) && after.contains(u"purged"_s), qPrintable(after));

    m_runner->start({u"run"_s, file});
    QVERIFY(m_runner->waitForExit(60000) != 0);
    QVERIFY2(m_runner->output().contains(u"new snapshot"_s), qPrintable(m_runner->outputTail()));
}

QTEST_GUILESS_MAIN(TestMysqlPipeline)
#include "tst_mysql_pipeline.moc"
