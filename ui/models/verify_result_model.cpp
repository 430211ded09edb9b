#include "verify_result_model.h"

#include "format.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QStringList>

namespace syncline::ui {

VerifyResultModel::VerifyResultModel(QObject *parent) : QAbstractTableModel(parent) {}

void VerifyResultModel::setResults(std::vector<TableResultPtr> results)
{
    beginResetModel();
    m_results = std::move(results);
    std::erase(m_results, nullptr);
    endResetModel();
}

void VerifyResultModel::addResult(TableResultPtr result)
{
    if (!result)
        return;
    const int row = int(m_results.size());
    beginInsertRows({}, row, row);
    m_results.push_back(std::move(result));
    endInsertRows();
}

TableResultPtr VerifyResultModel::resultAt(int row) const
{
    if (row < 0 || row >= int(m_results.size()))
        return {};
    return m_results[std::size_t(row)];
}

long long VerifyResultModel::differenceCount() const
{
    long long count = 0;
    for (const auto &result : m_results)
        count += result->differenceCount();
    return count;
}

QString VerifyResultModel::outcomeText(const verify::TableResult &result)
{
    if (!result.error.empty())
        return QString::fromStdString(result.error);
    if (result.differenceCount() > 0)
        return tr("%n difference(s)", nullptr, int(result.differenceCount()));
    if (result.unsettled > 0)
        return tr("Equal but %n row(s) that kept changing", nullptr, int(result.unsettled));
    return tr("Equal");
}

int VerifyResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int VerifyResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VerifyResultModel::display(const verify::TableResult &result, int column) const
{
    const bool compared = result.error.empty();
    switch (column) {
    case Sink:
        return QString::fromStdString(result.sink);
    case Table:
        return QString::fromStdString(result.table);
    case Compared:
        return compared ? Format::count(result.sourceRows) : QString();
    case Missing:
        return compared ? Format::count(result.missing) : QString();
    case Extra:
        return compared ? Format::count(result.extra) : QString();
    case Different:
        return compared ? Format::count(result.different) : QString();
    case Unsettled:
        return compared ? Format::count(result.unsettled) : QString();
    case Time:
        return Format::duration(result.seconds);
    case Rate:
        return compared && result.seconds > 0 ? Format::rate(result.rowsPerSecond()) : QString();
    case Outcome:
        return outcomeText(result);
    }
    return {};
}

QVariant VerifyResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const verify::TableResult &result = *m_results[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(result, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Outcome && !result.notCompared.empty()) {
            QStringList columns;
            for (const auto &name : result.notCompared)
                columns.append(QString::fromStdString(name));
            return QString(
                outcomeText(result) + u'\n' +
                tr("Not compared (only one side has them): %1").arg(columns.join(u", ")));
        }
        return display(result, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() >= Compared && index.column() <= Rate)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Outcome && !result.error.empty())
            return QBrush(QColor(0xc6, 0x28, 0x28));
        return {};
    case Qt::FontRole:
        if (index.column() == Outcome && result.differenceCount() > 0) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case DifferenceCountRole:
        return qlonglong(result.differenceCount());
    default:
        return {};
    }
}

QVariant VerifyResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Sink:
        return tr("Sink");
    case Table:
        return tr("Table");
    case Compared:
        return tr("Rows compared");
    case Missing:
        return tr("Missing");
    case Extra:
        return tr("Extra");
    case Different:
        return tr("Different");
    case Unsettled:
        return tr("Unsettled");
    case Time:
        return tr("Time");
    case Rate:
        return tr("Rows/s");
    case Outcome:
        return tr("Result");
    }
    return {};
}

} // namespace syncline::ui
