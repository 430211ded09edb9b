// Chart series: at most N points, spikes kept, time order kept.

#include "series_decimation.h"

#include <QTest>

using namespace syncline::ui;

namespace {

std::vector<syncline::SeriesPoint> flat(int count, double value)
{
    std::vector<syncline::SeriesPoint> points;
    for (int i = 0; i < count; ++i)
        points.push_back({std::int64_t(i) * 1000, value});
    return points;
}

} // namespace

class TestSeriesDecimation : public QObject
{
    Q_OBJECT

private slots:
    void sizes_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("maxPoints");
        QTest::addColumn<int>("expected");
        QTest::addRow("empty") << 0 << 2000 << 0;
        QTest::addRow("under the limit: every point") << 300 << 2000 << 300;
        QTest::addRow("at the limit") << 2000 << 2000 << 2000;
        QTest::addRow("24 h of seconds, flat") << 86400 << 2000 << 1000; // min == max per bucket
        QTest::addRow("limit too small to bucket") << 50 << 1 << 50;
    }

    void sizes()
    {
        QFETCH(int, count);
        QFETCH(int, maxPoints);
        QFETCH(int, expected);
        QCOMPARE(decimate(flat(count, 7), maxPoints).size(), expected);
    }

    void spikesSurviveAndOrderIsKept()
    {
        auto points = flat(86400, 1);
        points[43210].value = 900; // one second in a day
        points[43211].value = -3;
        const QList<QPointF> result = decimate(points, 2000);
        QVERIFY(result.size() <= 2000);
        double highest = 0, lowest = 0;
        for (qsizetype i = 0; i < result.size(); ++i) {
            highest = std::max(highest, result.at(i).y());
            lowest = std::min(lowest, result.at(i).y());
            if (i > 0)
                QVERIFY(result.at(i).x() > result.at(i - 1).x());
        }
        QCOMPARE(highest, 900.0);
        QCOMPARE(lowest, -3.0);
    }

    void divisorScalesValues()
    {
        const QList<QPointF> result = decimate({{5000, 3.0 * 1024 * 1024}}, 2000, 1024 * 1024);
        QCOMPARE(result, (QList<QPointF>{{5000, 3}}));
    }
};

QTEST_GUILESS_MAIN(TestSeriesDecimation)
#include "tst_series_decimation.moc"
