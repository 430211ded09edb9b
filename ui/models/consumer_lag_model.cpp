#include "consumer_lag_model.h"

#include <algorithm>
#include <tuple>

namespace syncline::ui {

ConsumerLagModel::ConsumerLagModel(QObject *parent) : QAbstractTableModel(parent) {}

ConsumerLagModel::Row ConsumerLagModel::parse(const std::string &key, long long lag)
{
    Row row;
    row.lag = lag;
    const QString text = QString::fromStdString(key);
    const qsizetype space = text.indexOf(u' ');
    row.sink = space < 0 ? QString() : text.left(space);
    QString rest = text.mid(space + 1);
    const qsizetype open = rest.lastIndexOf(u'[');
    if (open > 0 && rest.endsWith(u']')) {
        bool ok = false;
        const int partition = rest.sliced(open + 1, rest.size() - open - 2).toInt(&ok);
        if (ok && partition >= 0) {
            row.partition = partition;
            rest.truncate(open);
        }
    }
    row.topic = rest;
    return row;
}

void ConsumerLagModel::setLag(const std::map<std::string, long long> &lagByPartition)
{
    QList<Row> rows;
    rows.reserve(qsizetype(lagByPartition.size()));
    for (const auto &[key, lag] : lagByPartition)
        rows.append(parse(key, lag));
    const auto order = [](const Row &a, const Row &b) {
        return std::tie(a.sink, a.topic, a.partition) < std::tie(b.sink, b.topic, b.partition);
    };
    std::sort(rows.begin(), rows.end(), order);

    const bool samePartitions =
        rows.size() == m_rows.size() &&
        std::equal(rows.begin(), rows.end(), m_rows.begin(), [](const Row &a, const Row &b) {
            return a.sink == b.sink && a.topic == b.topic && a.partition == b.partition;
        });
    if (!samePartitions) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    int first = -1, last = -1;
    for (int i = 0; i < int(rows.size()); ++i) {
        if (rows.at(i).lag == m_rows.at(i).lag)
            continue;
        m_rows[i].lag = rows.at(i).lag;
        first = first < 0 ? i : first;
        last = i;
    }
    if (first >= 0)
        emit dataChanged(index(first, Lag), index(last, Lag), {Qt::DisplayRole});
}

int ConsumerLagModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConsumerLagModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConsumerLagModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() == Partition || index.column() == Lag;
        return int(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Sink:
        return row.sink;
    case Topic:
        return row.topic;
    case Partition:
        return row.partition < 0 ? QVariant() : QVariant(row.partition);
    case Lag:
        return qlonglong(row.lag);
    }
    return {};
}

QVariant ConsumerLagModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Sink:
        return tr("Sink");
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case Lag:
        return tr("Lag (messages)");
    }
    return {};
}

} // namespace syncline::ui
