#pragma once

#include "schema_snapshot_fwd.h"

#include <QAbstractTableModel>

namespace syncline::ui {

// What the sinks did about the changes of one table's shape, oldest first: when, which sink,
// the kind of change, the column, the detail ("integer → bigint") and the outcome (applied,
// kept, quarantined; a quarantined row is red, and its tool tip holds the DDL to run by hand).
class SchemaActionModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        At,
        Sink,
        Change,
        ColumnName,
        Detail,
        Outcome,
        ColumnCount
    };

    explicit SchemaActionModel(QObject *parent = nullptr);

    // The actions of `snapshot`'s table at `tableIndex`; none when it is out of range.
    void setTable(SchemaSnapshotPtr snapshot, int tableIndex);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    SchemaSnapshotPtr m_snapshot;
    const TableHistory *m_table = nullptr; // into m_snapshot
};

} // namespace syncline::ui
