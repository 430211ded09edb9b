#include "log_collector.h"

#include "metatypes.h"

#include <mutex>

namespace syncline::ui {

struct LogCollector::Queue
{
    std::mutex mutex;
    QList<LogEntry> pending;
    qsizetype dropped = 0;
    bool posted = false;
};

LogCollector::LogCollector(QObject *parent) : QObject(parent), m_queue(std::make_shared<Queue>())
{
    registerMetaTypes();
    log::setHandler([this, queue = m_queue](const LogRecord &record) {
        LogEntry entry{record.timeMillis, record.level, QString::fromStdString(record.category),
                       QString::fromStdString(record.message),
                       QString::fromStdString(record.pipeline)};
        std::lock_guard lock(queue->mutex);
        if (queue->pending.size() >= kMaxPending) {
            queue->pending.removeFirst();
            ++queue->dropped;
        }
        queue->pending.append(std::move(entry));
        if (!queue->posted) {
            queue->posted = true;
            QMetaObject::invokeMethod(this, &LogCollector::deliver, Qt::QueuedConnection);
        }
    });
}

LogCollector::~LogCollector()
{
    // Returns once no engine thread is inside the handler; none calls it afterwards.
    log::setHandler(nullptr);
}

void LogCollector::deliver()
{
    QList<LogEntry> entries;
    qsizetype dropped = 0;
    {
        std::lock_guard lock(m_queue->mutex);
        entries.swap(m_queue->pending);
        std::swap(dropped, m_queue->dropped);
        m_queue->posted = false;
    }
    if (!entries.isEmpty())
        emit entriesArrived(entries, dropped);
}

} // namespace syncline::ui
