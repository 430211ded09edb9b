#pragma once

#include "transport/kafka/browse_types.h"

#include <QAbstractTableModel>

#include <vector>

namespace syncline::ui {

// The topics of a cluster: name, partitions, low and high watermarks (a range when the
// partitions differ; each partition's in the tool tip) and message counts.
class TopicListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Partitions,
        Messages,
        LowWatermark,
        HighWatermark,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1; // numbers as numbers

    explicit TopicListModel(QObject *parent = nullptr);

    void setTopics(std::vector<kafka::TopicInfo> topics);
    const kafka::TopicInfo &topic(int row) const { return m_topics[std::size_t(row)]; }
    int rowOf(const QString &name) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString partitionsToolTip(const kafka::TopicInfo &topic) const;

    std::vector<kafka::TopicInfo> m_topics;
};

} // namespace syncline::ui
