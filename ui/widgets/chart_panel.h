#pragma once

#include "metrics/pipeline_metrics.h"

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QString>

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

    const QList<ChartLine> &lines() const { return m_lines; }
    QLineSeries *lineSeries(int line) const { return m_series.at(line); }

    void setPoints(int line, const QList<QPointF> &points);
    // The time axis from..to (ms since the epoch); the value axes fit the points.
    void setTimeRange(qint64 fromMs, qint64 toMs);

protected:
    void changeEvent(QEvent *event) override;

private:
    void followPalette();
    void fitValueAxis(QValueAxis *axis, bool right);

    QList<ChartLine> m_lines;
    QList<QLineSeries *> m_series;
    QList<double> m_highest; // per line, of the points it shows
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_leftAxis;
    QValueAxis *m_rightAxis = nullptr;
};

} // namespace syncline::ui
