#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <map>
#include <string>

namespace syncline::ui {

// A Kafka pipeline's consumer lag per partition: one row per sink, topic and partition, from the
// engine's "sink topic[partition]" -> messages behind (MetricsSnapshot::consumerLag). Rows are
// sorted by sink, topic and partition number; an update with the same partitions only changes
// the Lag column, so a view keeps its selection and scroll position.
class ConsumerLagModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Sink,
        Topic,
        Partition,
        Lag,
        ColumnCount
    };

    struct Row
    {
        QString sink;
        QString topic;
        int partition = -1; // -1: the key named none
        long long lag = 0;
    };

    explicit ConsumerLagModel(QObject *parent = nullptr);

    void setLag(const std::map<std::string, long long> &lagByPartition);
    void clear() { setLag({}); }
    const QList<Row> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "sink topic[partition]" split up; a key of another shape keeps what follows the first
    // space (or all of it) as the topic, without a partition.
    static Row parse(const std::string &key, long long lag);

private:
    QList<Row> m_rows;
};

} // namespace syncline::ui
