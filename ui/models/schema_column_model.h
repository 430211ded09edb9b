#pragma once

#include "schema_snapshot_fwd.h"

#include <QAbstractTableModel>

namespace syncline::ui {

// The columns of one table version in their order: position, name, type as PostgreSQL writes
// it, and whether the column is part of the key (replica identity).
class SchemaColumnModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Position,
        Name,
        Type,
        Key,
        ColumnCount
    };

    explicit SchemaColumnModel(QObject *parent = nullptr);

    // `version` points into `snapshot`; null shows nothing.
    void setVersion(SchemaSnapshotPtr snapshot, const SchemaVersion *version);
    const SchemaVersion *version() const { return m_version; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    SchemaSnapshotPtr m_snapshot;
    const SchemaVersion *m_version = nullptr;
};

} // namespace syncline::ui
