// Incremental snapshots (DBLog watermarks): a table added to the pipeline file is copied while
// the pipeline streams and a workload writes to that very table, through a kill -9 in the
// middle of the copy; no lock is held on the source beyond a chunk's read; and
// `syncline snapshot --table` repairs a target that drifted.

#include "armed_failpoint.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "syncline_runner.h"
#include "workload.h"

#include <QElapsedTimer>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// 200,000 rows in CI; SYNCLINE_LONG_TESTS=1 copies 1,000,000, as the long form asks.
const int kRows = qEnvironmentVariableIntValue("SYNCLINE_LONG_TESTS") ? 1000000 : 200000;

} // namespace

class TestIncrementalSnapshot : public ServerTest
{
    Q_OBJECT

private slots:
    void tableAddedToFileIsCopiedWhileStreaming_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("direct") << u"  type: direct\n"_s;
        QTest::newRow("kafka") << u"  type: kafka\n  brokers: embedded\n"_s;
    }
    void tableAddedToFileIsCopiedWhileStreaming()
    {
        QFETCH(QString, transport);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"is_added_"_s + QString::fromLatin1(QTest::currentDataTag()),
                              Workload::createTablesSql() +
                                  u"INSERT INTO items (id, qty, note, payload) SELECT g, g % 97, "
                                  "'seed', jsonb_build_object('g', g) "
                                  "FROM generate_series(1, %1) g"_s.arg(kRows),
                              {u"public.ledger"_s}));
        f->setTransport(transport);
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(120000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        // items joins the pipeline while the workload writes to it (ids 1 to 2000, the first
        // chunk's) and the runner dies in the middle of the copy.
        f->setSourceTables(Workload::tables());
        Workload workload(source().dsn(f->db), 3, 2);
        workload.start();
        {
            ArmedFailpoint armed(u"snapshot.incremental_chunk_read=kill@30"_s);
            f->runner.start({u"run"_s, f->pipelineFile});
        }
        QCOMPARE(f->runner.waitForExit(180000), -2);
        QVERIFY2(f->runner.output().contains(u"incremental snapshot of public.items"_s),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        QVERIFY2(f->runner.output().contains(u"resuming after chunk"_s),
                 qPrintable(f->runner.outputTail()));

        // An exclusive lock on the table gets through while the copy runs: the copy holds
        // its lock for one chunk's read, not for the whole table.
        for (int attempt = 0; attempt < 3; ++attempt) {
            SYNCLINE_PG_CHECK(source().exec(f->db, u"BEGIN; SET LOCAL lock_timeout = '3s';"
                                                   "LOCK TABLE items IN ACCESS EXCLUSIVE MODE;"
                                                   "COMMIT"_s));
            QTest::qWait(200);
        }
        QVERIFY2(f->runner.waitForOutput(u"incremental snapshot of public.items done"_s, 180000),
                 qPrintable(f->runner.outputTail()));
        QVERIFY(workload.committedTransactions() > 20);
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(Workload::tables(), 120000));
        const auto status = SynclineRunner::runOnce({u"status"_s, f->pipelineFile});
        QVERIFY2(status.second.contains(u"snapshot  public.items: done"_s),
                 qPrintable(status.second));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // An update that leaves a TOASTed value out (pgoutput sends it as unchanged), committed
    // inside a chunk's window on a row of that chunk, while the target has no row yet: the
    // update alone finds nothing there, so the chunk's row, with the update's values, must
    // come at the high watermark. (It was dropped from the chunk, and the row lost.)
    void partialUpdateInsideAWindowKeepsTheRow()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"is_toast"_s,
                              Workload::createTablesSql() +
                                  u"INSERT INTO items (id, qty, note, big) SELECT g, g, 'seed', "
                                  "repeat(md5(g::text), 200) FROM generate_series(1, 100) g"_s,
                              {u"public.ledger"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        f->setSourceTables(Workload::tables());
        {
            ArmedFailpoint armed(u"snapshot.incremental_chunk_copied=sleep:3000"_s);
            f->runner.start({u"run"_s, f->pipelineFile});
        }
        QVERIFY2(f->runner.waitForOutput(u"failpoint snapshot.incremental_chunk_copied"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"UPDATE items SET qty = qty + 1000 WHERE id IN (5, 50)"_s));
        QVERIFY2(f->runner.waitForOutput(u"incremental snapshot of public.items done"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(Workload::tables(), 60000));
        QCOMPARE(target().queryValue(f->db, u"SELECT qty || ':' || length(big) FROM items "
                                            "WHERE id = 50"_s),
                 u"1050:6400"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Rows deleted or changed on the target by hand come back from an on-demand snapshot,
    // while the pipeline streams on.
    void onDemandSnapshotRepairsDriftedTarget()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"is_repair"_s,
                              u"CREATE TABLE t (a int, b text, v text, PRIMARY KEY (b, a));"
                              "INSERT INTO t SELECT g % 10, 'k' || (g / 10), 'v' || g "
                              "FROM generate_series(1, 20000) g"_s,
                              {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(120000));
        SYNCLINE_PG_CHECK(target().exec(f->db, u"DELETE FROM t WHERE a = 3;"
                                               "UPDATE t SET v = 'drifted' WHERE a = 5"_s));
        QVERIFY(!f->waitUntilInSync(1000).isEmpty());
        const auto requested =
            SynclineRunner::runOnce({u"snapshot"_s, f->pipelineFile, u"--table"_s, u"public.t"_s});
        QVERIFY2(requested.first == 0, qPrintable(requested.second));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE t SET v = 'during' WHERE a = 7"_s));
        QVERIFY2(f->runner.waitForOutput(u"incremental snapshot of public.t done"_s, 120000),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A table renamed on the source is no longer captured under its old name: the runner says
    // so instead of dropping its changes silently.
    void renamedTableIsReported()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"is_renamed"_s, u"CREATE TABLE t (id int PRIMARY KEY, v text)"_s,
                              {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (1, 'a')"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"ALTER TABLE t RENAME TO t2; INSERT INTO t2 VALUES (2, 'b')"_s));
        QVERIFY2(
            f->runner.waitForOutput(u"public.t was renamed to public.t2 on the source"_s, 30000),
            qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // tables: [public.orders_*]: a table created later that matches is found, created on the
    // target, and its 200,000 existing rows copied while a workload writes to it.
    void newTableMatchingPatternIsAddedAndCopied()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"is_pattern"_s,
                              u"CREATE TABLE orders_2025 (id int PRIMARY KEY, total numeric);"
                              "INSERT INTO orders_2025 SELECT g, g FROM generate_series(1, 100) g;"
                              "CREATE TABLE other (id int PRIMARY KEY)"_s,
                              {u"public.orders_2025"_s}));
        f->setSourceTables({u"public.orders_*"_s});
        f->setSourceOptions(u"  discovery_interval_s: 1\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(120000));
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"CREATE TABLE orders_2026 (id int PRIMARY KEY, total numeric, note text);"
                   "INSERT INTO orders_2026 SELECT g, g * 2, 'n' || g "
                   "FROM generate_series(1, 200000) g"_s));
        for (int round = 0; round < 20; ++round) {
            SYNCLINE_PG_CHECK(source().exec(
                f->db, u"UPDATE orders_2026 SET total = total + 1 WHERE id % 5000 = %1;"
                       "DELETE FROM orders_2026 WHERE id = %2;"
                       "INSERT INTO orders_2026 VALUES (%3, 1, 'late')"_s.arg(round)
                           .arg(round * 7919 + 1)
                           .arg(300000 + round)));
            QTest::qWait(100);
        }
        QVERIFY2(
            f->runner.waitForOutput(u"incremental snapshot of public.orders_2026 done"_s, 120000),
            qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(
            f->waitUntilInSync({u"public.orders_2025"_s, u"public.orders_2026"_s}, 120000));
        QCOMPARE(target().queryValue(f->db, u"SELECT to_regclass('public.other') IS NULL"_s),
                 u"t"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void snapshotCommandRefusesUnknownTable()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"is_unknown"_s,
                                                      u"CREATE TABLE t (id int PRIMARY KEY)"_s,
                                                      {u"public.t"_s}));
        const auto result = SynclineRunner::runOnce(
            {u"snapshot"_s, f->pipelineFile, u"--table"_s, u"public.nope"_s});
        QCOMPARE(result.first, 2);
        QVERIFY2(result.second.contains(u"not one of the pipeline's tables"_s),
                 qPrintable(result.second));
    }
};

QTEST_GUILESS_MAIN(TestIncrementalSnapshot)
#include "tst_incremental_snapshot.moc"
