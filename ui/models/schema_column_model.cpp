#include "schema_column_model.h"

#include "schema_snapshot.h"

#include "schema/type_names.h"

#include <QFont>

namespace syncline::ui {

SchemaColumnModel::SchemaColumnModel(QObject *parent) : QAbstractTableModel(parent) {}

void SchemaColumnModel::setVersion(SchemaSnapshotPtr snapshot, const SchemaVersion *version)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    m_version = m_snapshot ? version : nullptr;
    endResetModel();
}

int SchemaColumnModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_version ? 0 : int(m_version->schema.columns.size());
}

int SchemaColumnModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SchemaColumnModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_version)
        return {};
    const syncline::Column &column = m_version->schema.columns[std::size_t(index.row())];
    if (role == Qt::FontRole && column.isKey && index.column() == Name) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole && index.column() == Position)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Position:
        return index.row() + 1;
    case Name:
        return QString::fromStdString(column.name);
    case Type:
        return QString::fromStdString(typeName(column.typeOid, column.typeModifier));
    case Key:
        return column.isKey ? tr("key") : QString();
    }
    return {};
}

QVariant SchemaColumnModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Position:
        return tr("#");
    case Name:
        return tr("Column");
    case Type:
        return tr("Type");
    case Key:
        return tr("Key");
    }
    return {};
}

} // namespace syncline::ui
