#include "chart_panel.h"

#include "series_decimation.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace syncline::ui {
namespace {

QValueAxis *makeValueAxis(const QString &unit)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(unit);
    axis->setLabelFormat(QStringLiteral("%.4g"));
    axis->setRange(0, 1);
    return axis;
}

} // namespace

ChartPanel::ChartPanel(const QString &title, const QString &leftUnit, const QString &rightUnit,
                       QList<ChartLine> lines, QWidget *parent)
    // The chart is given here: QChartView(parent) makes one of its own, and setChart() would
    // release that one without deleting it.
    : QChartView(new QChart, parent), m_lines(std::move(lines)), m_timeAxis(new QDateTimeAxis),
      m_leftAxis(makeValueAxis(leftUnit))
{
    QChart *chart = this->chart();
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_leftAxis, Qt::AlignLeft);
    if (!rightUnit.isEmpty()) {
        m_rightAxis = makeValueAxis(rightUnit);
        chart->addAxis(m_rightAxis, Qt::AlignRight);
    }
    m_timeAxis->setTickCount(6);
    for (const ChartLine &line : std::as_const(m_lines)) {
        auto *series = new QLineSeries;
        series->setName(line.name);
        series->setUseOpenGL(false);
        chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(line.rightAxis && m_rightAxis ? m_rightAxis : m_leftAxis);
        m_series.append(series);
    }
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    followPalette();
}

// Qt Charts recomputes a line's geometry (and its hover shape, the costly part) whenever its
// points or an axis range change. So: empty the lines, set the axes, then give each line its
// points once, at most two a pixel column of the plot (each bucket keeps its lowest and highest).
void ChartPanel::showWindow(const SeriesSource &source, qint64 fromMs, qint64 toMs,
                            qsizetype maxPointsPerLine)
{
    const qsizetype pixelLimit =
        std::max<qsizetype>(200, 2 * qsizetype(chart()->plotArea().width()));
    const qsizetype limit = std::min(maxPointsPerLine, pixelLimit);
    QList<QList<QPointF>> points;
    double highestLeft = 0, highestRight = 0;
    for (const ChartLine &line : std::as_const(m_lines)) {
        points.append(decimate(source(line.metric, fromMs), limit, line.divisor));
        double &highest = line.rightAxis && m_rightAxis ? highestRight : highestLeft;
        for (const QPointF &point : std::as_const(points.last()))
            highest = std::max(highest, point.y());
    }
    for (QLineSeries *series : std::as_const(m_series))
        series->clear();
    // Seconds matter in a short window; in hours they are noise.
    m_timeAxis->setFormat(toMs - fromMs <= 15 * 60 * 1000 ? QStringLiteral("HH:mm:ss")
                                                          : QStringLiteral("HH:mm"));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs),
                         QDateTime::fromMSecsSinceEpoch(toMs));
    fitValueAxis(m_leftAxis, highestLeft);
    if (m_rightAxis)
        fitValueAxis(m_rightAxis, highestRight);
    for (qsizetype i = 0; i < m_series.size(); ++i)
        m_series.at(i)->replace(points.at(i));
}

void ChartPanel::fitValueAxis(QValueAxis *axis, double highest)
{
    axis->setRange(0, highest > 0 ? highest * 1.1 : 1.0);
    axis->applyNiceNumbers();
}

void ChartPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        followPalette();
    QChartView::changeEvent(event);
}

// Qt 6.4 has no colour-scheme API: the window colour's lightness tells a dark palette.
void ChartPanel::followPalette()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart()->theme() != theme)
        chart()->setTheme(theme);
    // The theme sets the pens; the first line drawn wider so an equal second one leaves it
    // visible around itself (events in and out are mostly the same).
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        QPen pen = m_series.at(i)->pen();
        pen.setWidthF(i == 0 ? 4.0 : 2.0);
        m_series.at(i)->setPen(pen);
    }
    chart()->setBackgroundBrush(palette().color(QPalette::Base));
    chart()->setBackgroundRoundness(0);
    chart()->setTitleBrush(palette().color(QPalette::WindowText));
    QFont title = font();
    title.setBold(true);
    chart()->setTitleFont(title);
}

} // namespace syncline::ui
