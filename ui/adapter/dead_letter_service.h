#pragma once

#include "dead_letter_results.h"
#include "transport/kafka/browse_types.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>
#include <mutex>

namespace syncline {
struct PipelineConfig;
}

namespace syncline::ui {

// The Dead letters page's access to one pipeline's dead-letter store (state_dir/
// dead-letters.sqlite, shared with a running engine through SQLite's WAL) and to its Replayer.
// Queries run on one worker thread, actions (replay, discard, edit, import) on another, so a
// long replay never stalls browsing; results come back as queued signals. Each query carries
// the generation of the filter it was made for and stale ones are dropped; a replay reports
// its per-event results in batches (one signal per event-loop pass) and can be cancelled.
class DeadLetterService : public QObject
{
    Q_OBJECT

public:
    explicit DeadLetterService(QObject *parent = nullptr);
    ~DeadLetterService() override; // cancels what runs and waits for the worker threads

    // Cancels everything; later requests use this pipeline. Empty: none.
    void setPipeline(const QString &pipelineFile, const QString &stateDirectory);
    QString pipelineFile() const { return m_pipelineFile; }

    // Starts a new query: countsReady() follows, then pages on request.
    quint64 setFilter(const dlq::DeadLetterFilter &filter);
    const dlq::DeadLetterFilter &filter() const { return m_filter; }
    quint64 queryGeneration() const { return m_queryGeneration; }
    void refresh() { setFilter(m_filter); }
    // The next page of the current query: up to `limit` dead letters after `afterId`.
    void fetchPage(std::int64_t afterId, int limit);
    void loadLetter(std::int64_t id);
    void loadAudit(int limit = 5000);

    // One action at a time; false (and nothing happens) while one runs.
    bool replay(const dlq::DeadLetterFilter &filter, const dlq::ReplayOptions &options);
    bool discard(const dlq::DeadLetterFilter &filter, bool dryRun);
    bool edit(std::int64_t id, const QString &envelope);
    bool importTopic(const kafka::BrowseConnection &connection, const QString &topic,
                     const QString &sink, int timeoutMs = 60000);
    void cancelAction() { m_actionCancel->store(true); }
    bool isActionRunning() const { return m_actionRunning; }

signals:
    void countsReady(quint64 generation, const syncline::ui::DeadLetterCounts &counts);
    void pageReady(quint64 generation, const syncline::ui::DeadLetterPagePtr &page);
    void letterLoaded(const syncline::ui::DeadLetterDetail &detail);
    void auditLoaded(const syncline::ui::AuditLog &log);
    // The replay results since the last signal; `done` of `total` so far.
    void replayProgress(const std::vector<syncline::dlq::ReplayResult> &results, int done,
                        int total);
    void actionFinished(const syncline::ui::DeadLetterActionResult &result);

private:
    struct Worker;
    struct ActionState;
    using Flag = std::shared_ptr<std::atomic<bool>>;
    // Runs `query(store, result)` on the query thread (an exception becomes result.error), then
    // `deliver(result)` here unless the pipeline changed meanwhile.
    template <typename Result, typename Query, typename Deliver>
    void run(Query query, Deliver deliver);
    bool startAction(DeadLetterActionResult::Kind kind, bool dryRun,
                     std::function<DeadLetterActionResult(ActionState &)> work);
    void postProgress(std::vector<dlq::ReplayResult> results, int done, int total);

    QString m_pipelineFile;
    QString m_stateDirectory;
    quint64 m_pipelineGeneration = 0;
    quint64 m_queryGeneration = 0;
    quint64 m_detailGeneration = 0;
    dlq::DeadLetterFilter m_filter;
    bool m_actionRunning = false;
    Flag m_actionCancel = std::make_shared<std::atomic<bool>>(false);
    std::unique_ptr<Worker> m_queries;
    std::unique_ptr<Worker> m_actions;
    std::shared_ptr<ActionState> m_actionState; // touched on the action thread only

    std::mutex m_progressMutex; // action thread -> this thread
    std::vector<dlq::ReplayResult> m_pendingResults;
    int m_pendingDone = 0;
    int m_pendingTotal = 0;
    bool m_progressPosted = false;
};

} // namespace syncline::ui
