#include "schema_action_model.h"

#include "schema_snapshot.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace syncline::ui {

SchemaActionModel::SchemaActionModel(QObject *parent) : QAbstractTableModel(parent) {}

void SchemaActionModel::setTable(SchemaSnapshotPtr snapshot, int tableIndex)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    const bool valid = m_snapshot && tableIndex >= 0 && tableIndex < int(m_snapshot->tables.size());
    m_table = valid ? &m_snapshot->tables[std::size_t(tableIndex)] : nullptr;
    endResetModel();
}

int SchemaActionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_table ? 0 : int(m_table->actions.size());
}

int SchemaActionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SchemaActionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_table)
        return {};
    const SchemaActionRecord &action = m_table->actions[std::size_t(index.row())];
    const bool quarantined = action.outcome == "quarantined";
    if (role == Qt::ForegroundRole && quarantined)
        return QBrush(QColor(0xb0, 0x20, 0x20));
    if (role == Qt::ToolTipRole) {
        if (index.column() == At)
            return QString::fromStdString(action.at + " (source transaction at " + action.lsn +
                                          ')');
        if (!action.statements.empty())
            return QString(
                (quarantined ? tr("Not run. To apply it by hand:\n") : tr("Run on the target:\n")) +
                QString::fromStdString(action.statements));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case At: {
        const QString at = QString::fromStdString(action.at);
        const QDateTime time = QDateTime::fromString(at, Qt::ISODateWithMs);
        return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                              : at;
    }
    case Sink:
        return QString::fromStdString(action.sink);
    case Change:
        return QString::fromStdString(action.kind);
    case ColumnName:
        return QString::fromStdString(action.column);
    case Detail:
        return QString::fromStdString(action.detail);
    case Outcome:
        return QString::fromStdString(action.outcome);
    }
    return {};
}

QVariant SchemaActionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case At:
        return tr("When");
    case Sink:
        return tr("Sink");
    case Change:
        return tr("Change");
    case ColumnName:
        return tr("Column");
    case Detail:
        return tr("Detail");
    case Outcome:
        return tr("Outcome");
    }
    return {};
}

} // namespace syncline::ui
