// The desktop console as a user starts it: the real `syncline-console --start pipeline.yaml`
// (offscreen) streams between two harness servers and stops cleanly on SIGTERM. With
// `--metrics` it serves every pipeline's metrics on one /metrics, and a pipeline file's own
// `metrics: listen` on that address, as `syncline run` would.

#include "metrics_scrape.h"
#include "pg_cluster.h"
#include "pg_process.h"
#include "pipeline_fixture.h"
#include "syncline_runner.h"
#include "table_compare.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestConsoleBinary : public QObject
{
    Q_OBJECT

private:
    PgCluster &source() { return PgCluster::sharedSource(); }
    PgCluster &target() { return PgCluster::sharedTarget(); }

    QTemporaryDir m_home;

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK(source());
        SYNCLINE_PG_CHECK(target());
        // The console keeps its settings (window state, recent files) there, not in the user's.
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(u"data"_s).toUtf8());
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }

    void startStreamsAndStopsOnSigterm()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"consolebin"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, note text);"
                                        "INSERT INTO items VALUES (1, 'copied by the snapshot');"_s,
                                        {u"public.items"_s}));
        QTemporaryDir dir;
        SynclineRunner console(dir.path(), QStringLiteral(SYNCLINE_CONSOLE_BINARY));
        console.start({u"--start"_s, f->pipelineFile});
        auto inSync = [&]() -> QString {
            const QString difference =
                waitUntilTablesMatch(source(), f->db, target(), f->db, f->tables, 60000);
            if (difference.isEmpty())
                return difference;
            return difference + u"\n--- console:\n"_s + console.outputTail(60);
        };
        SYNCLINE_EXPECT_OK(inSync()); // the snapshot is in: from here on it streams

        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items VALUES (2, 'streamed');"
                   "UPDATE items SET note = note || ', then updated' WHERE id = 1;"_s));
        SYNCLINE_EXPECT_OK(inSync());
        QCOMPARE(target().queryValue(f->db, u"SELECT note FROM items WHERE id = 2"_s),
                 u"streamed"_s);

        console.terminate();
        const int code = console.waitForExit(30000);
        QVERIFY2(code == 0, qPrintable(u"exit code %1 (-1: still running after 30 s, -2: "
                                       "crashed)\n--- console:\n"_s.arg(code) +
                                       console.outputTail(60)));
        // Stopped gracefully: what was applied is confirmed to the source.
        const QString applied = target().queryValue(f->db, u"SELECT lsn FROM syncline.offsets"_s);
        const QString confirmed =
            source().queryValue(f->db, u"SELECT confirmed_flush_lsn FROM pg_replication_slots "
                                       "WHERE slot_name = 'consolebin'"_s);
        QCOMPARE(source().queryValue(
                     f->db, u"SELECT '%1'::pg_lsn >= '%2'::pg_lsn"_s.arg(confirmed, applied)),
                 u"t"_s);
    }

    // The console as a user starts it with two pipelines and --metrics: both stream; both are
    // on the console's /metrics, and b also on the address its own file names; SIGTERM stops
    // both gracefully and exits 0.
    void twoPipelinesStartAndShutDown()
    {
        const QString schema = u"CREATE TABLE items (id int PRIMARY KEY, note text);"
                               "INSERT INTO items VALUES (1, 'copied by the snapshot');"_s;
        std::unique_ptr<PipelineFixture> a, b;
        SYNCLINE_PG_CHECK(
            a = PipelineFixture::create(u"consolebin_a"_s, schema, {u"public.items"_s}));
        SYNCLINE_PG_CHECK(
            b = PipelineFixture::create(u"consolebin_b"_s, schema, {u"public.items"_s}));
        const int ownPort = detail::freePort();
        b->setTopLevel(u"metrics:\n  listen: \"127.0.0.1:%1\"\n"_s.arg(ownPort));
        QTemporaryDir dir;
        SynclineRunner console(dir.path(), QStringLiteral(SYNCLINE_CONSOLE_BINARY));
        console.start(
            {u"--start"_s, u"--metrics"_s, u"127.0.0.1:0"_s, a->pipelineFile, b->pipelineFile});
        for (const auto &f : {a.get(), b.get()}) {
            SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO items VALUES (2, 'streamed');"_s));
            const QString difference =
                waitUntilTablesMatch(source(), f->db, target(), f->db, f->tables, 60000);
            QVERIFY2(difference.isEmpty(),
                     qPrintable(difference + u"\n--- console:\n"_s + console.outputTail(60)));
        }

        const auto served = QRegularExpression(u"serving Prometheus metrics on "
                                               "http://127\\.0\\.0\\.1:(\\d+)/metrics"_s)
                                .match(console.output());
        QVERIFY2(served.hasMatch(), qPrintable(console.outputTail(60)));
        const int allPort = served.captured(1).toInt();
        const auto applied = [](int port, const QString &pipeline) {
            return sampleValue(
                httpGet(port, "/metrics"),
                u"syncline_events_applied_total{pipeline=\"%1\",sink=\"replica\"}"_s.arg(pipeline));
        };
        // A row streamed now (the first may have come with the snapshot) is counted on each
        // endpoint the pipeline is served on.
        for (const auto &f : {a.get(), b.get()}) {
            SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO items VALUES (3, 'counted');"_s));
            const QString difference =
                waitUntilTablesMatch(source(), f->db, target(), f->db, f->tables, 60000);
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
        }
        for (const auto &f : {a.get(), b.get()})
            QTRY_VERIFY2_WITH_TIMEOUT(
                applied(allPort, f->db) >= 1.0,
                qPrintable(
                    httpGet(allPort, "/metrics").split(u'\n').filter(u"applied"_s).join(u'\n')),
                10000);
        QCOMPARE(applied(ownPort, b->db), applied(allPort, b->db));
        QVERIFY2(std::isnan(applied(ownPort, a->db)), "a is served on b's own address");
        console.terminate();
        const int code = console.waitForExit(30000);
        QVERIFY2(code == 0,
                 qPrintable(u"exit code %1\n--- console:\n"_s.arg(code) + console.outputTail(60)));
        for (const auto &f : {a.get(), b.get()})
            QCOMPARE(source().queryValue(f->db, u"SELECT count(*) FROM pg_replication_slots "
                                                "WHERE active AND database = '%1'"_s.arg(f->db)),
                     u"0"_s);
    }

    // What is not an address is refused before any window opens, with exit code 2.
    void badMetricsAddressExitsWithTwo()
    {
        QTemporaryDir dir;
        SynclineRunner console(dir.path(), QStringLiteral(SYNCLINE_CONSOLE_BINARY));
        console.start({u"--metrics"_s, u"localhost:99999"_s});
        QCOMPARE(console.waitForExit(30000), 2);
        QVERIFY2(console.output().contains(u"syncline-console: --metrics: "_s),
                 qPrintable(console.output()));
    }
};

QTEST_GUILESS_MAIN(TestConsoleBinary)
#include "tst_console_binary.moc"
