#include "schema_version_model.h"

#include "schema_snapshot.h"

#include <QDateTime>

namespace syncline::ui {

SchemaVersionModel::SchemaVersionModel(QObject *parent) : QAbstractTableModel(parent) {}

void SchemaVersionModel::setTable(SchemaSnapshotPtr snapshot, int tableIndex)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    const bool valid = m_snapshot && tableIndex >= 0 && tableIndex < int(m_snapshot->tables.size());
    m_table = valid ? &m_snapshot->tables[std::size_t(tableIndex)] : nullptr;
    endResetModel();
}

const SchemaVersion *SchemaVersionModel::version(int row) const
{
    if (!m_table || row < 0 || row >= int(m_table->versions.size()))
        return nullptr;
    return &m_table->versions[std::size_t(row)];
}

int SchemaVersionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_table ? 0 : int(m_table->versions.size());
}

int SchemaVersionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SchemaVersionModel::data(const QModelIndex &index, int role) const
{
    const SchemaVersion *entry = checkIndex(index) ? version(index.row()) : nullptr;
    if (!entry)
        return {};
    const QString recordedAt = QString::fromStdString(entry->recordedAt);
    if (role == Qt::ToolTipRole && index.column() == RecordedAt)
        return recordedAt; // as stored: UTC
    if (role == Qt::ToolTipRole) {
        const std::string ddl = m_table->ddlOfVersion(std::size_t(index.row()));
        return ddl.empty() ? QVariant() : QVariant(tr("Made by:\n") + QString::fromStdString(ddl));
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Version || index.column() == Columns))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Version:
        return entry->version;
    case FirstLsn:
        return QString::fromStdString(entry->lsn);
    case RecordedAt: {
        const QDateTime time = QDateTime::fromString(recordedAt, Qt::ISODateWithMs);
        return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                              : recordedAt;
    }
    case Columns:
        return qlonglong(entry->schema.columns.size());
    }
    return {};
}

QVariant SchemaVersionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Version:
        return tr("Version");
    case FirstLsn:
        return tr("First LSN");
    case RecordedAt:
        return tr("Recorded at");
    case Columns:
        return tr("Columns");
    }
    return {};
}

} // namespace syncline::ui
