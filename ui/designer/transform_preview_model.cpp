#include "designer/transform_preview_model.h"

#include <QColor>
#include <QFont>

namespace syncline::ui {

namespace {

// What a cell shows of a value: its text, or NULL (in italics).
QVariant valueData(const Value &value, int role)
{
    if (role == Qt::FontRole && !value.isNull())
        return {};
    if (role == Qt::FontRole) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    return value.isNull() ? QStringLiteral("NULL") : QString::fromStdString(value.text);
}

// A cell that stands for no value ("hidden", "filtered out"), in grey italics.
QVariant placeholder(const QString &text, int role)
{
    if (role == Qt::ForegroundRole)
        return QColor(0x75, 0x75, 0x75);
    if (role == Qt::FontRole) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    return role == Qt::DisplayRole ? QVariant(text) : QVariant();
}

} // namespace

TransformPreviewModel::TransformPreviewModel(QObject *parent) : QAbstractTableModel(parent) {}

void TransformPreviewModel::setPreview(transform::ChainPreview preview)
{
    beginResetModel();
    m_preview = std::move(preview);
    m_rawVisible = false;
    endResetModel();
}

void TransformPreviewModel::clear()
{
    setPreview({});
}

void TransformPreviewModel::setRawVisible(bool visible)
{
    if (visible == m_rawVisible)
        return;
    m_rawVisible = visible;
    if (rowCount() > 0)
        emit dataChanged(index(0, BeforeColumn), index(rowCount() - 1, BeforeColumn));
}

int TransformPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_preview.rows.size() * m_preview.input.columns.size());
}

int TransformPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

// The row's value of the input column `column` as it leaves the chain (a step may leave it out
// or rename it).
QVariant TransformPreviewModel::afterValue(const transform::PreviewedRow &row, std::size_t column,
                                           int role) const
{
    if (!row.after)
        return placeholder(tr("filtered out"), role);
    const auto out =
        column < m_preview.outputColumnOf.size() ? m_preview.outputColumnOf[column] : std::nullopt;
    if (!out || *out >= row.after->size())
        return placeholder(tr("not sent"), role);
    return role == Qt::ForegroundRole ? QVariant() : valueData((*row.after)[*out], role);
}

QVariant TransformPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::FontRole && role != Qt::ForegroundRole)
        return {};
    const std::size_t columns = m_preview.input.columns.size();
    const auto &row = m_preview.rows[std::size_t(index.row()) / columns];
    const std::size_t column = std::size_t(index.row()) % columns;
    switch (index.column()) {
    case RowColumn:
        return role == Qt::DisplayRole && column == 0 ? QVariant(index.row() / int(columns) + 1)
                                                      : QVariant();
    case NameColumn:
        return role == Qt::DisplayRole
                   ? QVariant(QString::fromStdString(m_preview.input.columns[column].name))
                   : QVariant();
    case BeforeColumn:
        if (!m_rawVisible)
            return placeholder(tr("hidden"), role);
        if (role == Qt::ForegroundRole || column >= row.before.size())
            return {};
        return valueData(row.before[column], role);
    case AfterColumn:
        return afterValue(row, column, role);
    }
    return {};
}

QVariant TransformPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RowColumn:
        return tr("Row");
    case NameColumn:
        return tr("Column");
    case BeforeColumn:
        return tr("Before");
    case AfterColumn:
        return tr("After the transforms");
    }
    return {};
}

} // namespace syncline::ui
