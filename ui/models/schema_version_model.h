#pragma once

#include "schema_snapshot_fwd.h"

#include <QAbstractTableModel>

namespace syncline::ui {

// The versions of one table, oldest first: number, the first LSN seen with that shape, when it
// was recorded (local time; UTC in the tool tip) and how many columns it has.
class SchemaVersionModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Version,
        FirstLsn,
        RecordedAt,
        Columns,
        ColumnCount
    };

    explicit SchemaVersionModel(QObject *parent = nullptr);

    // The versions of `snapshot`'s table at `tableIndex`; none when it is out of range.
    void setTable(SchemaSnapshotPtr snapshot, int tableIndex);
    const TableHistory *table() const { return m_table; } // null when none
    const SchemaVersion *version(int row) const;          // null when out of range

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
