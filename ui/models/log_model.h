#pragma once

#include "log_entry.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <deque>

namespace syncline::ui {

// The engine's log as a table, newest last. Keeps at most `capacity` entries: a batch that would
// go over drops the oldest first (one remove, one insert per batch).
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Level,
        Pipeline,
        Category,
        Message,
        ColumnCount
    };
    enum Role
    {
        LevelRole = Qt::UserRole + 1, // int(LogLevel)
        CategoryRole,
        PipelineRole,
    };
    static constexpr qsizetype kDefaultCapacity = 10000;

    explicit LogModel(QObject *parent = nullptr, qsizetype capacity = kDefaultCapacity);

    void append(const QList<LogEntry> &entries);
    void clear();
    QStringList categories() const { return m_categories; } // in the order first seen

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void categoryAdded(const QString &category);

private:
    QVariant display(const LogEntry &entry, int column) const;

    qsizetype m_capacity;
    std::deque<LogEntry> m_entries;
    QStringList m_categories;
};

QString levelText(LogLevel level); // translated

} // namespace syncline::ui
