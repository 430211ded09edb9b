// The Burrow-style lag status: judged from the trend over a window, never from a threshold.

#include "lag_status.h"

#include <QTest>

#include <vector>

using namespace syncline::ui;

namespace {

// One sample a second; `applied` per sample (a single value repeats for all); at the head at
// the sample indexes in `atHead`.
std::vector<LagSample> samples(const QList<double> &lags, const QList<double> &applied,
                               const QList<int> &atHead)
{
    std::vector<LagSample> result;
    for (qsizetype i = 0; i < lags.size(); ++i) {
        const double progress = applied.size() == 1 ? applied.front() : applied.at(i);
        result.push_back(
            {1'700'000'000'000 + i * 1000, lags.at(i), progress, atHead.contains(int(i))});
    }
    return result;
}

QList<double> ramp(double from, double step, int count)
{
    QList<double> values;
    for (int i = 0; i < count; ++i)
        values.append(from + step * i);
    return values;
}

} // namespace

class TestLagStatus : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data()
    {
        QTest::addColumn<QList<double>>("lags");
        QTest::addColumn<QList<double>>("applied");
        QTest::addColumn<bool>("running");
        QTest::addColumn<double>("caughtUp");
        QTest::addColumn<int>("status");
        QTest::addColumn<double>("eta"); // -1: none
        QTest::addColumn<QList<int>>("atHead");

        const int ok = int(LagStatus::Ok), warn = int(LagStatus::Warn),
                  stalled = int(LagStatus::Stalled), stopped = int(LagStatus::Stopped);
        QTest::addRow("not running") << ramp(100, 100, 20) << QList<double>{5} << false << 0.0
                                     << stopped << -1.0 << QList<int>{};
        QTest::addRow("too few samples to judge")
            << ramp(100, 100, 5) << QList<double>{0} << true << 0.0 << ok << -1.0 << QList<int>{};
        QTest::addRow("no samples")
            << QList<double>{} << QList<double>{} << true << 0.0 << ok << -1.0 << QList<int>{};
        QTest::addRow("caught up once in the window")
            << (QList<double>{0} + ramp(100, 100, 14)) << QList<double>{5} << true << 0.0 << ok
            << -1.0 << QList<int>{};
        QTest::addRow("at the head once (bytes in flight)")
            << ramp(1200, 100, 12) << QList<double>{5} << true << 0.0 << ok << -1.0
            << QList<int>{7};
        QTest::addRow("shrinking but at the head: nothing to clear")
            << ramp(1200, -100, 12) << QList<double>{5} << true << 0.0 << ok << -1.0
            << QList<int>{0, 5, 11};
        QTest::addRow("within the caught-up level")
            << (ramp(900, 100, 6) + QList<double>{40} + ramp(900, 100, 6)) << QList<double>{5}
            << true << 50.0 << ok << -1.0 << QList<int>{};
        QTest::addRow("grows at every step") << ramp(100, 100, 12) << QList<double>{5} << true
                                             << 0.0 << warn << -1.0 << QList<int>{};
        QTest::addRow("grows at every probe (repeats between probes)")
            << QList<double>{100, 100, 100, 200, 200, 200, 300, 300, 300, 400, 400, 400}
            << QList<double>{5} << true << 0.0 << warn << -1.0 << QList<int>{};
        QTest::addRow("grows but dipped once")
            << QList<double>{100, 200, 300, 400, 350, 500, 600, 700, 800, 900, 1000, 1100}
            << QList<double>{5} << true << 0.0 << ok << -1.0 << QList<int>{};
        QTest::addRow("two distinct values are not a trend")
            << QList<double>{100, 100, 100, 100, 100, 100, 200, 200, 200, 200, 200, 200}
            << QList<double>{5} << true << 0.0 << ok << -1.0 << QList<int>{};
        QTest::addRow("nothing applied, lag flat")
            << QList<double>(12, 500.0) << QList<double>{0} << true << 0.0 << stalled << -1.0
            << QList<int>{};
        QTest::addRow("nothing applied, lag grows")
            << ramp(100, 100, 12) << QList<double>{0} << true << 0.0 << stalled << -1.0
            << QList<int>{};
        QTest::addRow("applied once in the window is progress")
            << QList<double>(12, 500.0) << (QList<double>(11, 0.0) + QList<double>{3}) << true
            << 0.0 << ok << -1.0 << QList<int>{};
        QTest::addRow("shrinks steadily: ETA at the trend")
            << ramp(1200, -100, 12) << QList<double>{5} << true << 0.0 << ok << 1.0 << QList<int>{};
        QTest::addRow("shrinks towards the caught-up level")
            << ramp(1200, -100, 12) << QList<double>{5} << true << 50.0 << ok << 0.5
            << QList<int>{};
        QTest::addRow("shrinks with nothing applied (confirmed idle WAL)")
            << ramp(1200, -100, 12) << QList<double>{0} << true << 0.0 << ok << 1.0 << QList<int>{};
        QTest::addRow("flat while applying: no ETA") << QList<double>(12, 500.0) << QList<double>{5}
                                                     << true << 0.0 << ok << -1.0 << QList<int>{};
        QTest::addRow("corrupt: negative lag counts as caught up")
            << (ramp(100, 100, 11) + QList<double>{-5}) << QList<double>{5} << true << 0.0 << ok
            << -1.0 << QList<int>{};
    }

    void evaluate()
    {
        QFETCH(QList<double>, lags);
        QFETCH(QList<double>, applied);
        QFETCH(bool, running);
        QFETCH(double, caughtUp);
        QFETCH(int, status);
        QFETCH(double, eta);
        QFETCH(QList<int>, atHead);

        const auto window = samples(lags, applied, atHead);
        const LagEvaluation result = evaluateLag(window, running, caughtUp);
        QCOMPARE(lagStatusName(result.status), lagStatusName(LagStatus(status)));
        QCOMPARE(result.etaSeconds.has_value(), eta >= 0);
        if (result.etaSeconds)
            QCOMPARE(*result.etaSeconds, eta);
    }

    void samplesAtOneInstantHaveNoTrend()
    {
        std::vector<LagSample> window(12, LagSample{1'700'000'000'000, 500, 5});
        window.back().lag = 400;
        const LagEvaluation result = evaluateLag(window, true);
        QCOMPARE(result.status, LagStatus::Ok);
        QVERIFY(!result.etaSeconds);
    }
};

QTEST_GUILESS_MAIN(TestLagStatus)
#include "tst_lag_status.moc"
