#include "designer/source_table_model.h"

#include <QBrush>
#include <QColor>

namespace syncline::ui {

namespace {

QString qualified(const InspectedTable &table)
{
    return QString::fromStdString(table.qualifiedName());
}

QString identityText(const InspectedTable &table)
{
    const QString identity = QString::fromStdString(table.identity);
    return table.capturable ? SourceTableModel::tr("OK (%1)").arg(identity) : identity;
}

QString keyText(const InspectedTable &table)
{
    if (table.key.empty())
        return SourceTableModel::tr("none");
    QStringList columns;
    for (const auto &column : table.key)
        columns += QString::fromStdString(column);
    return columns.join(QStringLiteral(", "));
}

} // namespace

SourceTableModel::SourceTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void SourceTableModel::setTables(std::vector<InspectedTable> tables, const QStringList &checked)
{
    beginResetModel();
    m_tables = std::move(tables);
    m_checked.clear();
    for (const QString &name : checked)
        m_checked.insert(name.contains(QLatin1Char('.')) ? name : QStringLiteral("public.") + name);
    endResetModel();
}

QStringList SourceTableModel::checkedTables() const
{
    QStringList names;
    for (const auto &table : m_tables) {
        if (m_checked.contains(qualified(table)))
            names += qualified(table);
    }
    return names;
}

QString SourceTableModel::fixSql() const
{
    QStringList statements;
    for (const auto &table : m_tables) {
        if (m_checked.contains(qualified(table)) && !table.capturable && !table.fix.empty())
            statements += QString::fromStdString(table.fix);
    }
    return statements.join(QLatin1Char('\n'));
}

int SourceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tables.size());
}

int SourceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const InspectedTable &table = m_tables[std::size_t(index.row())];
    if (role == Qt::CheckStateRole && index.column() == SchemaColumn)
        return m_checked.contains(qualified(table)) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return QBrush(table.capturable ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case SchemaColumn:
        return QString::fromStdString(table.schema);
    case TableColumn:
        return QString::fromStdString(table.name);
    case KeyColumn:
        return keyText(table);
    case StatusColumn:
        return identityText(table);
    case FixColumn:
        return QString::fromStdString(table.fix);
    }
    return {};
}

bool SourceTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::CheckStateRole ||
        index.column() != SchemaColumn)
        return false;
    const QString name = qualified(m_tables[std::size_t(index.row())]);
    if (value.value<Qt::CheckState>() == Qt::Checked)
        m_checked.insert(name);
    else
        m_checked.remove(name);
    emit dataChanged(index, index, {Qt::CheckStateRole});
    return true;
}

Qt::ItemFlags SourceTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == SchemaColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant SourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SchemaColumn:
        return tr("Schema");
    case TableColumn:
        return tr("Table");
    case KeyColumn:
        return tr("Key");
    case StatusColumn:
        return tr("Capture");
    case FixColumn:
        return tr("Fix");
    }
    return {};
}

} // namespace syncline::ui
