// A MariaDB source as the console runs it, in process: the Dashboard's lag in bytes of binary
// log and in seconds while the pipeline is paused, falling to zero once it has caught up; the
// warning that the log the capture point needs may expire; and the Schemas page's history, a
// second version of a table after a column is added, with the DDL statement that made it.

#include "mariadb_server.h"
#include "pg_cluster.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "config/config_loader.h"
#include "pipeline/pipeline.h"
#include "schema/schema_history.h"
#endif

#include <memory>
#include <thread>

using namespace syncline;
using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestMysqlConsole : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MariaDbServer> m_mysql;
    QTemporaryDir m_work;

    int targetRows()
    {
        return PgCluster::sharedTarget()
            .queryValue(u"mysql_console"_s, u"SELECT count(*) FROM shop.items"_s)
            .toInt();
    }

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK({
            PgCluster::sharedTarget().createDatabase(u"mysql_console"_s);
            m_mysql = std::make_unique<MariaDbServer>(u"mysqlconsole"_s);
            m_mysql->start();
            m_mysql->exec({}, u"CREATE DATABASE shop; "
                              "CREATE TABLE shop.items (id int PRIMARY KEY, note text);"
                              "INSERT INTO shop.items VALUES (1, 'first')"_s);
        });
    }

    void lagWhilePausedAndSchemaHistory()
    {
        const QString path = m_work.filePath(u"console.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            u"pipeline: console\n"
            "source:\n"
            "  type: mysql\n"
            "  dsn: \"%1\"\n"
            "  server_id: 5402\n"
            "  tables: [shop.items]\n"
            "  snapshot: initial\n"
            "sinks:\n"
            "  - name: analytics\n"
            "    type: postgres\n"
            "    dsn: \"%2\"\n"_s
                .arg(m_mysql->dsn(u"shop"_s), PgCluster::sharedTarget().dsn(u"mysql_console"_s))
                .toUtf8());
        file.close();
        auto loaded = loadPipelineConfig(path.toStdString());
        QVERIFY(std::holds_alternative<PipelineConfig>(loaded));
        const auto stateDir = std::get<PipelineConfig>(loaded).stateDir;
        Pipeline pipeline(std::get<PipelineConfig>(std::move(loaded)));
        std::thread runner([&] { pipeline.run(); });
        // Stops and joins whether the test passes or fails.
        const std::unique_ptr<std::thread, void (*)(std::thread *)> joined(
            &runner, [](std::thread *thread) { thread->join(); });
        struct StopAtExit
        {
            Pipeline &pipeline;
            ~StopAtExit() { pipeline.requestStop(); }
        } stopAtExit{pipeline};
        const auto state = [&] { return pipeline.status().state; };
        const auto lagBytes = [&] {
            return pipeline.metrics().latest().value(Metric::SlotLagBytes);
        };
        QTRY_COMPARE_WITH_TIMEOUT(state(), PipelineState::Streaming, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(), 1, 10000);
        // The time lag counts from the source commit of the last change applied: one is.
        m_mysql->exec(u"shop"_s, u"INSERT INTO items VALUES (2, 'second')"_s);
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(), 2, 10000);

        pipeline.requestPause();
        QTRY_COMPARE_WITH_TIMEOUT(state(), PipelineState::Paused, 30000);
        const auto logEnd = [&] {
            return m_mysql->query({}, u"SHOW MASTER STATUS"_s).at(0).at(1).toLongLong();
        };
        const long long before = logEnd();
        m_mysql->exec(u"shop"_s, u"INSERT INTO items SELECT seq, repeat('x', 100) "
                                 "FROM seq_3_to_500"_s);
        const long long written = logEnd() - before;
        QVERIFY(written > 498 * 100);
        // The prober asks every 5 s: the waiting rows are measured in bytes of binary log, and
        // the time lag counts from the last change applied.
        QTRY_VERIFY_WITH_TIMEOUT(lagBytes() >= double(written), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.metrics().latest().value(Metric::SlotLagSeconds) > 0,
                                 5000);
        QVERIFY(pipeline.metrics().latest().value(Metric::RetainedWalBytes) >= lagBytes());
        QCOMPARE(targetRows(), 2);
        QVERIFY(pipeline.metrics().latest().captureWarning.empty());

        // Retention against lag: the log the capture point needs is no longer the newest, and
        // the server keeps logs for 8 s only; once the point is half that old, the console is
        // warned. (Logs are purged only when the server switches logs, which nothing does
        // before the setting is back.)
        m_mysql->exec({}, u"SET GLOBAL binlog_expire_logs_seconds = 8; FLUSH BINARY LOGS"_s);
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.metrics().latest().captureWarning.find("may expire") !=
                                     std::string::npos,
                                 20000);
        m_mysql->exec({}, u"SET GLOBAL binlog_expire_logs_seconds = 0"_s);

        pipeline.requestResume();
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(), 500, 30000);
        // Caught up, and idle: no lag left, in bytes or seconds.
        QTRY_COMPARE_WITH_TIMEOUT(lagBytes(), 0.0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(pipeline.metrics().latest().value(Metric::SlotLagSeconds), 0.0,
                                  5000);

        m_mysql->exec(u"shop"_s, u"ALTER TABLE items ADD COLUMN qty int; "
                                 "INSERT INTO items VALUES (501, 'after', 7)"_s);
        QTRY_COMPARE_WITH_TIMEOUT(targetRows(), 501, 30000);
        SchemaHistory history(SchemaHistory::fileIn(stateDir));
        const auto versions = history.versions("shop.items");
        QCOMPARE(versions.size(), std::size_t(2));
        QCOMPARE(versions[1].schema.columns.back().name, "qty");
        const auto statements = history.ddl("shop.items");
        QCOMPARE(statements.size(), std::size_t(1));
        QCOMPARE(statements[0].commandTag, "ALTER TABLE");
        QCOMPARE(statements[0].ddl, "ALTER TABLE items ADD COLUMN qty int");
    }
};

QTEST_GUILESS_MAIN(TestMysqlConsole)
#include "tst_mysql_console.moc"
