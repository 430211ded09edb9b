#pragma once

#include <QString>

class QAbstractItemModel;
class QLabel;
class QTableView;
class QWidget;

namespace syncline::ui {

// The pieces the detail pages (Schemas, Validate) build their splitters from.

// A table view of a small model (tables, columns, differences: not rows by the thousand):
// whole rows selected one at a time, no grid, alternating rows, columns sized to contents.
QTableView *makeTableView(QAbstractItemModel *model, const QString &objectName, QWidget *parent);

// A bold label naming a pane.
QLabel *paneHeading(const QString &text, QWidget *parent);

// `title` (a heading or a bar) above `view`: one pane of a splitter.
QWidget *titledPane(QWidget *title, QWidget *view, QWidget *parent);

} // namespace syncline::ui
