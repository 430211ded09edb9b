#include "alert_center.h"

#include "pipeline_controller.h"
#include "pipeline_workspace.h"

#include <QDateTime>

#include <algorithm>
#include <numeric>

namespace syncline::ui {
namespace {

bool sameTransition(const AlertTransition &a, const AlertTransition &b)
{
    return a.fired == b.fired && a.alert.rule == b.alert.rule &&
           a.alert.sinceMs == b.alert.sinceMs && a.alert.message == b.alert.message;
}

} // namespace

bool NotificationLimiter::allow(const QString &pipeline, const QString &rule, qint64 nowMs)
{
    const QString key = pipeline + u'\n' + rule;
    const auto last = m_last.constFind(key);
    if (last != m_last.cend() && nowMs - *last < m_intervalMs)
        return false;
    m_last.insert(key, nowMs);
    return true;
}

AlertCenter::AlertCenter(PipelineWorkspace *workspace, QObject *parent)
    : QObject(parent), m_workspace(workspace)
{
    qRegisterMetaType<AlertEntry>();
    connect(workspace, &PipelineWorkspace::pipelineAdded, this,
            [this](int row) { watch(m_workspace->pipelines().at(row)); });
    connect(workspace, &PipelineWorkspace::pipelineAboutToBeRemoved, this, [this](int row) {
        PipelineController *controller = m_workspace->pipelines().at(row);
        endRun(controller, QDateTime::currentMSecsSinceEpoch());
        m_seen.remove(controller);
    });
    for (PipelineController *controller : workspace->pipelines())
        watch(controller);
}

void AlertCenter::watch(PipelineController *controller)
{
    const auto collectIt = [this, controller] { collect(controller); };
    connect(controller, &PipelineController::metricsUpdated, this, collectIt);
    connect(controller, &PipelineController::statusChanged, this, collectIt);
    collect(controller);
}

int AlertCenter::activeCount(const PipelineController *controller) const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(), [controller](const auto &e) {
        return e.isActive() && e.controller == controller;
    }));
}

int AlertCenter::unacknowledgedCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(),
                             [](const auto &e) { return !e.acknowledged; }));
}

void AlertCenter::acknowledge(const QList<int> &rows)
{
    bool changed = false;
    for (int row : rows) {
        if (row < 0 || row >= m_entries.size() || m_entries.at(row).acknowledged)
            continue;
        m_entries[row].acknowledged = true;
        emit entriesChanged(row, row);
        changed = true;
    }
    if (changed)
        emit countsChanged();
}

void AlertCenter::acknowledgeAll()
{
    QList<int> rows(m_entries.size());
    std::iota(rows.begin(), rows.end(), 0);
    acknowledge(rows);
}

void AlertCenter::collect(PipelineController *controller)
{
    Seen &seen = m_seen[controller];
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (seen.run != controller->runNumber()) {
        endRun(controller, nowMs); // what the last run left active ended with it
        seen = Seen{controller->runNumber()};
    }
    const std::vector<AlertTransition> history = controller->alertHistory();
    std::size_t first = seen.count;
    if (history.size() <= seen.count && !history.empty() && seen.count > 0 &&
        !sameTransition(history.back(), seen.last)) {
        // The bounded history moved on: read what came after the last one read.
        const auto last = std::find_if(history.rbegin(), history.rend(),
                                       [&](const auto &t) { return sameTransition(t, seen.last); });
        first = last == history.rend() ? 0 : std::size_t(history.rend() - last);
    }
    if (first >= history.size())
        return;
    bool counts = false;
    for (std::size_t i = first; i < history.size(); ++i) {
        const AlertTransition &transition = history[i];
        const QString rule = QString::fromStdString(transition.alert.rule);
        if (transition.fired) {
            AlertEntry entry;
            entry.firedMs = transition.alert.sinceMs > 0 ? transition.alert.sinceMs : nowMs;
            entry.controller = controller;
            entry.pipeline = controller->name();
            entry.rule = rule;
            entry.severity = transition.alert.severity;
            entry.message = QString::fromStdString(transition.alert.message);
            append(entry);
            emit alertFired(m_entries.last());
        } else {
            for (int row = int(m_entries.size()) - 1; row >= 0; --row) {
                AlertEntry &entry = m_entries[row];
                if (entry.controller == controller && entry.rule == rule && entry.isActive()) {
                    entry.clearedMs = nowMs;
                    emit entriesChanged(row, row);
                    break;
                }
            }
        }
        counts = true;
    }
    seen.count = history.size();
    seen.last = history.back();
    if (counts)
        emit countsChanged();
}

void AlertCenter::endRun(PipelineController *controller, qint64 nowMs)
{
    bool changed = false;
    for (int row = 0; row < m_entries.size(); ++row) {
        AlertEntry &entry = m_entries[row];
        if (entry.controller == controller && entry.isActive()) {
            entry.clearedMs = nowMs;
            emit entriesChanged(row, row);
            changed = true;
        }
    }
    if (changed)
        emit countsChanged();
}

void AlertCenter::append(AlertEntry entry)
{
    if (m_entries.size() >= kCapacity) {
        emit aboutToDropOldest(1);
        m_entries.removeFirst();
        emit droppedOldest();
    }
    const int row = int(m_entries.size());
    emit aboutToAppend(row, row);
    m_entries.append(std::move(entry));
    emit appended();
}

} // namespace syncline::ui
