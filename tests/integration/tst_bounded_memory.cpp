// Bounded memory: one source transaction of 1,000,000 rows, and a backlog of rows of 1-5 MB
// each, stream through the runner without being held in memory. The runner's peak RSS (VmHWM)
// must stay under 300 MiB.

#include "pg_cluster.h"
#include "syncline_runner.h"
#include "table_compare.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// Peak resident set size of a live process in KiB, from /proc/<pid>/status.
long peakRssKib(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const auto match =
        QRegularExpression(u"VmHWM:\\s+(\\d+) kB"_s).match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLong() : -1;
}

// The budget is the engine's. ThreadSanitizer's shadow memory, several times what the runner
// touches, counts in its RSS: under TSan the peak is reported, not checked.
#if defined(__SANITIZE_THREAD__)
constexpr bool kCheckPeak = false;
#else
constexpr bool kCheckPeak = true;
#endif

} // namespace

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
        long peak = 0;
        QString count;
        while (timer.elapsed() < 300000) {
            peak = std::max(peak, peakRssKib(runner.pid()));
            SYNCLINE_PG_CHECK(count = target.queryValue(db, u"SELECT count(*) FROM big"_s));
            if (count == QString::number(kRows))
                break;
            QVERIFY2(runner.isRunning(), qPrintable(runner.outputTail()));
            QThread::msleep(200);
        }
        peak = std::max(peak, peakRssKib(runner.pid()));
        QCOMPARE(count, QString::number(kRows));
        qInfo("1,000,000-row transaction applied in %.1f s (from source commit); runner peak RSS "
              "%ld MiB",
              double(timer.elapsed()) / 1000.0, peak / 1024);
        QVERIFY2(peak > 0 && (!kCheckPeak || peak < 300 * 1024),
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
        PgCluster &source = PgCluster::sharedSource();
        PgCluster &target = PgCluster::sharedTarget();
        const QString db = u"bigrows"_s;
        SYNCLINE_PG_CHECK(source.createDatabase(db));
        SYNCLINE_PG_CHECK(target.createDatabase(db));
        SYNCLINE_PG_CHECK(source.exec(db, u"CREATE TABLE blobs (id int PRIMARY KEY, body text)"_s));

        QTemporaryDir dir;
        SynclineRunner runner(dir.path());
        PipelineSpec spec{db, source.dsn(db), {u"public.blobs"_s}, target.dsn(db)};
        runner.start({u"run"_s, runner.writePipeline(spec)});
        QVERIFY2(runner.waitForOutput(u"streaming from slot"_s, 30000),
                 qPrintable(runner.outputTail()));
        runner.terminate();
        QCOMPARE(runner.waitForExit(30000), 0);

        // Rows of 1 to 5 MB (3 MB on average), compressed on disk but whole in the stream.
        const int rows = qEnvironmentVariableIntValue("SYNCLINE_LONG_TESTS") ? 700 : 150;
        SYNCLINE_PG_CHECK(source.exec(
            db, u"INSERT INTO blobs SELECT g, repeat(md5(g::text), (1 + g %% 5) * 32768) "
                "FROM generate_series(1, %1) g"_s.arg(rows)
                    .replace(u"%%"_s, u"%"_s)));
        SYNCLINE_PG_CHECK(source.exec(
            db,
            u"UPDATE blobs SET body = body || 'x' WHERE id %% 3 = 0"_s.replace(u"%%"_s, u"%"_s)));
        runner.start({u"run"_s, runner.writePipeline(spec)});
        QElapsedTimer timer;
        timer.start();
        long peak = 0;
        QString applied;
        const QString expected = QString::number(rows) + u':' + QString::number(rows / 3);
        while (timer.elapsed() < 600000) {
            peak = std::max(peak, peakRssKib(runner.pid()));
            SYNCLINE_PG_CHECK(applied = target.queryValue(
                                  db, u"SELECT count(*) || ':' || count(*) FILTER (WHERE body "
                                      "LIKE '%x') FROM blobs"_s));
            if (applied == expected)
                break;
            QVERIFY2(runner.isRunning(), qPrintable(runner.outputTail()));
            QThread::msleep(200);
        }
        peak = std::max(peak, peakRssKib(runner.pid()));
        QCOMPARE(applied, expected);
        qInfo("%d rows of 1-5 MB (and %d updates of them) applied in %.1f s; runner peak RSS "
              "%ld MiB",
              rows, rows / 3, double(timer.elapsed()) / 1000.0, peak / 1024);
        QVERIFY2(peak > 0 && (!kCheckPeak || peak < 300 * 1024),
                 qPrintable(u"peak RSS %1 MiB"_s.arg(peak / 1024)));
        QString difference;
        SYNCLINE_PG_CHECK(difference = compareTable(source, db, target, db, u"public.blobs"_s));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        runner.terminate();
        QCOMPARE(runner.waitForExit(30000), 0);
    }
};

QTEST_GUILESS_MAIN(TestBoundedMemory)
#include "tst_bounded_memory.moc"
