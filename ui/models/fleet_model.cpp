#include "fleet_model.h"

#include "format.h"
#include "models/pipeline_list_model.h"
#include "pipeline/status_report.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "series_decimation.h"

#include <QColor>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace syncline::ui {

FleetModel::FleetModel(PipelineWorkspace *workspace, QObject *parent)
    : WorkspaceRows(workspace, parent)
{
    followWorkspace();
}

void FleetModel::watch(PipelineController *controller)
{
    const auto changed = [this, controller] { pipelineChanged(controller); };
    connect(controller, &PipelineController::configChanged, this, changed);
    connect(controller, &PipelineController::statusChanged, this, changed);
    connect(controller, &PipelineController::metricsUpdated, this, changed);
    connect(controller, &PipelineController::serverStatusChanged, this, changed);
}

void FleetModel::pipelineChanged(PipelineController *controller)
{
    const QModelIndex index = indexOf(controller);
    if (index.isValid())
        emit dataChanged(index, index);
}

void FleetModel::setAlertCount(AlertCount count)
{
    m_alertCount = std::move(count);
    alertsChanged();
}

void FleetModel::alertsChanged()
{
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {AlertsRole});
}

QModelIndex FleetModel::indexOf(PipelineController *controller) const
{
    const qsizetype row = m_workspace->indexOf(controller);
    return row < 0 ? QModelIndex() : index(int(row));
}

QHash<int, QByteArray> FleetModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{ControllerRole, "controller"},
                  {StateRole, "state"},
                  {StateTextRole, "stateText"},
                  {ReasonRole, "reason"},
                  {StateColorRole, "stateColor"},
                  {RunningRole, "running"},
                  {PausedRole, "paused"},
                  {LagTextRole, "lagText"},
                  {LagSeriesRole, "lagSeries"},
                  {ThroughputTextRole, "throughputText"},
                  {ThroughputSeriesRole, "throughputSeries"},
                  {DeadLettersRole, "deadLetters"},
                  {AlertsRole, "alerts"},
                  {VerifyTextRole, "verifyText"},
                  {VerifyDiffersRole, "verifyDiffers"},
                  {SinksRole, "sinks"}});
    return names;
}

QList<QPointF> FleetModel::sparkline(const PipelineController &controller, int metric)
{
    qint64 nowMs = controller.metrics().timeMs;
    if (nowMs == 0)
        nowMs = QDateTime::currentMSecsSinceEpoch();
    return decimate(controller.series(Metric(metric), nowMs - kSparklineMs), kSparklinePoints);
}

QStringList FleetModel::sinkLines(const PipelineController &controller)
{
    const StatusReportPtr report = controller.serverStatus();
    QStringList lines;
    for (const QString &name : controller.sinkNames()) {
        QString line = name;
        const StatusReport::Sink *sink = nullptr;
        if (report)
            for (const auto &candidate : report->sinks)
                if (QString::fromStdString(candidate.name) == name)
                    sink = &candidate;
        if (!sink) {
            lines.append(line);
            continue;
        }
        if (!sink->error.empty()) {
            lines.append(tr("%1 · unreachable").arg(name));
            continue;
        }
        if (!sink->position) {
            lines.append(tr("%1 · no position yet").arg(name));
            continue;
        }
        line += u" · "_s + QString::fromStdString(sink->position->toString());
        if (report->currentWal.isValid()) {
            const auto behind = report->currentWal.value() > sink->position->value()
                                    ? report->currentWal.value() - sink->position->value()
                                    : 0;
            line += u" · "_s + tr("%1 behind").arg(Format::bytes(double(behind)));
        }
        lines.append(line);
    }
    return lines;
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    PipelineController *controller = controllerAt(index.row());
    const PipelineStatus &status = controller->status();
    switch (role) {
    case Qt::DisplayRole:
        return controller->name();
    case Qt::ToolTipRole:
        return controller->file();
    case ControllerRole:
        return QVariant::fromValue(controller);
    case StateRole:
        return controller->isLoaded() ? int(status.state) : -1;
    case StateTextRole:
        return controller->isLoaded() ? Format::stateText(*controller) : tr("Cannot be run");
    case ReasonRole:
        if (!controller->isLoaded())
            return controller->configProblems().isEmpty()
                       ? QString()
                       : controller->configProblems().first().toString();
        if (status.state == PipelineState::Failed || status.state == PipelineState::Retrying)
            return QString::fromStdString(status.detail);
        return QString::fromStdString(controller->metrics().captureWarning);
    case StateColorRole:
        return PipelineListModel::stateColor(*controller);
    case RunningRole:
        return controller->isRunning();
    case PausedRole:
        return status.state == PipelineState::Paused;
    case LagTextRole:
        return Format::lagText(*controller, false);
    case LagSeriesRole:
        return QVariant::fromValue(sparkline(*controller, int(controller->lagMetric())));
    case ThroughputTextRole:
        return Format::throughputText(*controller);
    case ThroughputSeriesRole:
        return QVariant::fromValue(sparkline(*controller, int(Metric::EventsOutPerSecond)));
    case DeadLettersRole:
        return qlonglong(controller->metrics().totalDeadLetters);
    case AlertsRole:
        return m_alertCount ? m_alertCount(*controller) : 0;
    case VerifyTextRole:
        return PipelineListModel::verificationText(status.verification);
    case VerifyDiffersRole:
        return status.verification.tablesDifferent() > 0;
    case SinksRole:
        return sinkLines(*controller);
    default:
        return {};
    }
}

} // namespace syncline::ui
