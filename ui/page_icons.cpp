#include "page_icons.h"

#include <QFile>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

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

} // namespace syncline::ui
