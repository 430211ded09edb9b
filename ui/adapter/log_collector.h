#pragma once

#include "log_entry.h"

#include <QList>
#include <QObject>

#include <memory>

namespace syncline::ui {

// Receives the engine's log (syncline::log::setHandler) on whatever thread writes it, and hands
// it to the GUI thread in batches: one queued delivery per event-loop pass, however many records
// arrived. At most kMaxPending records wait; beyond that the oldest are dropped and counted.
// One collector at a time: it replaces the engine's handler while it lives.
class LogCollector : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype kMaxPending = 10000;

    explicit LogCollector(QObject *parent = nullptr);
    ~LogCollector() override; // restores the engine's stderr handler

signals:
    // On the collector's thread, in time order. `dropped`: records lost since the last batch.
    void entriesArrived(const QList<syncline::ui::LogEntry> &entries, qsizetype dropped);

private:
    struct Queue;
    void deliver();

    std::shared_ptr<Queue> m_queue;
};

} // namespace syncline::ui
