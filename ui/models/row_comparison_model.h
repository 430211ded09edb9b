#pragma once

#include <QAbstractTableModel>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace syncline::verify {
struct Difference;
}

namespace syncline::ui {

// One difference as source row beside target row: a line per compared column (the key's
// first), the values as the databases rendered them (to_jsonb), the differing ones bold on a
// highlight. A side without the row shows "(no row)".
class RowComparisonModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Source,
        Target,
        ColumnCount
    };
    static constexpr int ChangedRole = Qt::UserRole + 1;
    static constexpr int KeyRole = Qt::UserRole + 2;

    explicit RowComparisonModel(QObject *parent = nullptr);

    void setDifference(const verify::Difference &difference);
    void clear();
    bool hasSource() const { return m_hasSource; }
    bool hasTarget() const { return m_hasTarget; }
    // The columns whose values differ (both rows present), in row order.
    QStringList changedColumns() const;

    // A JSON value as a cell shows it: text as is, NULL, numbers, compact JSON.
    static QString valueText(const QJsonValue &value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Line
    {
        QString name;
        QJsonValue source = QJsonValue::Undefined; // undefined: the side has no such column
        QJsonValue target = QJsonValue::Undefined;
        bool key = false;
        bool changed = false;
    };
    QVariant cellText(const Line &line, int column) const;

    QList<Line> m_lines;
    bool m_hasSource = false;
    bool m_hasTarget = false;
};

} // namespace syncline::ui
