// A pipeline's chart history across restarts in the console: the points of finished runs are
// kept and come before the running series; an empty current run still shows the old points;
// what is older than the engine's own span is dropped.

#include "metrics_history.h"

#include <QTest>

using namespace syncline;
using namespace syncline::ui;

namespace {

// A run of `seconds` samples from startMs, `perSecond` changes applied each second.
void run(PipelineMetrics &metrics, std::int64_t startMs, int seconds, long long perSecond)
{
    for (int i = 0; i <= seconds; ++i) {
        if (i > 0)
            metrics.recordApplied(perSecond, {});
        metrics.sample(startMs + i * 1000);
    }
}

} // namespace

class TestMetricsHistory : public QObject
{
    Q_OBJECT

private slots:
    void keptRunsComeBeforeTheCurrentOne()
    {
        MetricsHistory history;
        QVERIFY(history.isEmpty());
        PipelineMetrics first;
        run(first, 1'000'000, 10, 5);
        history.keepRun(first);
        QVERIFY(!history.isEmpty());

        PipelineMetrics second; // a restart: the engine's series start empty
        QVERIFY(second.series(Metric::EventsOutPerSecond, 0).empty());
        auto points = history.series(Metric::EventsOutPerSecond, 0,
                                     second.series(Metric::EventsOutPerSecond, 0));
        QVERIFY(points.size() >= 10);
        QCOMPARE(points.back().value, 5.0);

        run(second, 1'100'000, 5, 7);
        points = history.series(Metric::EventsOutPerSecond, 0,
                                second.series(Metric::EventsOutPerSecond, 0));
        QVERIFY(points.front().timeMs < 1'100'000); // the first run's points
        QCOMPARE(points.back().value, 7.0);
        QVERIFY(std::is_sorted(
            points.begin(), points.end(),
            [](const SeriesPoint &a, const SeriesPoint &b) { return a.timeMs < b.timeMs; }));

        // sinceMs cuts the kept points too.
        const auto recent = history.series(Metric::EventsOutPerSecond, 1'005'000,
                                           second.series(Metric::EventsOutPerSecond, 1'005'000));
        QVERIFY(!recent.empty());
        QVERIFY(recent.front().timeMs >= 1'005'000);

        // Keeping the second run appends only what is newer than what is kept.
        const auto before = history.series(Metric::EventsOutPerSecond, 0, {}).size();
        history.keepRun(second);
        history.keepRun(second);
        QCOMPARE(history.series(Metric::EventsOutPerSecond, 0, {}).size(),
                 before + second.series(Metric::EventsOutPerSecond, 0).size());
    }

    void olderThanADayIsDropped()
    {
        MetricsHistory history;
        PipelineMetrics old;
        run(old, 1'000'000, 3, 1);
        history.keepRun(old);
        PipelineMetrics recent;
        run(recent, 1'000'000 + MetricsHistory::kKeepMs + 60'000, 3, 2);
        history.keepRun(recent);
        const auto points = history.series(Metric::EventsOutPerSecond, 0, {});
        QVERIFY(!points.empty());
        for (const SeriesPoint &point : points)
            QVERIFY(point.timeMs > 1'000'000 + 3'000);
    }
};

QTEST_GUILESS_MAIN(TestMetricsHistory)
#include "tst_metrics_history.moc"
