#include "schema_table_model.h"

#include "schema_snapshot.h"

#include <QStringList>

namespace syncline::ui {

SchemaTableModel::SchemaTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void SchemaTableModel::setSnapshot(SchemaSnapshotPtr snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    endResetModel();
}

const TableHistory *SchemaTableModel::table(int row) const
{
    if (!m_snapshot || row < 0 || row >= int(m_snapshot->tables.size()))
        return nullptr;
    return &m_snapshot->tables[std::size_t(row)];
}

QString SchemaTableModel::keyText(const TableSchema &schema)
{
    QStringList names;
    for (const int index : schema.keyColumnIndexes())
        names.append(QString::fromStdString(schema.columns[std::size_t(index)].name));
    return names.isEmpty() ? tr("none") : names.join(u", ");
}

QString SchemaTableModel::replicaIdentityText(char identity)
{
    switch (identity) {
    case 'd':
        return tr("default (primary key)");
    case 'f':
        return tr("full");
    case 'i':
        return tr("index");
    case 'n':
        return tr("nothing");
    }
    return tr("unknown (%1)").arg(QLatin1Char(identity));
}

int SchemaTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->tables.size());
}

int SchemaTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SchemaTableModel::data(const QModelIndex &index, int role) const
{
    const TableHistory *history = checkIndex(index) ? table(index.row()) : nullptr;
    if (!history)
        return {};
    if (role == Qt::TextAlignmentRole && index.column() == Versions)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Name:
        return QString::fromStdString(history->name);
    case Versions:
        return qlonglong(history->versions.size());
    case Key:
        return keyText(history->latest().schema);
    case ReplicaIdentity:
        return replicaIdentityText(history->latest().schema.replicaIdentity);
    }
    return {};
}

QVariant SchemaTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Table");
    case Versions:
        return tr("Versions");
    case Key:
        return tr("Key");
    case ReplicaIdentity:
        return tr("Replica identity");
    }
    return {};
}

} // namespace syncline::ui
