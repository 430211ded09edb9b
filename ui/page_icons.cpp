#include "page_icons.h"

#include <QFile>
#include <QFont>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

#include <algorithm>

namespace syncline::ui {
namespace {

QPixmap render(const QByteArray &svg, const QColor &color, int size)
{
    QByteArray tinted = svg;
    tinted.replace("currentColor", color.name().toLatin1());
    QSvgRenderer renderer(tinted);
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    renderer.render(&painter);
    return pixmap;
}

} // namespace

QIcon pageIcon(const QString &name, const QPalette &palette)
{
    QFile file(QStringLiteral(":/icons/pages/") + name + QStringLiteral(".svg"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray svg = file.readAll();
    QIcon icon;
    for (int size : {16, 20, 22, 24, 32, 44, 48}) {
        icon.addPixmap(render(svg, palette.color(QPalette::WindowText), size), QIcon::Normal);
        icon.addPixmap(render(svg, palette.color(QPalette::HighlightedText), size),
                       QIcon::Selected);
        icon.addPixmap(render(svg, palette.color(QPalette::Disabled, QPalette::WindowText), size),
                       QIcon::Disabled);
    }
    return icon;
}

QIcon withBadge(const QIcon &icon, int count)
{
    if (count <= 0)
        return icon;
    const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
    QIcon badged;
    for (int size : {16, 20, 22, 24, 32, 44, 48}) {
        for (const auto mode : {QIcon::Normal, QIcon::Selected}) {
            QPixmap pixmap = icon.pixmap(size, size, mode);
            pixmap.setDevicePixelRatio(1.0);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            const double diameter = size * 0.62;
            const QRectF badge(size - diameter, 0, diameter, diameter);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0xd3, 0x2f, 0x2f));
            painter.drawEllipse(badge);
            QFont font = painter.font();
            font.setPixelSize(std::max(6, int(diameter * (text.size() > 1 ? 0.55 : 0.75))));
            font.setBold(true);
            painter.setFont(font);
            painter.setPen(Qt::white);
            painter.drawText(badge, Qt::AlignCenter, text);
            painter.end();
            badged.addPixmap(pixmap, mode);
        }
    }
    return badged;
}

} // namespace syncline::ui
