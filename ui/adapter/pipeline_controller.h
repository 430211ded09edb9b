#pragma once

#include "alerts/alert_evaluator.h"
#include "config_problem.h"
#include "lag_status.h"
#include "metrics/pipeline_metrics.h"
#include "metrics_history.h"
#include "pipeline/pipeline_status.h"
#include "server_status_job.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace syncline {
class Pipeline;
struct PipelineConfig;
} // namespace syncline

namespace syncline::ui {

class MetricsEndpoints;

// One pipeline file in the console. Loads it (problems come back as values), runs the core
// pipeline on its own thread, and turns the engine's callbacks into signals on the GUI thread.
// Everything it returns is a copy: reading it never waits for a database.
class PipelineController : public QObject
{
    Q_OBJECT

public:
    explicit PipelineController(QString file, QObject *parent = nullptr);
    ~PipelineController() override; // stops a running pipeline and waits for it

    QString file() const { return m_file; }
    QString name() const; // the pipeline's name, else the file's base name
    // Reads the file again (only while not running). False when it has problems.
    bool reload();
    bool isLoaded() const { return m_config != nullptr; }
    bool usesKafka() const; // the kafka transport (consumer lag per partition)
    // The running pipeline's embedded Kafka cluster (`brokers: embedded`), reachable from this
    // process; empty when it is not running or has none. A short locked copy, no I/O.
    QString embeddedKafkaBootstrap() const;
    // The identity the running pipeline's sinks store offsets under on that cluster.
    QString embeddedKafkaIdentity() const;
    QList<ConfigProblem> configProblems() const { return m_problems; }
    // The pipeline's state directory (its schema history, dead letters, ...); empty when the
    // file does not load.
    QString stateDirectory() const;
    // The names of the pipeline's sinks, in file order; empty when the file does not load.
    QStringList sinkNames() const;
    // The source's replication slot (or capture point) name; empty without a source.
    QString slotName() const;

    // Where each run's metrics are served (see MetricsEndpoints); none by default.
    void setMetricsEndpoints(MetricsEndpoints *endpoints) { m_metricsEndpoints = endpoints; }

    void start();
    void pause();
    void resume();
    void stop();

    bool isRunning() const { return m_thread.joinable(); }
    bool isStopping() const { return m_stopRequested; }
    PipelineStatus status() const { return m_status; }
    // While snapshotting: seconds until the copy is done at its pace so far.
    std::optional<double> snapshotEtaSeconds() const;

    // The metrics of the current (or last) run; empty before the first start.
    MetricsSnapshot metrics() const { return m_metrics; }
    LagEvaluation lag() const { return m_lag; }
    // What the lag is measured in: the slot's bytes, or (pipelines without a source) Kafka
    // messages.
    Metric lagMetric() const;
    // A metric's points at or after sinceMs, over this and the earlier runs in this console (a
    // restart goes on from the last run's points instead of starting over).
    std::vector<SeriesPoint> series(Metric metric, std::int64_t sinceMs) const;
    const MetricsHistory &history() const { return m_history; }

    // Counts the runs started in this console (0: none yet).
    quint64 runNumber() const { return m_runNumber; }
    // What the current (or last) run's alert rules fired and cleared, oldest first.
    std::vector<AlertTransition> alertHistory() const;

    // Where the pipeline stands on its servers (the slot, each sink's recorded position), from
    // the last probeServers(); null before the first answer.
    StatusReportPtr serverStatus() const { return m_serverStatus; }

public slots:
    // Copies the latest metrics from the engine; emits metricsUpdated() when there is a new
    // sample. Called by the workspace's timer.
    void refreshMetrics();
    // Reads serverStatus() again on a worker thread (skipped while a read runs); emits
    // serverStatusChanged() with the answer.
    void probeServers();

signals:
    void configChanged();
    void statusChanged();
    void runningChanged(bool running);
    void metricsUpdated();
    void failed(const QString &reason);
    void embeddedKafkaChanged(); // embeddedKafkaBootstrap() is another now
    void serverStatusChanged();

private:
    void runOnWorker();                                // the worker thread's body
    void onEngineStatus(const PipelineStatus &status); // engine threads
    void deliverStatus();
    void onFinished(bool failedToStart, const QString &reason);
    void setStatus(const PipelineStatus &status);
    void serveMetrics();
    void stopServingMetrics();
    std::vector<SeriesPoint> runSeries(Metric metric, std::int64_t sinceMs) const;

    QString m_file;
    std::unique_ptr<PipelineConfig> m_config;
    QList<ConfigProblem> m_problems;

    std::unique_ptr<Pipeline> m_pipeline; // the current or last run; kept for its metrics
    MetricsEndpoints *m_metricsEndpoints = nullptr;
    std::thread m_thread;
    bool m_stopRequested = false;
    PipelineStatus m_status;
    QElapsedTimer m_snapshotClock;
    MetricsSnapshot m_metrics;
    LagEvaluation m_lag;
    QString m_embeddedKafka;  // what embeddedKafkaChanged() last told
    MetricsHistory m_history; // the runs before m_pipeline's
    quint64 m_runNumber = 0;
    ServerStatusJob *m_serverJob = nullptr; // created on the first probe
    StatusReportPtr m_serverStatus;

    std::mutex m_pendingMutex; // engine threads -> GUI thread
    PipelineStatus m_pendingStatus;
    std::atomic<bool> m_statusPosted{false};
};

} // namespace syncline::ui
