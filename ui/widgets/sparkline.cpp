#include "sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace syncline::ui {

Sparkline::Sparkline(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void Sparkline::setPoints(const QList<QPointF> &points, qint64 windowMs)
{
    if (points == m_points && windowMs == m_windowMs)
        return;
    m_points = points;
    m_windowMs = windowMs;
    update();
}

void Sparkline::setColor(const QColor &color)
{
    m_color = color;
    update();
}

QSize Sparkline::sizeHint() const
{
    return {160, 34};
}

QSize Sparkline::minimumSizeHint() const
{
    return {60, 34};
}

void Sparkline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(1.5, 2.5, -1.5, -1.5);
    QColor base = palette().color(QPalette::Mid);
    base.setAlpha(90);
    painter.setPen(QPen(base, 1));
    painter.drawLine(area.bottomLeft(), area.bottomRight()); // the zero line
    if (m_points.isEmpty())
        return;
    const double right = m_points.last().x();
    const double left = m_windowMs > 0 ? right - double(m_windowMs) : m_points.first().x();
    double top = 0;
    for (const QPointF &point : m_points)
        top = std::max(top, point.y());
    const auto map = [&](const QPointF &point) {
        const double x = right > left ? (point.x() - left) / (right - left) : 1.0;
        const double y = top > 0 ? point.y() / top : 0.0;
        return QPointF(area.left() + std::clamp(x, 0.0, 1.0) * area.width(),
                       area.bottom() - y * area.height());
    };
    QPainterPath line;
    line.moveTo(map(m_points.first()));
    for (qsizetype i = 1; i < m_points.size(); ++i)
        line.lineTo(map(m_points.at(i)));
    const QColor color = m_color.isValid() ? m_color : palette().color(QPalette::Highlight);
    QPainterPath fill = line;
    fill.lineTo(map(m_points.last()).x(), area.bottom());
    fill.lineTo(map(m_points.first()).x(), area.bottom());
    fill.closeSubpath();
    QColor shade = color;
    shade.setAlpha(50);
    painter.fillPath(fill, shade);
    painter.setPen(QPen(color, 1.5));
    painter.drawPath(line);
}

} // namespace syncline::ui
