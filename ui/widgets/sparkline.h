#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

namespace syncline::ui {

// A small line of a metric over time, without axes: the shape of the last minutes at a glance.
// x: ms since the epoch, y: value; the line spans the given window ending at the last point, the
// value range from 0 to the highest point. Drawn with QPainter in the palette's highlight colour
// unless another is set.
class Sparkline : public QWidget
{
    Q_OBJECT

public:
    explicit Sparkline(QWidget *parent = nullptr);

    void setPoints(const QList<QPointF> &points, qint64 windowMs);
    const QList<QPointF> &points() const { return m_points; }
    void setColor(const QColor &color);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<QPointF> m_points;
    qint64 m_windowMs = 0;
    QColor m_color;
};

} // namespace syncline::ui
