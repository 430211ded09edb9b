// Dead letters of a MariaDB source's changes, replayed by `syncline dlq replay`: into Redis,
// where the replay describes each table through the source's connector (MariaDB's catalog), the
// cache then equals the source and a second replay applies nothing; into an http receiver,
// where the table comes from the schema history, the refused change arrives once.

#include "dlq_cli.h"
#include "mariadb_server.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "redis_server.h"
#include "syncline_runner.h"
#include "webhook_receiver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestMysqlDlqReplay : public QObject
{
    Q_OBJECT

    std::unique_ptr<MariaDbServer> m_mysql;
    QTemporaryDir m_work;
    std::unique_ptr<SynclineRunner> m_runner;

    // The file of a pipeline from shop.<table> of the MariaDB server to `sinks`.
    QString writePipeline(const QString &name, const QString &table, unsigned serverId,
                          const QString &sinks)
    {
        PipelineSpec spec;
        spec.name = name;
        spec.sourceDsn = m_mysql->dsn(u"shop"_s);
        spec.tables = {u"shop."_s + table};
        spec.sinks = sinks;
        spec.sourceType = u"mysql"_s;
        spec.serverId = serverId;
        return m_runner->writePipeline(spec);
    }

    // `syncline run <file>` until it streams; what went wrong, or "".
    QString startRunner(const QString &file)
    {
        m_runner->start({u"run"_s, file});
        return m_runner->waitForOutput(u"streaming the binary log from"_s, 60000)
                   ? QString()
                   : u"the runner did not stream:\n"_s + m_runner->outputTail();
    }

    QString stopRunner()
    {
        m_runner->terminate();
        const int code = m_runner->waitForExit(30000);
        return code == 0 ? QString() : u"the runner exited with %1"_s.arg(code);
    }

    // The first difference between shop.users and the hashes users:<id>, or "".
    QString cacheDifference(RedisServer &redis)
    {
        QStringList expectedKeys;
        for (const QStringList &row :
             m_mysql->query(u"shop"_s, u"SELECT id, name FROM users ORDER BY id"_s)) {
            const QString key = u"users:"_s + row[0];
            expectedKeys << key;
            QStringList expected{u"id"_s, row[0]};
            if (!row[1].isNull())
                expected << u"name"_s << row[1];
            const QStringList found = redis.command({u"HGETALL"_s, key});
            if (found != expected)
                return u"%1: source %2, redis %3"_s.arg(key, expected.join(u' '), found.join(u' '));
        }
        QStringList keys = redis.keys(u"users:*"_s);
        keys.sort();
        return keys == expectedKeys
                   ? QString()
                   : u"keys: source %1, redis %2"_s.arg(expectedKeys.join(u' '), keys.join(u' '));
    }

private slots:
    void initTestCase()
    {
        m_mysql = std::make_unique<MariaDbServer>(u"mysqldlq"_s);
        SYNCLINE_PG_CHECK(m_mysql->start());
        SYNCLINE_PG_CHECK(m_mysql->exec({},
                                        u"CREATE DATABASE shop; "
                                        "CREATE TABLE shop.users (id int NOT NULL PRIMARY KEY, "
                                        "  name varchar(40)); "
                                        "CREATE TABLE shop.notes (id int NOT NULL PRIMARY KEY, "
                                        "  note varchar(40)); "
                                        "INSERT INTO shop.users VALUES (1, 'ann'), (2, 'bob');"_s));
        m_runner = std::make_unique<SynclineRunner>(m_work.path());
    }

    void cleanup()
    {
        if (QTest::currentTestFailed()) {
            qWarning("runner output:\n%s", qPrintable(m_runner->outputTail(60)));
            qWarning("server log:\n%s", qPrintable(m_mysql->logTail()));
        }
        if (m_runner->isRunning())
            stopRunner();
    }

    // A row whose key holds a string (WRONGTYPE): its changes dead-lettered, the first pending
    // and the later one held behind it, while other rows go on. Once the key is fixed, the
    // replay applies both, in order, once.
    void redisReplayDescribesTablesByTheSource()
    {
        RedisServer redis(u"mysqldlq"_s);
        SYNCLINE_PG_CHECK(redis.start());
        const QString file =
            writePipeline(u"mysql-redis-dlq"_s, u"users"_s, 5411,
                          u"  - name: cache\n    type: redis\n    url: \"%1\"\n"
                          "    key: \"users:{id}\"\n    max_retries: 1\n"_s.arg(redis.url()));
        SYNCLINE_EXPECT_OK(startRunner(file));
        QTRY_VERIFY2_WITH_TIMEOUT(cacheDifference(redis).isEmpty(),
                                  qPrintable(cacheDifference(redis)), 30000);

        SYNCLINE_PG_CHECK(redis.command({u"SET"_s, u"users:1"_s, u"not a hash"_s}));
        SYNCLINE_PG_CHECK(m_mysql->exec(u"shop"_s,
                                        u"UPDATE users SET name = 'anne' WHERE id = 1; "
                                        "UPDATE users SET name = 'bobby' WHERE id = 2; "
                                        "INSERT INTO users VALUES (3, 'cy'); "
                                        "UPDATE users SET name = 'anna' WHERE id = 1;"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
            redis.command({u"HGET"_s, u"users:3"_s, u"name"_s}).value(0), u"cy"_s, 30000));
        QString problem;
        QJsonArray letters;
        QTRY_VERIFY_WITH_TIMEOUT((letters = dlqJson({u"list"_s, file}, problem)).size() == 2,
                                 30000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(letters[0].toObject()[u"status"_s].toString(), u"pending"_s);
        QVERIFY2(letters[0].toObject()[u"message"_s].toString().contains(u"WRONGTYPE"_s),
                 qPrintable(letters[0].toObject()[u"message"_s].toString()));
        QCOMPARE(letters[1].toObject()[u"status"_s].toString(), u"held"_s);
        QCOMPARE(redis.command({u"HGET"_s, u"users:2"_s, u"name"_s}).value(0), u"bobby"_s);
        QVERIFY(m_runner->isRunning());
        QVERIFY2(stopRunner().isEmpty(), qPrintable(m_runner->outputTail()));

        SYNCLINE_PG_CHECK(redis.command({u"DEL"_s, u"users:1"_s}));
        QJsonArray results = dlqJson({u"replay"_s, file, u"--all"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        for (const auto &result : results)
            QVERIFY2(result.toObject()[u"outcome"_s].toString() == u"applied"_s,
                     qPrintable(result.toObject()[u"detail"_s].toString()));
        SYNCLINE_PG_CHECK(
            QVERIFY2(cacheDifference(redis).isEmpty(), qPrintable(cacheDifference(redis))));

        // Again: nothing applied (a field changed by hand stays as it is).
        SYNCLINE_PG_CHECK(redis.command({u"HSET"_s, u"users:1"_s, u"name"_s, u"by hand"_s}));
        results = dlqJson({u"replay"_s, file, u"--all"_s, u"--status"_s, u"replayed"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        for (const auto &result : results)
            QCOMPARE(result.toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(redis.command({u"HGET"_s, u"users:1"_s, u"name"_s}).value(0), u"by hand"_s);
    }

    // A change the receiver refuses (400) is dead-lettered; once it accepts, the replay delivers
    // it once, and a second replay sends nothing.
    void httpReplayDescribesTablesByTheSchemaHistory()
    {
        qputenv("SYNCLINE_TEST_WEBHOOK_SECRET", "whsec_mysql");
        WebhookReceiver receiver(u"whsec_mysql"_s);
        QString problem;
        QVERIFY2(receiver.start(&problem), qPrintable(problem));
        const QString file =
            writePipeline(u"mysql-http-dlq"_s, u"notes"_s, 5412,
                          u"  - name: hook\n    type: http\n    url: \"%1\"\n"
                          "    secret: ${SYNCLINE_TEST_WEBHOOK_SECRET}\n    max_retries: 0\n"_s.arg(
                              receiver.url()));
        SYNCLINE_EXPECT_OK(startRunner(file));
        SYNCLINE_PG_CHECK(m_mysql->exec(
            u"shop"_s, u"INSERT INTO notes VALUES (10, 'reject-me'), (11, 'fine');"_s));
        QJsonArray letters;
        QTRY_VERIFY_WITH_TIMEOUT((letters = dlqJson({u"list"_s, file}, problem)).size() == 1,
                                 30000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY2(stopRunner().isEmpty(), qPrintable(m_runner->outputTail()));

        QVERIFY(receiver.acceptEverything());
        QJsonArray results = dlqJson({u"replay"_s, file, u"--all"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0].toObject()[u"outcome"_s].toString() == u"applied"_s,
                 qPrintable(results[0].toObject()[u"detail"_s].toString()));
        int arrived = 0;
        for (const auto &change : receiver.changes())
            if (change[u"key"_s].toObject()[u"id"_s].toInt() == 10 &&
                change[u"after"_s].toObject()[u"note"_s].toString() == u"reject-me"_s)
                ++arrived;
        QCOMPARE(arrived, 1);
        const int requests = receiver.stats()[u"requests"_s].toInt();
        results = dlqJson({u"replay"_s, file, u"--all"_s, u"--status"_s, u"replayed"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(receiver.stats()[u"requests"_s].toInt(), requests);
    }
};

QTEST_GUILESS_MAIN(TestMysqlDlqReplay)
#include "tst_mysql_dlq_replay.moc"
