#include "dead_letter_service.h"

#include "config/config_loader.h"
#include "dead_letter_history.h"
#include "pipeline/connector_factory.h"
#include "transport/kafka/dead_letter_import.h"
#include "util/time_text.h"

#include <QCoreApplication>
#include <QFile>
#include <QMetaObject>

#include <exception>

namespace syncline::ui {

namespace {

std::filesystem::path storeFileIn(const QString &stateDirectory)
{
    return dlq::DeadLetterStore::fileIn(QFile::encodeName(stateDirectory).toStdString());
}

// Keeps `store` open on `file`, reopening it when the pipeline changed.
dlq::DeadLetterStore &openStore(std::unique_ptr<dlq::DeadLetterStore> &store,
                                std::filesystem::path &openFile, const std::filesystem::path &file)
{
    if (!store || openFile != file) {
        store.reset();
        openFile = file;
        std::filesystem::create_directories(file.parent_path());
        store = std::make_unique<dlq::DeadLetterStore>(file);
    }
    return *store;
}

} // namespace

struct DeadLetterService::Worker
{
    QThread thread;
    QObject context; // lives in `thread`; work is posted to it
    // Touched on `thread` only.
    std::unique_ptr<dlq::DeadLetterStore> store;
    std::filesystem::path storeFile;
};

struct DeadLetterService::ActionState
{
    std::unique_ptr<dlq::DeadLetterStore> store;
    std::filesystem::path storeFile;
    std::string pipelineFile;
    std::unique_ptr<PipelineConfig> config;
    std::unique_ptr<dlq::Replayer> replayer;
    Flag cancel;

    dlq::DeadLetterStore &openFor(const std::filesystem::path &file) // the replayer's too
    {
        if (!store || storeFile != file)
            replayer.reset();
        return openStore(store, storeFile, file);
    }
    // The replayer of the pipeline; throws std::runtime_error when the file does not load.
    dlq::Replayer &replayerFor(const std::string &file, const std::filesystem::path &stateFile)
    {
        openFor(stateFile);
        if (replayer && pipelineFile == file)
            return *replayer;
        replayer.reset();
        auto loaded = loadPipelineConfig(file);
        if (!std::holds_alternative<PipelineConfig>(loaded))
            throw std::runtime_error(QCoreApplication::translate(
                                         "syncline::ui::DeadLetterService",
                                         "The pipeline file has problems; see the Pipelines page.")
                                         .toStdString());
        config = std::make_unique<PipelineConfig>(std::move(std::get<PipelineConfig>(loaded)));
        pipelineFile = file;
        replayer = std::make_unique<dlq::Replayer>(*config, *store, makeReplayTarget);
        return *replayer;
    }
};

DeadLetterService::DeadLetterService(QObject *parent)
    : QObject(parent), m_queries(std::make_unique<Worker>()), m_actions(std::make_unique<Worker>()),
      m_actionState(std::make_shared<ActionState>())
{
    qRegisterMetaType<DeadLetterCounts>();
    qRegisterMetaType<DeadLetterPagePtr>();
    qRegisterMetaType<DeadLetterDetail>();
    qRegisterMetaType<AuditLog>();
    qRegisterMetaType<DeadLetterActionResult>();
    qRegisterMetaType<std::vector<dlq::ReplayResult>>();
    m_queries->thread.setObjectName(QStringLiteral("dead-letter-queries"));
    m_actions->thread.setObjectName(QStringLiteral("dead-letter-actions"));
    for (Worker *worker : {m_queries.get(), m_actions.get()}) {
        worker->context.moveToThread(&worker->thread);
        worker->thread.start();
    }
}

DeadLetterService::~DeadLetterService()
{
    m_actionCancel->store(true);
    // The stores and the replayer's connections close on their own threads, after what is
    // queued there.
    QMetaObject::invokeMethod(
        &m_queries->context,
        [worker = m_queries.get()] {
            worker->store.reset();
            worker->thread.quit();
        },
        Qt::QueuedConnection);
    QMetaObject::invokeMethod(
        &m_actions->context,
        [worker = m_actions.get(), state = m_actionState] {
            *state = ActionState();
            worker->thread.quit();
        },
        Qt::QueuedConnection);
    m_queries->thread.wait();
    m_actions->thread.wait();
}

template <typename Result, typename Query, typename Deliver>
void DeadLetterService::run(Query query, Deliver deliver)
{
    const quint64 pipeline = m_pipelineGeneration;
    Worker &worker = *m_queries;
    QMetaObject::invokeMethod(
        &worker.context,
        [this, &worker, query = std::move(query), deliver = std::move(deliver), pipeline,
         file = storeFileIn(m_stateDirectory)]() mutable {
            Result result;
            try {
                query(openStore(worker.store, worker.storeFile, file), result);
            } catch (const std::exception &error) {
                result = Result();
                result.error = QString::fromStdString(error.what());
            }
            QMetaObject::invokeMethod(
                this,
                [this, pipeline, deliver = std::move(deliver), result = std::move(result)] {
                    if (pipeline == m_pipelineGeneration)
                        deliver(result);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void DeadLetterService::setPipeline(const QString &pipelineFile, const QString &stateDirectory)
{
    m_actionCancel->store(true);
    m_actionCancel = std::make_shared<std::atomic<bool>>(false);
    m_actionRunning = false;
    ++m_pipelineGeneration;
    ++m_queryGeneration;
    m_pipelineFile = pipelineFile;
    m_stateDirectory = stateDirectory;
}

quint64 DeadLetterService::setFilter(const dlq::DeadLetterFilter &filter)
{
    m_filter = filter;
    const quint64 generation = ++m_queryGeneration;
    if (m_stateDirectory.isEmpty())
        return generation;
    run<DeadLetterCounts>(
        [filter](dlq::DeadLetterStore &store, DeadLetterCounts &counts) {
            {
                auto anyClass = filter;
                anyClass.errorClass.clear();
                counts.byClass = store.countByClass(anyClass);
                counts.tables = store.tables();
                for (const auto &each : counts.byClass)
                    if (filter.errorClass.empty() || each.errorClass == filter.errorClass)
                        counts.total += each.count;
            }
        },
        [this, generation](const DeadLetterCounts &counts) {
            if (generation == m_queryGeneration)
                emit countsReady(generation, counts);
        });
    return generation;
}

void DeadLetterService::fetchPage(std::int64_t afterId, int limit)
{
    const quint64 generation = m_queryGeneration;
    if (m_stateDirectory.isEmpty())
        return;
    run<DeadLetterPage>(
        [filter = m_filter, afterId, limit](dlq::DeadLetterStore &store, DeadLetterPage &page) {
            page.letters = store.listAfter(filter, afterId, limit);
            page.atEnd = int(page.letters.size()) < limit;
        },
        [this, generation](const DeadLetterPage &page) {
            if (generation == m_queryGeneration)
                emit pageReady(generation, std::make_shared<const DeadLetterPage>(page));
        });
}

void DeadLetterService::loadLetter(std::int64_t id)
{
    const quint64 generation = ++m_detailGeneration;
    if (m_stateDirectory.isEmpty())
        return;
    run<DeadLetterDetail>(
        [id](dlq::DeadLetterStore &store, DeadLetterDetail &detail) {
            detail.letter = store.get(id);
            if (!detail.letter)
                return;
            for (auto &entry : store.audit())
                if (auditCovers(entry, *detail.letter))
                    detail.history.push_back(std::move(entry));
        },
        [this, generation](const DeadLetterDetail &detail) {
            if (generation == m_detailGeneration)
                emit letterLoaded(detail);
        });
}

void DeadLetterService::loadAudit(int limit)
{
    if (m_stateDirectory.isEmpty())
        return;
    run<AuditLog>(
        [limit](dlq::DeadLetterStore &store, AuditLog &log) { log.entries = store.audit(limit); },
        [this](const AuditLog &log) { emit auditLoaded(log); });
}

bool DeadLetterService::startAction(DeadLetterActionResult::Kind kind, bool dryRun,
                                    std::function<DeadLetterActionResult(ActionState &)> work)
{
    if (m_actionRunning || m_pipelineFile.isEmpty())
        return false;
    m_actionRunning = true;
    m_actionCancel = std::make_shared<std::atomic<bool>>(false);
    m_actionState->cancel = m_actionCancel;
    const quint64 pipeline = m_pipelineGeneration;
    QMetaObject::invokeMethod(
        &m_actions->context,
        [this, kind, dryRun, pipeline, state = m_actionState, work = std::move(work)] {
            DeadLetterActionResult result;
            try {
                result = work(*state);
            } catch (const std::exception &error) {
                result.error = QString::fromStdString(error.what());
            }
            result.kind = kind;
            result.dryRun = dryRun;
            result.cancelled = state->cancel->load();
            QMetaObject::invokeMethod(
                this,
                [this, pipeline, result = std::move(result)] {
                    if (pipeline != m_pipelineGeneration)
                        return;
                    m_actionRunning = false;
                    emit actionFinished(result);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return true;
}

void DeadLetterService::postProgress(std::vector<dlq::ReplayResult> results, int done, int total)
{
    std::lock_guard lock(m_progressMutex);
    m_pendingResults.insert(m_pendingResults.end(), std::make_move_iterator(results.begin()),
                            std::make_move_iterator(results.end()));
    m_pendingDone = done;
    m_pendingTotal = total;
    if (std::exchange(m_progressPosted, true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            std::vector<dlq::ReplayResult> batch;
            int done = 0;
            int total = 0;
            {
                std::lock_guard lock(m_progressMutex);
                batch.swap(m_pendingResults);
                done = m_pendingDone;
                total = m_pendingTotal;
                m_progressPosted = false;
            }
            emit replayProgress(batch, done, total);
        },
        Qt::QueuedConnection);
}

bool DeadLetterService::replay(const dlq::DeadLetterFilter &filter,
                               const dlq::ReplayOptions &options)
{
    const auto file = QFile::encodeName(m_pipelineFile).toStdString();
    return startAction(
        DeadLetterActionResult::Kind::Replay, options.dryRun,
        [this, file, stateFile = storeFileIn(m_stateDirectory), filter,
         options](ActionState &state) {
            DeadLetterActionResult result;
            auto &replayer = state.replayerFor(file, stateFile);
            auto progress = [this, &state](const dlq::ReplayResult &one, int done, int total) {
                postProgress({one}, done, total);
                return !state.cancel->load();
            };
            result.results = replayer.replay(filter, options, progress);
            for (const auto &one : result.results)
                result.affected += one.outcome == dlq::ReplayResult::Outcome::Applied ||
                                   one.outcome == dlq::ReplayResult::Outcome::WouldApply;
            result.summary =
                options.dryRun
                    ? tr("Dry run: %n dead letter(s) would be applied.", nullptr, result.affected)
                    : tr("Replayed %n dead letter(s).", nullptr, result.affected);
            return result;
        });
}

bool DeadLetterService::discard(const dlq::DeadLetterFilter &filter, bool dryRun)
{
    const auto file = QFile::encodeName(m_pipelineFile).toStdString();
    return startAction(
        DeadLetterActionResult::Kind::Discard, dryRun,
        [file, stateFile = storeFileIn(m_stateDirectory), filter, dryRun](ActionState &state) {
            DeadLetterActionResult result;
            result.affected = state.replayerFor(file, stateFile)
                                  .discard(filter, dlq::Replayer::currentActor(), dryRun);
            result.summary = dryRun ? tr("Dry run: %n dead letter(s) would be discarded.", nullptr,
                                         result.affected)
                                    : tr("Discarded %n dead letter(s).", nullptr, result.affected);
            return result;
        });
}

bool DeadLetterService::edit(std::int64_t id, const QString &envelope)
{
    const auto file = QFile::encodeName(m_pipelineFile).toStdString();
    return startAction(
        DeadLetterActionResult::Kind::Edit, false,
        [file, stateFile = storeFileIn(m_stateDirectory), id,
         value = envelope.toStdString()](ActionState &state) {
            DeadLetterActionResult result;
            state.replayerFor(file, stateFile).edit(id, value, dlq::Replayer::currentActor());
            result.affected = 1;
            result.summary = tr("Saved the edited change of dead letter #%1.").arg(qint64(id));
            return result;
        });
}

bool DeadLetterService::importTopic(const kafka::BrowseConnection &connection, const QString &topic,
                                    const QString &sink, int timeoutMs)
{
    return startAction(
        DeadLetterActionResult::Kind::Import, false,
        [stateFile = storeFileIn(m_stateDirectory), browse = connection,
         topic = topic.toStdString(), sink = sink.toStdString(), timeoutMs](ActionState &state) {
            DeadLetterActionResult result;
            auto &store = state.openFor(stateFile);
            const auto imported = kafka::importDeadLetterTopic(
                browse, topic, sink, store,
                kafka::BrowseClock::now() + std::chrono::milliseconds(timeoutMs),
                state.cancel.get());
            dlq::AuditEntry entry;
            entry.at = isoUtcNow();
            entry.actor = dlq::Replayer::currentActor();
            entry.action = "import";
            entry.sink = sink;
            entry.filter = "topic=" + topic;
            entry.affected = imported.imported;
            entry.detail = std::to_string(imported.alreadyKnown) + " already known, " +
                           std::to_string(imported.skipped) + " not dead letters";
            store.appendAudit(entry);
            result.affected = imported.imported;
            result.error = QString::fromStdString(imported.error);
            result.summary =
                tr("Imported %n dead letter(s) from %1 (%2 already known, %3 not dead letters).",
                   nullptr, imported.imported)
                    .arg(QString::fromStdString(topic))
                    .arg(imported.alreadyKnown)
                    .arg(imported.skipped);
            return result;
        });
}

} // namespace syncline::ui
