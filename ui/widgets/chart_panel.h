#pragma once

#include "metrics/pipeline_metrics.h"

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QString>

#include <functional>
#include <vector>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace syncline::ui {

// What one line of a chart shows.
struct ChartLine
{
    QString name;
    Metric metric;
    double divisor = 1; // e.g. 1024 * 1024 to draw bytes as MiB
    bool rightAxis = false;
};

// A time chart of a few lines over a shared time axis, with a value axis on the left and
// optionally one on the right. Takes whole series at once (QLineSeries::replace).
class ChartPanel : public QChartView
{
    Q_OBJECT

public:
    ChartPanel(const QString &title, const QString &leftUnit, const QString &rightUnit,
               QList<ChartLine> lines, QWidget *parent = nullptr);

    // A metric's one-second points at or after sinceMs (a copy from the engine's rings).
    using SeriesSource = std::function<std::vector<SeriesPoint>(Metric, std::int64_t sinceMs)>;

    const QList<ChartLine> &lines() const { return m_lines; }
    QLineSeries *lineSeries(int line) const { return m_series.at(line); }

    // Every line's metric from `source` over fromMs..toMs (ms since the epoch), at most
    // maxPointsPerLine points a line (fewer on a narrow chart); the value axes fit the points.
    void showWindow(const SeriesSource &source, qint64 fromMs, qint64 toMs,
                    qsizetype maxPointsPerLine);

protected:
    void changeEvent(QEvent *event) override;

private:
    void followPalette();
    static void fitValueAxis(QValueAxis *axis, double highest);

    QList<ChartLine> m_lines;
    QList<QLineSeries *> m_series;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_leftAxis;
    QValueAxis *m_rightAxis = nullptr;
};

} // namespace syncline::ui
