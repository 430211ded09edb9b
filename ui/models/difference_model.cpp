#include "difference_model.h"

#include <QStringList>

namespace syncline::ui {

DifferenceModel::DifferenceModel(QObject *parent) : QAbstractTableModel(parent) {}

void DifferenceModel::setResult(TableResultPtr result)
{
    beginResetModel();
    m_result = std::move(result);
    endResetModel();
}

const verify::Difference *DifferenceModel::differenceAt(int row) const
{
    if (!m_result || row < 0 || row >= int(m_result->differences.size()))
        return nullptr;
    return &m_result->differences[std::size_t(row)];
}

QString DifferenceModel::kindText(verify::Difference::Kind kind)
{
    switch (kind) {
    case verify::Difference::Kind::Missing:
        return tr("Missing on the target");
    case verify::Difference::Kind::Extra:
        return tr("Extra on the target");
    case verify::Difference::Kind::Different:
        return tr("Different");
    }
    return {};
}

QString DifferenceModel::repairText(verify::Difference::Kind kind)
{
    switch (kind) {
    case verify::Difference::Kind::Missing:
        return tr("Insert from the source");
    case verify::Difference::Kind::Extra:
        return tr("Delete");
    case verify::Difference::Kind::Different:
        return tr("Update from the source");
    }
    return {};
}

QString DifferenceModel::keyText(const verify::Difference &difference)
{
    QStringList parts;
    for (std::size_t i = 0; i < difference.key.size(); ++i) {
        const QString value = QString::fromStdString(difference.key[i]);
        if (i < difference.keyColumns.size())
            parts.append(QString::fromStdString(difference.keyColumns[i]) + u" = " + value);
        else
            parts.append(value);
    }
    return parts.join(u", ");
}

int DifferenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_result ? 0 : int(m_result->differences.size());
}

int DifferenceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DifferenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const verify::Difference &difference = m_result->differences[std::size_t(index.row())];
    switch (index.column()) {
    case Kind:
        return kindText(difference.kind);
    case Key:
        return keyText(difference);
    case Repair:
        return repairText(difference.kind);
    }
    return {};
}

QVariant DifferenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Kind:
        return tr("Difference");
    case Key:
        return tr("Key");
    case Repair:
        return tr("Repair would");
    }
    return {};
}

} // namespace syncline::ui
