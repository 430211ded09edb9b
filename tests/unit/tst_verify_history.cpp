// What verify runs leave behind for status: durations as pipeline files write them, the verify
// history in the state directory (newest result per table whoever ran it, runs kept, a state
// directory that is not there), and when the schedule is due after a run.

#include "config/duration.h"
#include "config/pipeline_config.h"
#include "pipeline/scheduled_verification.h"
#include "verify/verify_history.h"

#include <QTemporaryDir>
#include <QTest>

using namespace syncline;

namespace {

verify::TableResult result(const std::string &table, long long rows, long long missing = 0,
                           const std::string &error = {})
{
    verify::TableResult r;
    r.sink = "replica";
    r.table = table;
    r.sourceRows = rows;
    r.missing = missing;
    r.error = error;
    r.seconds = 1.5;
    return r;
}

} // namespace

class TestVerifyHistory : public QObject
{
    Q_OBJECT

private slots:
    void parsesDurations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<long long>("seconds"); // -1: rejected
        QTest::addRow("seconds") << QStringLiteral("30s") << 30LL;
        QTest::addRow("minutes") << QStringLiteral("15m") << 900LL;
        QTest::addRow("hours") << QStringLiteral("6h") << 21600LL;
        QTest::addRow("days") << QStringLiteral("1d") << 86400LL;
        QTest::addRow("combined") << QStringLiteral("1h30m") << 5400LL;
        QTest::addRow("zero") << QStringLiteral("0s") << 0LL;
        QTest::addRow("no unit") << QStringLiteral("6") << -1LL;
        QTest::addRow("unknown unit") << QStringLiteral("6w") << -1LL;
        QTest::addRow("space") << QStringLiteral("6 h") << -1LL;
        QTest::addRow("negative") << QStringLiteral("-6h") << -1LL;
        QTest::addRow("empty") << QString() << -1LL;
        QTest::addRow("unit only") << QStringLiteral("h") << -1LL;
        QTest::addRow("over ten years") << QStringLiteral("4000d") << -1LL;
        QTest::addRow("overflow") << QStringLiteral("99999999999999999999d") << -1LL;
    }

    void parsesDurations()
    {
        QFETCH(QString, text);
        QFETCH(long long, seconds);
        const auto parsed = parseDurationSeconds(text.toStdString());
        QCOMPARE(parsed.value_or(-1), seconds);
        if (parsed) // and back, in its shortest form
            QCOMPARE(parseDurationSeconds(durationText(*parsed)), parsed);
    }

    void writesDurationsShortest()
    {
        QCOMPARE(durationText(21600), "6h");
        QCOMPARE(durationText(5400), "1h30m");
        QCOMPARE(durationText(90061), "1d1h1m1s");
        QCOMPARE(durationText(0), "0s");
    }

    void keepsTheNewestResultOfEachTable()
    {
        QTemporaryDir dir;
        const std::filesystem::path stateDir = dir.path().toStdString();
        verify::VerifyHistory history(verify::VerifyHistory::fileIn(stateDir));
        QVERIFY(history.latest().empty());
        QVERIFY(!history.lastRun());

        history.record("schedule", 1000, {result("public.a", 10), result("public.b", 20, 3)});
        history.record("command", 2000, {result("public.b", 20)}); // b repaired since
        history.record("console", 3000, {result("public.c", 0, 0, "no key")}, "");
        history.record("schedule", 4000, {}, "the sink did not catch up");

        const auto latest = history.latest();
        QCOMPARE(latest.size(), std::size_t(3));
        QCOMPARE(latest[0].result.table, "public.a");
        QCOMPARE(latest[0].trigger, "schedule");
        QCOMPARE(latest[0].result.sourceRows, 10);
        QCOMPARE(latest[1].result.table, "public.b");
        QCOMPARE(latest[1].trigger, "command");
        QCOMPARE(latest[1].result.missing, 0);
        QCOMPARE(latest[2].result.error, "no key");
        QCOMPARE(latest[0].result.seconds, 1.5);
        QVERIFY(!latest[0].verifiedAt.empty());

        const auto schedule = history.lastRun("schedule");
        QVERIFY(schedule);
        QCOMPARE(schedule->startedMs, 4000);
        QCOMPARE(schedule->error, "the sink did not catch up");
        QCOMPARE(history.lastRun("command")->startedMs, 2000);
        QCOMPARE(history.lastRun()->startedMs, 4000);

        // Another handle (another process) sees the same.
        QCOMPARE(recordedVerifications(stateDir).size(), std::size_t(3));
        QCOMPARE(recordedVerifications(stateDir)[1].trigger, "command");
    }

    void dropsTheOldestRuns()
    {
        QTemporaryDir dir;
        verify::VerifyHistory history(verify::VerifyHistory::fileIn(dir.path().toStdString()));
        history.record("command", 1, {result("public.old", 1)});
        for (int i = 0; i < 1000; ++i)
            history.record("schedule", 2 + i, {result("public.new", i)});
        const auto latest = history.latest();
        QCOMPARE(latest.size(), std::size_t(1)); // public.old's run was the oldest of 1001
        QCOMPARE(latest[0].result.sourceRows, 999);
        QVERIFY(!history.lastRun("command"));
    }

    void recordsOnlyWhereTheStateDirectoryIs()
    {
        QTemporaryDir dir;
        const std::filesystem::path absent = dir.filePath(QStringLiteral("absent")).toStdString();
        QCOMPARE(verify::VerifyHistory::recordIn(absent, "command", 1, {result("public.a", 1)}),
                 "");
        QVERIFY(!std::filesystem::exists(absent));
        QVERIFY(recordedVerifications(absent).empty());

        const std::filesystem::path present = dir.path().toStdString();
        QCOMPARE(verify::VerifyHistory::recordIn(present, "command", 1, {result("public.a", 1)}),
                 "");
        QCOMPARE(recordedVerifications(present).size(), std::size_t(1));

        // A history that cannot be written is said, not thrown.
        const std::filesystem::path blocked = dir.filePath(QStringLiteral("blocked")).toStdString();
        std::filesystem::create_directories(verify::VerifyHistory::fileIn(blocked));
        const std::string error =
            verify::VerifyHistory::recordIn(blocked, "command", 1, {result("public.a", 1)});
        QVERIFY2(error.starts_with("cannot record the verify results in "), error.c_str());
    }

    void schedulesTheNextRun()
    {
        VerifyScheduleConfig schedule;
        schedule.enabled = true;
        schedule.everySeconds = 6 * 3600;
        verify::VerifyHistory::Run last;
        last.startedMs = 1'000'000;
        QCOMPARE(ScheduledVerification::nextRun(schedule, last), 1'000'000 + 6 * 3600 * 1000LL);
        last.error = "the source is unreachable"; // tried again in 10 minutes
        QCOMPARE(ScheduledVerification::nextRun(schedule, last), 1'000'000 + 600 * 1000LL);
        schedule.everySeconds = 60; // unless the interval is shorter
        QCOMPARE(ScheduledVerification::nextRun(schedule, last), 1'000'000 + 60 * 1000LL);
    }
};

QTEST_GUILESS_MAIN(TestVerifyHistory)
#include "tst_verify_history.moc"
