#pragma once

#include "alerts/alert_evaluator.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace syncline::ui {

class PipelineController;
class PipelineWorkspace;

// One alert as the console lists it: when it fired (and cleared), for which pipeline, and
// whether the user has acknowledged it.
struct AlertEntry
{
    qint64 firedMs = 0;
    qint64 clearedMs = 0; // 0 while active
    QPointer<PipelineController> controller;
    QString pipeline;
    QString rule;
    AlertSeverity severity = AlertSeverity::Warning;
    QString message;
    bool acknowledged = false;

    bool isActive() const { return clearedMs == 0; }
};

// At most one desktop notification per pipeline and rule within `intervalMs`.
class NotificationLimiter
{
public:
    static constexpr qint64 kDefaultIntervalMs = 5 * 60 * 1000;

    explicit NotificationLimiter(qint64 intervalMs = kDefaultIntervalMs) : m_intervalMs(intervalMs)
    {}
    // True (and remembered) when this pipeline's rule was not notified in the interval.
    bool allow(const QString &pipeline, const QString &rule, qint64 nowMs);

private:
    qint64 m_intervalMs;
    QHash<QString, qint64> m_last; // "pipeline\nrule" -> when last allowed
};

// The alerts of every open pipeline, as core's AlertMonitor reports them (fired and cleared),
// collected on the GUI thread when a controller's metrics or state change, oldest first, at
// most kCapacity. Survives restarts of a pipeline: a new run's alerts add to the list, and
// what was active when a run ended counts as cleared then.
class AlertCenter : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype kCapacity = 1000;

    explicit AlertCenter(PipelineWorkspace *workspace, QObject *parent = nullptr);

    const QList<AlertEntry> &entries() const { return m_entries; }
    int activeCount(const PipelineController *controller) const;
    int unacknowledgedCount() const;
    void acknowledge(const QList<int> &rows);
    void acknowledgeAll();
    // Reads the controller's alert history now (also called on its signals).
    void collect(PipelineController *controller);

signals:
    void aboutToAppend(int first, int last);
    void appended();
    void aboutToDropOldest(int count);
    void droppedOldest();
    void entriesChanged(int first, int last);
    void countsChanged();
    // A new alert fired (not one that cleared).
    void alertFired(const syncline::ui::AlertEntry &entry);

private:
    void watch(PipelineController *controller);
    void endRun(PipelineController *controller, qint64 nowMs);
    void append(AlertEntry entry);

    struct Seen
    {
        quint64 run = 0;
        std::size_t count = 0; // transitions of that run already read
        AlertTransition last;  // the last one read (the history is bounded: it moves)
    };
    PipelineWorkspace *m_workspace;
    QList<AlertEntry> m_entries;
    QHash<const PipelineController *, Seen> m_seen;
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::AlertEntry)
