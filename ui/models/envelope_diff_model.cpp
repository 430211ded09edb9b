#include "envelope_diff_model.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace syncline::ui {

EnvelopeDiffModel::EnvelopeDiffModel(QObject *parent) : QAbstractTableModel(parent) {}

void EnvelopeDiffModel::setDiff(EnvelopeDiff diff)
{
    beginResetModel();
    m_diff = std::move(diff);
    endResetModel();
}

void EnvelopeDiffModel::clear()
{
    setDiff({});
}

int EnvelopeDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diff.columns.size());
}

int EnvelopeDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EnvelopeDiffModel::valueText(const std::optional<Value> &value, bool imagePresent) const
{
    if (!imagePresent)
        return {};
    if (!value)
        return tr("(absent)");
    switch (value->kind) {
    case Value::Kind::Null:
        return QStringLiteral("NULL");
    case Value::Kind::UnchangedToast:
        return tr("(unchanged, not sent)");
    case Value::Kind::Text:
        break;
    }
    return QString::fromStdString(value->text);
}

QVariant EnvelopeDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ColumnDiff &column = m_diff.columns[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (index.column() == Name)
            return QString::fromStdString(column.name);
        return index.column() == Before ? valueText(column.before, m_diff.hasBefore)
                                        : valueText(column.after, m_diff.hasAfter);
    case ChangedRole:
        return column.changed;
    case Qt::FontRole:
        if (column.changed) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::BackgroundRole:
        if (column.changed) {
            QColor highlight = QGuiApplication::palette().color(QPalette::Highlight);
            highlight.setAlpha(60); // readable in light and dark themes
            return highlight;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant EnvelopeDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Column");
    case Before:
        return tr("Before");
    case After:
        return tr("After");
    }
    return {};
}

} // namespace syncline::ui
