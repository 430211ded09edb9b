// Bounded memory: one source transaction of 1,000,000 rows, and a backlog of rows of 1-5 MB
// each, stream through the runner without being held in memory. The runner's peak RSS (VmHWM)
// must stay under 300 MiB.

#include "large_row_backlog.h"
#include "pg_cluster.h"
#include "process_memory.h"
#include "syncline_runner.h"
#include "table_compare.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestBoundedMemory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
#if defined(__SANITIZE_ADDRESS__)
        // ASan keeps freed blocks in a quarantine (256 MiB) to catch use after free, and they
        // count in the runner's RSS: the runners of this test go without.
        qputenv("ASAN_OPTIONS", qgetenv("ASAN_OPTIONS") + ":quarantine_size_mb=0");
#endif
    }

    void millionRowTransactionStaysUnder300MiB()
    {
        PgCluster &source = PgCluster::sharedSource();
        PgCluster &target = PgCluster::sharedTarget();
        const QString db = u"bigtx"_s;
        SYNCLINE_PG_CHECK(source.createDatabase(db));
        SYNCLINE_PG_CHECK(target.createDatabase(db));
        SYNCLINE_PG_CHECK(
            source.exec(db, u"CREATE TABLE big (id bigint PRIMARY KEY, qty int, note text)"_s));

        QTemporaryDir dir;
        SynclineRunner runner(dir.path());
        PipelineSpec spec{db, source.dsn(db), {u"public.big"_s}, target.dsn(db)};
        runner.start({u"run"_s, runner.writePipeline(spec)});
        QVERIFY2(runner.waitForOutput(u"streaming from slot"_s, 30000),
                 qPrintable(runner.outputTail()));

        constexpr int kRows = 1000000;
        SYNCLINE_PG_CHECK(source.exec(
            db, u"INSERT INTO big SELECT g, g %% 1000, 'row ' || g || ' ' || md5(g::text) "
                "FROM generate_series(1, %1) g"_s.arg(kRows)
                    .replace(u"%%"_s, u"%"_s)));
        QElapsedTimer timer;
        timer.start();
        QString count;
        PeakRss peakRss;
        SYNCLINE_PG_CHECK(peakRss = peakRssUntil(
                              runner,
                              [&] {
                                  count = target.queryValue(db, u"SELECT count(*) FROM big"_s);
                                  return count == QString::number(kRows);
                              },
                              300000));
        const long peak = peakRss.kib;
        QVERIFY2(peakRss.done, qPrintable(count + u'\n' + runner.outputTail()));
        qInfo("1,000,000-row transaction applied in %.1f s (from source commit); runner peak RSS "
              "%ld MiB",
              double(timer.elapsed()) / 1000.0, peak / 1024);
        QVERIFY2(peak > 0 && (!kPeakRssIsChecked || peak < 300 * 1024),
                 qPrintable(u"peak RSS %1 MiB"_s.arg(peak / 1024)));
        QString difference;
        SYNCLINE_PG_CHECK(difference = compareTable(source, db, target, db, u"public.big"_s));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        runner.terminate();
        QCOMPARE(runner.waitForExit(30000), 0);
    }

    // Queues and batches are budgeted in bytes, not only in changes: 64 chunks of 1,000 rows
    // of several MB each would be hundreds of GB. The backlog is written while the runner is
    // stopped, so it streams as fast as the source can send it. About 450 MB here;
    // SYNCLINE_LONG_TESTS=1 makes it 2 GB.
    void backlogOfLargeRowsStaysUnder300MiB()
    {
        LargeRowBacklog run;
        SYNCLINE_PG_CHECK(run = streamLargeRowBacklog({u"bigrows"_s, u"  type: direct\n"_s}));
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        qInfo("%d rows of 1-5 MB (and %d updates of them) applied in %.1f s; runner peak RSS "
              "%ld MiB",
              run.rows, run.updates, run.seconds, run.peakKib / 1024);
        QVERIFY2(run.peakKib > 0 && (!kPeakRssIsChecked || run.peakKib < 300 * 1024),
                 qPrintable(u"peak RSS %1 MiB"_s.arg(run.peakKib / 1024)));
    }
};

QTEST_GUILESS_MAIN(TestBoundedMemory)
#include "tst_bounded_memory.moc"
