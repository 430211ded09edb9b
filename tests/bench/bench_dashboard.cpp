// GUI-thread cost of one Dashboard refresh: the real DashboardPage (4 charts, 9 lines) drawn from
// a PipelineMetrics whose 24-hour rings are full (86,400 one-second points per metric), for the
// 5 min, 1 h (3,600 points a line) and 24 h windows. Times the data step (copy from the ring,
// decimate, QLineSeries::replace, axes) and the paint (QWidget::grab renders every chart).
//
//   ninja -C build/dev bench_dashboard
//   QT_QPA_PLATFORM=offscreen build/dev/tests/bench/bench_dashboard [refreshes]

#include "metrics/pipeline_metrics.h"
#include "models/pipeline_list_model.h"
#include "pages/dashboard_page.h"
#include "pipeline_workspace.h"
#include "settings.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace syncline;
using namespace syncline::ui;

namespace {

// A day of plausible samples: ~30 events/s with a wave, lag and retained WAL moving.
void fillDay(PipelineMetrics &metrics, std::int64_t endMs)
{
    const int seconds = int(PipelineMetrics::kSeriesCapacity);
    for (int i = 0; i < seconds; ++i) {
        const long long events = 30 + std::lround(10 * std::sin(i / 300.0)) + i % 7;
        metrics.recordRead(events);
        metrics.recordApplied(events, {});
        metrics.setSlotLag(20000 + 15000 * std::sin(i / 50.0), 400000 + (i % 600) * 1000.0);
        metrics.sample(endMs - std::int64_t(seconds - 1 - i) * 1000);
    }
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    const int refreshes = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 20;
    QTextStream out(stdout);

    PipelineMetrics metrics;
    const std::int64_t nowMs = QDateTime::currentMSecsSinceEpoch();
    fillDay(metrics, nowMs);
    const ChartPanel::SeriesSource source = [&metrics](Metric metric, std::int64_t sinceMs) {
        return metrics.series(metric, sinceMs);
    };

    PipelineWorkspace workspace;
    PipelineListModel model(&workspace);
    Settings settings;
    DashboardPage page(&model, &settings);
    page.resize(1100, 700);
    page.show();
    QCoreApplication::processEvents();

    out << "Dashboard refresh, 4 charts / 9 lines, " << refreshes << " refreshes per window\n"
        << "window   points/line  data median/max ms  paint median/max ms  data+paint max ms\n";
    for (const int window : {5 * 60, 60 * 60, 24 * 60 * 60}) {
        page.setWindowSeconds(window);
        std::vector<double> data, paint, total;
        for (int i = 0; i < refreshes; ++i) {
            QElapsedTimer timer;
            timer.start();
            page.redraw(source, nowMs);
            const double dataMs = elapsedMs(timer);
            timer.restart();
            page.grab(); // renders every chart as a repaint would
            const double paintMs = elapsedMs(timer);
            data.push_back(dataMs);
            paint.push_back(paintMs);
            total.push_back(dataMs + paintMs);
        }
        out << qSetFieldWidth(8) << Qt::left << window << qSetFieldWidth(0) << " "
            << qSetFieldWidth(12)
            << metrics.series(Metric::EventsInPerSecond, nowMs - window * 1000LL).size()
            << qSetFieldWidth(0) << " " << Qt::fixed << qSetRealNumberPrecision(2) << median(data)
            << " / " << *std::max_element(data.begin(), data.end()) << "        " << median(paint)
            << " / " << *std::max_element(paint.begin(), paint.end()) << "        "
            << *std::max_element(total.begin(), total.end()) << "\n";
    }
    return 0;
}
