#pragma once

#include <QIcon>

class QPalette;
class QString;

namespace syncline::ui {

// A page's icon from resources/icons/pages/<name>.svg, drawn in the palette's text colour (and
// its highlighted text colour when selected), so one line drawing reads in light and dark
// palettes alike. Pixmaps at 16, 20, 22, 24, 32 and 48 px.
QIcon pageIcon(const QString &name, const QPalette &palette);
// `icon` with a red badge holding `count` in its top right corner; `icon` itself when 0.
QIcon withBadge(const QIcon &icon, int count);

} // namespace syncline::ui
