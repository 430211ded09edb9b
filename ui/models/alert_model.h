#pragma once

#include <QAbstractTableModel>

namespace syncline::ui {

class AlertCenter;

// The console's alerts, newest first: when, which pipeline, rule, severity, message, and
// whether it is still active. Unacknowledged alerts are bold. Reads the AlertCenter's list.
class AlertModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Pipeline,
        Rule,
        Severity,
        Message,
        State,
        ColumnCount
    };
    enum Role
    {
        AcknowledgedRole = Qt::UserRole + 1, // bool
        ActiveRole,                          // bool
        EntryRowRole,                        // int: the row in AlertCenter::entries()
    };

    explicit AlertModel(AlertCenter *center, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int entryRow(int row) const; // newest first: the last entry is row 0

private:
    AlertCenter *m_center;
};

} // namespace syncline::ui
