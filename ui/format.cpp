#include "format.h"

#include "lag_status.h"
#include "pipeline_controller.h"

#include <QLocale>

#include <cmath>

namespace syncline::ui {

QString Format::bytes(double bytes)
{
    return QLocale().formattedDataSize(qint64(std::llround(bytes)), 1);
}

QString Format::duration(double seconds)
{
    const long long total = std::llround(seconds);
    if (total < 1)
        return tr("< 1 s");
    if (total < 60)
        return tr("%1 s").arg(total);
    if (total < 3600)
        return tr("%1 min %2 s").arg(total / 60).arg(total % 60);
    return tr("%1 h %2 min").arg(total / 3600).arg(total % 3600 / 60);
}

QString Format::rate(double perSecond)
{
    return tr("%1/s").arg(QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0));
}

QString Format::count(long long value)
{
    return QLocale().toString(value);
}

QString Format::eta(std::optional<double> seconds)
{
    return seconds ? tr("ETA %1").arg(duration(*seconds)) : QString();
}

QString Format::stateText(const PipelineController &controller)
{
    if (!controller.isLoaded())
        return tr("Invalid file: %n problem(s)", nullptr, int(controller.configProblems().size()));
    if (controller.isStopping())
        return tr("Stopping…");
    return stateText(controller.status(), controller.snapshotEtaSeconds());
}

QString Format::stateText(const PipelineStatus &status, std::optional<double> snapshotEtaSeconds)
{
    const QString detail = QString::fromStdString(status.detail);
    switch (status.state) {
    case PipelineState::Stopped:
        return tr("Stopped");
    case PipelineState::Starting:
        return tr("Starting");
    case PipelineState::Snapshotting: {
        if (status.snapshotRowsEstimated <= 0)
            return tr("Snapshotting: %1 rows").arg(count(status.snapshotRowsCopied));
        const double percent = std::min(100.0, 100.0 * double(status.snapshotRowsCopied) /
                                                   double(status.snapshotRowsEstimated));
        const QString eta = Format::eta(snapshotEtaSeconds);
        const QString text = tr("Snapshotting %1 %").arg(QLocale().toString(percent, 'f', 0));
        return eta.isEmpty() ? text : text + u" · " + eta;
    }
    case PipelineState::Streaming: // the detail says what an incremental snapshot copies
        return detail.isEmpty() ? tr("Streaming") : tr("Streaming · %1").arg(detail);
    case PipelineState::Retrying:
        return tr("Retrying (attempt %1): %2").arg(status.retryAttempt).arg(detail);
    case PipelineState::Paused:
        return tr("Paused");
    case PipelineState::Failed:
        return tr("Failed: %1").arg(detail);
    }
    return {};
}

QString Format::lagStatusText(const LagEvaluation &lag, bool withEta)
{
    QString text;
    switch (lag.status) {
    case LagStatus::Ok:
        text = tr("OK");
        break;
    case LagStatus::Warn:
        text = tr("WARN");
        break;
    case LagStatus::Stalled:
        text = tr("STALLED");
        break;
    case LagStatus::Stopped:
        text = tr("STOPPED");
        break;
    }
    if (withEta && lag.etaSeconds)
        text += u" · " + tr("clears in %1").arg(duration(*lag.etaSeconds));
    return text;
}

QString Format::lagText(const PipelineController &controller, bool withEta)
{
    const MetricsSnapshot metrics = controller.metrics();
    if (metrics.timeMs == 0)
        return {};
    const QString status = lagStatusText(controller.lag(), withEta);
    if (controller.lagMetric() == Metric::ConsumerLagMessages) {
        const int messages = int(metrics.value(Metric::ConsumerLagMessages));
        return tr("%n message(s)", nullptr, messages) + u" · " + status;
    }
    const QString lag = bytes(metrics.value(Metric::SlotLagBytes)) + u" · " +
                        duration(metrics.value(Metric::SlotLagSeconds)) + u" · " + status;
    if (metrics.captureWarning.empty())
        return lag;
    // The warning itself is long: the tooltip (withEta) carries it, the cell only flags it.
    if (withEta)
        return lag + u'\n' + QString::fromStdString(metrics.captureWarning);
    return u"⚠ " + lag;
}

QString Format::throughputText(const PipelineController &controller)
{
    const MetricsSnapshot metrics = controller.metrics();
    if (metrics.timeMs == 0)
        return {};
    return tr("%1 in · %2 out")
        .arg(rate(metrics.value(Metric::EventsInPerSecond)),
             rate(metrics.value(Metric::EventsOutPerSecond)));
}

} // namespace syncline::ui
