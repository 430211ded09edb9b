#pragma once

#include "verify_outcome.h"

#include <QAbstractTableModel>

namespace syncline::ui {

// The differences one table's comparison kept: what kind, and which key. Points into the
// shared result; the row comparison of the selected one is RowComparisonModel's.
class DifferenceModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Kind,
        Key,
        Repair,
        ColumnCount
    };

    explicit DifferenceModel(QObject *parent = nullptr);

    void setResult(TableResultPtr result);
    void clear() { setResult({}); }
    const TableResultPtr &result() const { return m_result; }
    const verify::Difference *differenceAt(int row) const;

    static QString kindText(verify::Difference::Kind kind);       // "Missing on the target", ...
    static QString repairText(verify::Difference::Kind kind);     // "Insert from the source", ...
    static QString keyText(const verify::Difference &difference); // "id = 5", "a = x, b = 2"

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    TableResultPtr m_result;
};

} // namespace syncline::ui
