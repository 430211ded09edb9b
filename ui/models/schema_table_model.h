#pragma once

#include "schema_snapshot_fwd.h"

#include <QAbstractTableModel>

namespace syncline {
struct TableSchema;
}

namespace syncline::ui {

// The tables of a schema history: name, how many versions, the latest version's key columns
// and replica identity. Points into a shared snapshot; holds no copies.
class SchemaTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Versions,
        Key,
        ReplicaIdentity,
        ColumnCount
    };

    explicit SchemaTableModel(QObject *parent = nullptr);

    void setSnapshot(SchemaSnapshotPtr snapshot);
    const SchemaSnapshotPtr &snapshot() const { return m_snapshot; }
    const TableHistory *table(int row) const; // null when out of range

    // "id, region" or "none".
    static QString keyText(const TableSchema &schema);
    // pgoutput's replica identity letter, in words.
    static QString replicaIdentityText(char identity);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    SchemaSnapshotPtr m_snapshot;
};

} // namespace syncline::ui
