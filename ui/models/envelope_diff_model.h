#pragma once

#include "codec/envelope_diff.h"

#include <QAbstractTableModel>

namespace syncline::ui {

// A Debezium change event's columns before and after; changed ones are bold on a highlight.
class EnvelopeDiffModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Before,
        After,
        ColumnCount
    };
    static constexpr int ChangedRole = Qt::UserRole + 1;

    explicit EnvelopeDiffModel(QObject *parent = nullptr);

    void setDiff(EnvelopeDiff diff);
    void clear();
    const EnvelopeDiff &diff() const { return m_diff; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant valueText(const std::optional<Value> &value, bool imagePresent) const;

    EnvelopeDiff m_diff;
};

} // namespace syncline::ui
