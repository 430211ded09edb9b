// The dashboard's numbers: rings keep the newest points, percentiles land in the right bucket,
// rates are per second of wall time, and time lag counts only while the slot is behind.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "metrics/latency_histogram.h"
#include "metrics/pipeline_metrics.h"
#include "metrics/time_series.h"
#include "util/time_text.h"
#endif

using namespace syncline;

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void ringKeepsTheNewestPointsInOrder()
    {
        TimeSeries series(3);
        QCOMPARE(series.since(0).size(), std::size_t(0));
        for (int t = 1; t <= 5; ++t)
            series.append(t * 1000, t);
        QCOMPARE(series.size(), std::size_t(3));
        const auto all = series.since(0);
        QCOMPARE(all.size(), std::size_t(3));
        QCOMPARE(all.front().timeMs, 3000);
        QCOMPARE(all.back().value, 5.0);
        const auto recent = series.since(4000);
        QCOMPARE(recent.size(), std::size_t(2));
        QCOMPARE(recent.front().timeMs, 4000);
        QCOMPARE(series.since(6000).size(), std::size_t(0));
    }

    void percentilesAreWithinABucket_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::addColumn<double>("expectedMs");
        QTest::addRow("p50") << 0.50 << 50.0;
        QTest::addRow("p99") << 0.99 << 99.0;
        QTest::addRow("p100") << 1.0 << 100.0;
    }
    void percentilesAreWithinABucket()
    {
        QFETCH(double, fraction);
        QFETCH(double, expectedMs);
        LatencyHistogram histogram;
        QCOMPARE(histogram.percentileMs(0.5), 0.0);
        for (int ms = 1; ms <= 100; ++ms)
            histogram.record(std::int64_t(ms) * 1000);
        const double got = histogram.percentileMs(fraction);
        QVERIFY2(got >= expectedMs && got <= expectedMs * 1.05, qPrintable(QString::number(got)));
    }

    void extremesAreClamped()
    {
        LatencyHistogram histogram;
        histogram.record(-5);
        histogram.record(std::int64_t(1) << 50);
        QCOMPARE(histogram.count(), 2);
        QVERIFY(histogram.percentileMs(0.5) <= 0.001);
        QVERIFY(histogram.percentileMs(1.0) > 60.0 * 60 * 1000);
    }

    void samplesTurnCountersIntoRates()
    {
        PipelineMetrics metrics;
        metrics.sample(10'000); // the first sample only sets the baseline
        QCOMPARE(metrics.series(Metric::EventsInPerSecond, 0).size(), std::size_t(0));
        metrics.recordRead(300);
        const std::int64_t justNow = unixMicrosNow() - 20'000;
        metrics.recordApplied(200, {justNow, justNow});
        metrics.recordRetry();
        metrics.recordDeadLetters(2);
        metrics.sample(12'000); // two seconds later
        const MetricsSnapshot snapshot = metrics.latest();
        QCOMPARE(snapshot.value(Metric::EventsInPerSecond), 150.0);
        QCOMPARE(snapshot.value(Metric::EventsOutPerSecond), 100.0);
        QCOMPARE(snapshot.value(Metric::RetriesPerSecond), 0.5);
        QCOMPARE(snapshot.value(Metric::DeadLettersPerSecond), 1.0);
        QCOMPARE(snapshot.totalApplied, 200);
        const double p50 = snapshot.value(Metric::LatencyP50Ms);
        QVERIFY2(p50 >= 20 && p50 < 1000, qPrintable(QString::number(p50)));
        const auto points = metrics.series(Metric::EventsOutPerSecond, 0);
        QCOMPARE(points.size(), std::size_t(1));
        QCOMPARE(points.front().timeMs, 12'000);
        // The next second saw nothing: rates drop to zero, latency has no samples.
        metrics.sample(13'000);
        QCOMPARE(metrics.latest().value(Metric::EventsOutPerSecond), 0.0);
        QCOMPARE(metrics.latest().value(Metric::LatencyP50Ms), 0.0);
    }

    void timeLagCountsOnlyWhileBehind()
    {
        PipelineMetrics metrics;
        const std::int64_t tenSecondsAgo = unixMicrosNow() - 10'000'000;
        metrics.recordApplied(1, {tenSecondsAgo});
        metrics.setSlotLag(0, 4096);
        metrics.sample(unixMillisNow());
        QCOMPARE(metrics.latest().value(Metric::SlotLagSeconds), 0.0);
        QCOMPARE(metrics.latest().value(Metric::RetainedWalBytes), 4096.0);
        metrics.setSlotLag(1 << 20, 1 << 21);
        metrics.sample(unixMillisNow());
        const double lag = metrics.latest().value(Metric::SlotLagSeconds);
        QVERIFY2(lag >= 9.5 && lag < 60, qPrintable(QString::number(lag)));
        QCOMPARE(metrics.latest().value(Metric::SlotLagBytes), double(1 << 20));
    }

    void consumerLagIsSummed()
    {
        PipelineMetrics metrics;
        metrics.setConsumerLag("a", {{"t[0]", 5}, {"t[1]", 7}});
        metrics.setConsumerLag("b", {{"t[0]", 1}});
        metrics.sample(1000);
        QCOMPARE(metrics.latest().value(Metric::ConsumerLagMessages), 13.0);
        QCOMPARE(metrics.latest().consumerLag.size(), std::size_t(3));
        QCOMPARE(metrics.latest().consumerLag.at("a t[1]"), 7);
        metrics.setConsumerLag("a", {}); // caught up and unassigned
        metrics.sample(2000);
        QCOMPARE(metrics.latest().value(Metric::ConsumerLagMessages), 1.0);
    }

    void verifyResultsAreInTheSnapshot()
    {
        PipelineMetrics metrics;
        metrics.sample(1000);
        QVERIFY(metrics.latest().verifyDifferences.empty());
        metrics.setVerifyDifferences({{"replica public.orders", 3}, {"replica public.ledger", -1}});
        metrics.sample(2000);
        QCOMPARE(metrics.latest().verifyDifferences.at("replica public.orders"), 3);
        QCOMPARE(metrics.latest().verifyDifferences.at("replica public.ledger"), -1);
        metrics.setVerifyDifferences({{"replica public.orders", 0}}); // repaired, verified again
        metrics.sample(3000);
        QCOMPARE(metrics.latest().verifyDifferences.size(), std::size_t(1));
        QCOMPARE(metrics.latest().verifyDifferences.at("replica public.orders"), 0);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
