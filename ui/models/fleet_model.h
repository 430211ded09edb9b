#pragma once

#include "models/workspace_rows.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointF>

#include <functional>

namespace syncline::ui {

class PipelineController;
class PipelineWorkspace;

// The fleet overview's data: one row per open pipeline, one role per figure its card shows.
// Reads each controller's copies on demand (nothing is kept here) and signals a row when its
// controller changes.
class FleetModel final : public WorkspaceRows<QAbstractListModel>
{
    Q_OBJECT

public:
    enum Role
    {
        ControllerRole = Qt::UserRole + 1, // PipelineController *
        StateRole,                         // int(PipelineState); -1 when the file does not load
        StateTextRole,                     // "Streaming", "Retrying (attempt 2): …"
        ReasonRole,           // why it retries or failed, the file's first problem; else empty
        StateColorRole,       // QColor
        RunningRole,          // bool
        PausedRole,           // bool
        LagTextRole,          // "1.2 MiB · 3 s · OK"
        LagSeriesRole,        // QList<QPointF> (ms since the epoch, lag) over kSparklineMs
        ThroughputTextRole,   // "120/s in · 118/s out"
        ThroughputSeriesRole, // QList<QPointF> (ms, changes applied per second)
        DeadLettersRole,      // qlonglong, this run's
        AlertsRole,           // int: active alerts
        VerifyTextRole,       // "equal", "2 tables differ", empty when never verified
        VerifyDiffersRole,    // bool
        SinksRole,            // QStringList, one line per sink: name · position · lag
    };
    static constexpr qint64 kSparklineMs = 15 * 60 * 1000;
    static constexpr qsizetype kSparklinePoints = 180; // one per 5 s

    explicit FleetModel(PipelineWorkspace *workspace, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QModelIndex indexOf(PipelineController *controller) const;

    // A sink's line as SinksRole shows it (also the detail pane's).
    static QStringList sinkLines(const PipelineController &controller);
    // Points of a metric over the sparkline window, at most kSparklinePoints.
    static QList<QPointF> sparkline(const PipelineController &controller, int metric);

    // The active alerts of a pipeline, when the console watches alerts.
    using AlertCount = std::function<int(const PipelineController &)>;
    void setAlertCount(AlertCount count);
    void alertsChanged(); // the counts setAlertCount() reads changed
    void pipelineChanged(PipelineController *controller);

private:
    void watch(PipelineController *controller) override;

    AlertCount m_alertCount;
};

} // namespace syncline::ui
