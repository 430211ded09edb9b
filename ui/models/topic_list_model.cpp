#include "topic_list_model.h"

#include "format.h"

#include <algorithm>

namespace syncline::ui {

namespace {

// "12" or "12 – 40": the smallest and largest of a watermark over the partitions.
std::pair<qint64, qint64> range(const kafka::TopicInfo &topic, bool low)
{
    if (topic.partitions.empty())
        return {0, 0};
    auto value = [low](const kafka::PartitionWatermarks &p) { return low ? p.low : p.high; };
    const auto [min, max] =
        std::minmax_element(topic.partitions.begin(), topic.partitions.end(),
                            [&](const auto &a, const auto &b) { return value(a) < value(b); });
    return {value(*min), value(*max)};
}

QString rangeText(std::pair<qint64, qint64> r)
{
    return r.first == r.second ? Format::count(r.first)
                               : Format::count(r.first) + u" – " + Format::count(r.second);
}

} // namespace

TopicListModel::TopicListModel(QObject *parent) : QAbstractTableModel(parent) {}

void TopicListModel::setTopics(std::vector<kafka::TopicInfo> topics)
{
    beginResetModel();
    m_topics = std::move(topics);
    endResetModel();
}

int TopicListModel::rowOf(const QString &name) const
{
    const std::string wanted = name.toStdString();
    for (std::size_t i = 0; i < m_topics.size(); ++i)
        if (m_topics[i].name == wanted)
            return int(i);
    return -1;
}

int TopicListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_topics.size());
}

int TopicListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const kafka::TopicInfo &topic = m_topics[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (index.column()) {
        case Name:
            return QString::fromStdString(topic.name);
        case Partitions:
            return int(topic.partitions.size());
        case Messages:
            return sort ? QVariant(qlonglong(topic.messages()))
                        : QVariant(Format::count(topic.messages()));
        case LowWatermark:
        case HighWatermark: {
            const auto r = range(topic, index.column() == LowWatermark);
            return sort ? QVariant(qlonglong(r.first)) : QVariant(rangeText(r));
        }
        }
    } else if (role == Qt::ToolTipRole) {
        return topic.error.empty() ? partitionsToolTip(topic)
                                   : tr("Error: %1").arg(QString::fromStdString(topic.error));
    } else if (role == Qt::TextAlignmentRole && index.column() != Name) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QString TopicListModel::partitionsToolTip(const kafka::TopicInfo &topic) const
{
    QStringList lines;
    for (const auto &p : topic.partitions)
        lines
            << (p.error.empty()
                    ? tr("Partition %1: offsets %2 – %3 (%4 messages)")
                          .arg(p.partition)
                          .arg(p.low)
                          .arg(p.high)
                          .arg(Format::count(p.messages()))
                    : tr("Partition %1: %2").arg(p.partition).arg(QString::fromStdString(p.error)));
    return lines.join(u'\n');
}

QVariant TopicListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Topic");
    case Partitions:
        return tr("Partitions");
    case Messages:
        return tr("Messages");
    case LowWatermark:
        return tr("Low watermark");
    case HighWatermark:
        return tr("High watermark");
    }
    return {};
}

} // namespace syncline::ui
