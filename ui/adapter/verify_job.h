#pragma once

#include "verify_outcome.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace syncline::ui {

// The Validate page's access to core's verify and repair (PipelineVerifier, Repairer), on one
// worker thread: one run at a time, cancellable through the engine's cancel flag. A run
// compares the sinks with the source while the pipeline streams (it needs the pipeline
// running, here or headless); a repair requests the rows, waits until the pipeline sent them,
// then verifies again. Results come back as queued signals carrying the run's generation;
// those of a run dropped meanwhile (another pipeline chosen) are not delivered. The rows
// estimate of a run is the previous run's rows of each table, else the planner's (reltuples).
class VerifyJob : public QObject
{
    Q_OBJECT

public:
    explicit VerifyJob(QObject *parent = nullptr);
    ~VerifyJob() override; // cancels the run and waits for it to notice (a query's time)

    // Compares `sink` (empty: every sink) of the pipeline in `pipelineFile`, every table.
    // 0 (and nothing runs) while a run is going on.
    quint64 verify(const QString &pipelineFile, const QString &sink,
                   const EmbeddedBroker &embedded = {});
    // Repairs the differences `results` keep (a Repairer request with `actor`'s audit entries),
    // waits until the running pipeline sent them, then verifies `sink` again. 0 while a run is
    // going on.
    quint64 repair(const QString &pipelineFile, const QString &sink,
                   std::vector<verify::TableResult> results, const QString &actor,
                   const EmbeddedBroker &embedded = {});
    // Reads the last recorded result of each table from a pipeline's state directory on the
    // worker thread (after a run going on); recordedLoaded() delivers them, empty when none.
    void loadRecorded(const QString &stateDirectory);
    // Asks the run to stop; its finished() says cancelled. A repair already requested goes on
    // in the pipeline.
    void cancel();
    // Cancels the run and drops everything it would still deliver.
    void drop();

    bool isRunning() const { return m_running; }
    quint64 generation() const { return m_generation; }

signals:
    // A comparison begins (a repair has two: none before, one after): the tables compared
    // before are to be forgotten.
    void passStarted(quint64 generation, long long rowsEstimated);
    // What a repair is doing now ("Waiting until the pipeline sent the repair…").
    void stageChanged(quint64 generation, const QString &text);
    void progress(quint64 generation, const syncline::ui::VerifyProgress &progress);
    void tableCompared(quint64 generation, const syncline::ui::TableResultPtr &result);
    void finished(quint64 generation, const syncline::ui::VerifyOutcome &outcome);
    void recordedLoaded(const QString &stateDirectory,
                        const syncline::ui::RecordedVerifications &tables);

private:
    struct Run;
    quint64 start(const QString &pipelineFile, VerifyOutcome::Kind kind,
                  const EmbeddedBroker &embedded, std::function<void(Run &)> work);
    // Runs on the worker thread: one comparison of `sink`; fills run.outcome.results.
    void compare(Run &run, const std::string &sink);
    void postProgress(quint64 generation, const VerifyProgress &latest);
    // Delivers `emitter` here unless the run's generation was dropped meanwhile.
    template <typename Emit> void deliver(quint64 generation, Emit emitter);

    QThread m_thread;
    QObject m_context; // lives in m_thread; runs are posted to it
    quint64 m_generation = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    // The previous runs' rows per "file, sink, table": the next estimate. Worker thread only.
    std::shared_ptr<std::map<std::string, long long>> m_lastRows =
        std::make_shared<std::map<std::string, long long>>();

    std::mutex m_progressMutex; // worker thread -> this thread
    VerifyProgress m_pendingProgress;
    quint64 m_pendingGeneration = 0;
    bool m_progressPosted = false;
};

} // namespace syncline::ui
