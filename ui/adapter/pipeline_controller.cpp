#include "pipeline_controller.h"

#include "config/config_loader.h"
#include "metrics_endpoints.h"
#include "pipeline/pipeline.h"
#include "pipeline/state_directory.h"
#include "remaining_time.h"
#include "util/log.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace syncline::ui {
namespace {

// The window a lag status is judged over, at one sample a second.
constexpr std::int64_t kLagWindowMs = 60 * 1000;

} // namespace

PipelineController::PipelineController(QString file, QObject *parent)
    : QObject(parent), m_file(std::move(file))
{
    reload();
}

PipelineController::~PipelineController()
{
    if (m_thread.joinable()) {
        m_pipeline->requestStop();
        m_thread.join();
    }
    stopServingMetrics();
}

QString PipelineController::name() const
{
    if (m_config && !m_config->name.empty())
        return QString::fromStdString(m_config->name);
    return QFileInfo(m_file).completeBaseName();
}

QString PipelineController::stateDirectory() const
{
    return m_config ? QFile::decodeName(m_config->stateDir.string().c_str()) : QString();
}

QStringList PipelineController::sinkNames() const
{
    QStringList names;
    if (m_config)
        for (const auto &sink : m_config->sinks)
            names.append(QString::fromStdString(sink.name));
    return names;
}

QString PipelineController::slotName() const
{
    return m_config && m_config->hasSource ? QString::fromStdString(m_config->source.slot)
                                           : QString();
}

bool PipelineController::reload()
{
    if (isRunning())
        return false;
    auto result = loadPipelineConfig(QFile::encodeName(m_file).toStdString());
    if (auto *config = std::get_if<PipelineConfig>(&result)) {
        m_config = std::make_unique<PipelineConfig>(std::move(*config));
        m_problems.clear();
    } else {
        m_config.reset();
        m_problems = toConfigProblems(std::get<std::vector<ConfigError>>(result));
    }
    emit configChanged();
    return isLoaded();
}

void PipelineController::start()
{
    if (isRunning() || !reload()) // reloading picks up what was edited since
        return;
    m_stopRequested = false;
    if (m_pipeline)
        m_history.keepRun(m_pipeline->metrics()); // the charts go on from the last run
    stopServingMetrics();                         // before the metrics it reads go
    m_pipeline = std::make_unique<Pipeline>(*m_config);
    serveMetrics();
    ++m_runNumber;
    m_metrics = {};
    PipelineStatus starting;
    starting.state = PipelineState::Starting;
    setStatus(starting);
    m_thread = std::thread([this] { runOnWorker(); });
    emit runningChanged(true);
}

void PipelineController::serveMetrics()
{
    if (!m_metricsEndpoints)
        return;
    const std::string name = m_pipeline->name();
    const std::string file = m_file.toStdString();
    const auto problem = m_metricsEndpoints->add(
        file, {name, &m_pipeline->metrics(), pipelineStateNames()}, m_config->metricsListen);
    log::PipelineScope scope(name);
    const std::string label = m_metricsEndpoints->fileLabelOf(file);
    if (!label.empty())
        log::warning("metrics", "another pipeline served is named " + name +
                                    " too: this one's series carry file=\"" + label +
                                    "\" as well as pipeline=\"" + name + '"');
    if (problem)
        log::warning("metrics", *problem + "; the pipeline runs without it");
    else if (!m_config->metricsListen.empty())
        log::info("metrics", "serving Prometheus metrics on " +
                                 m_metricsEndpoints->urlOf(m_config->metricsListen));
}

void PipelineController::stopServingMetrics()
{
    if (m_metricsEndpoints) // the file is its key: no other pipeline's metrics go
        m_metricsEndpoints->remove(m_file.toStdString());
}

void PipelineController::pause()
{
    if (isRunning() && !m_stopRequested)
        m_pipeline->requestPause();
}

void PipelineController::resume()
{
    if (isRunning())
        m_pipeline->requestResume();
}

void PipelineController::stop()
{
    if (!isRunning() || m_stopRequested)
        return;
    m_stopRequested = true;
    m_pipeline->requestStop();
    emit statusChanged();
}

std::optional<double> PipelineController::snapshotEtaSeconds() const
{
    if (m_status.state != PipelineState::Snapshotting || !m_snapshotClock.isValid())
        return std::nullopt;
    return remainingSeconds(double(m_status.snapshotRowsCopied),
                            double(m_status.snapshotRowsEstimated),
                            double(m_snapshotClock.elapsed()) / 1000.0);
}

std::vector<SeriesPoint> PipelineController::series(Metric metric, std::int64_t sinceMs) const
{
    return m_history.series(metric, sinceMs, runSeries(metric, sinceMs));
}

std::vector<SeriesPoint> PipelineController::runSeries(Metric metric, std::int64_t sinceMs) const
{
    if (!m_pipeline)
        return {};
    return m_pipeline->metrics().series(metric, sinceMs);
}

std::vector<AlertTransition> PipelineController::alertHistory() const
{
    if (!m_pipeline)
        return {};
    return m_pipeline->alerts().history();
}

void PipelineController::probeServers()
{
    if (!m_config)
        return;
    if (!m_serverJob) {
        m_serverJob = new ServerStatusJob(this);
        connect(m_serverJob, &ServerStatusJob::probed, this, [this](const StatusReportPtr &report) {
            m_serverStatus = report;
            emit serverStatusChanged();
        });
    }
    m_serverJob->probe(*m_config);
}

bool PipelineController::usesKafka() const
{
    return m_config && m_config->transport.isKafka();
}

QString PipelineController::embeddedKafkaBootstrap() const
{
    if (!isRunning() || !m_pipeline)
        return {};
    return QString::fromStdString(m_pipeline->embeddedKafkaBootstrap());
}

QString PipelineController::embeddedKafkaIdentity() const
{
    if (!isRunning() || !m_pipeline)
        return {};
    return QString::fromStdString(m_pipeline->embeddedKafkaIdentity());
}

Metric PipelineController::lagMetric() const
{
    return !m_config || m_config->hasSource ? Metric::SlotLagBytes : Metric::ConsumerLagMessages;
}

void PipelineController::refreshMetrics()
{
    if (!m_pipeline)
        return;
    const MetricsSnapshot latest = m_pipeline->metrics().latest();
    const auto sinceMs = latest.timeMs - kLagWindowMs;
    // The lag status judges this run only.
    const auto lag = runSeries(lagMetric(), sinceMs);
    const auto applied = runSeries(Metric::EventsOutPerSecond, sinceMs);
    const auto seconds = runSeries(Metric::SlotLagSeconds, sinceMs);
    std::vector<LagSample> samples;
    for (std::size_t i = 0; i < std::min({lag.size(), applied.size(), seconds.size()}); ++i) {
        // Under a second behind is at the head: the bytes are the transaction in flight.
        const bool atHead =
            lagMetric() == Metric::SlotLagBytes ? seconds[i].value < 1.0 : lag[i].value <= 0;
        samples.push_back({lag[i].timeMs, lag[i].value, applied[i].value, atHead});
    }
    const bool running = isRunning() && m_status.state != PipelineState::Paused;
    const LagEvaluation evaluation = evaluateLag(samples, running);
    if (latest.timeMs == m_metrics.timeMs && evaluation == m_lag)
        return;
    m_metrics = latest;
    m_lag = evaluation;
    emit metricsUpdated();
}

void PipelineController::runOnWorker()
{
    StateDirectory state(m_config->stateDir); // shared with `syncline run`: one runner at a time
    if (const auto problem = state.lock()) {
        QMetaObject::invokeMethod(
            this, [this, reason = QString::fromStdString(*problem)] { onFinished(true, reason); },
            Qt::QueuedConnection);
        return;
    }
    m_pipeline->setStatusListener([this, &state](const PipelineStatus &status) {
        state.writeStatus(status);
        onEngineStatus(status);
    });
    m_pipeline->run();
    QMetaObject::invokeMethod(
        this, [this] { onFinished(false, {}); }, Qt::QueuedConnection);
}

void PipelineController::onEngineStatus(const PipelineStatus &status)
{
    {
        std::lock_guard lock(m_pendingMutex);
        m_pendingStatus = status;
    }
    // One delivery in flight at a time: a burst of updates costs the GUI thread one.
    if (!m_statusPosted.exchange(true))
        QMetaObject::invokeMethod(this, &PipelineController::deliverStatus, Qt::QueuedConnection);
}

void PipelineController::deliverStatus()
{
    m_statusPosted = false;
    PipelineStatus status;
    {
        std::lock_guard lock(m_pendingMutex);
        status = m_pendingStatus;
    }
    if (isRunning())
        setStatus(status);
}

void PipelineController::onFinished(bool failedToStart, const QString &reason)
{
    m_thread.join();
    PipelineStatus last = m_pipeline->status();
    if (failedToStart) {
        last.state = PipelineState::Failed;
        last.detail = reason.toStdString();
    }
    m_stopRequested = false;
    setStatus(last);
    refreshMetrics();
    emit runningChanged(false);
    if (last.state == PipelineState::Failed)
        emit failed(QString::fromStdString(last.detail));
}

void PipelineController::setStatus(const PipelineStatus &status)
{
    if (status.state == PipelineState::Snapshotting && m_status.state != status.state)
        m_snapshotClock.start();
    m_status = status;
    emit statusChanged();
    if (const QString embedded = embeddedKafkaBootstrap(); embedded != m_embeddedKafka) {
        m_embeddedKafka = embedded;
        emit embeddedKafkaChanged();
    }
}

} // namespace syncline::ui
