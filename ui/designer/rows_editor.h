#pragma once

#include <QWidget>

class QTableWidget;

namespace syncline::ui {

// Rows of text cells with add and remove buttons: a list (one column) or a mapping (two). Emits
// edited() with the rows that have a first cell whenever a cell is committed.
class RowsEditor : public QWidget
{
    Q_OBJECT

public:
    explicit RowsEditor(const QStringList &headers, QWidget *parent = nullptr);

    QList<QStringList> rows() const;
    void setRows(const QList<QStringList> &rows); // does not emit edited()
    QTableWidget *table() const { return m_table; }

signals:
    void edited();

private:
    void addRow(const QStringList &cells);

    QTableWidget *m_table;
    bool m_loading = false;
};

} // namespace syncline::ui
