#include "verify_job.h"

#include "config/config_loader.h"
#include "pg/connection.h"
#include "pipeline/scheduled_verification.h"
#include "util/log.h"
#include "util/time_text.h"
#include "verify/pipeline_verifier.h"
#include "verify/repairer.h"
#include "verify/verify_history.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMetaObject>

#include <exception>
#include <optional>
#include <stdexcept>

namespace syncline::ui {

namespace {

std::string rowsKey(const std::string &file, const std::string &sink, const std::string &table)
{
    return file + '\n' + sink + '\n' + table;
}

// The planner's row count of a "schema.table" (0 before it was first analyzed).
long long plannerRows(pg::Connection &source, const std::string &table)
{
    const auto dot = table.find('.');
    const std::string value = source.queryValue(
        "SELECT greatest(c.reltuples, 0)::bigint FROM pg_class c JOIN pg_namespace n ON "
        "n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
        {table.substr(0, dot), dot == std::string::npos ? table : table.substr(dot + 1)});
    return value.empty() ? 0 : std::stoll(value);
}

} // namespace

struct VerifyJob::Run
{
    quint64 generation = 0;
    std::string file;
    std::shared_ptr<std::atomic<bool>> cancel;
    std::unique_ptr<PipelineConfig> config;
    std::optional<verify::SinkCatchUp::EmbeddedKafka> embeddedKafka;
    VerifyOutcome outcome;
};

VerifyJob::VerifyJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<TableResultPtr>();
    qRegisterMetaType<VerifyProgress>();
    qRegisterMetaType<VerifyOutcome>();
    qRegisterMetaType<RecordedVerifications>();
    m_thread.setObjectName(QStringLiteral("verify"));
    m_context.moveToThread(&m_thread);
    m_thread.start();
}

VerifyJob::~VerifyJob()
{
    drop();
    m_thread.quit();
    m_thread.wait();
}

template <typename Emit> void VerifyJob::deliver(quint64 generation, Emit emitter)
{
    QMetaObject::invokeMethod(
        this,
        [this, generation, emitter = std::move(emitter)]() mutable {
            if (generation == m_generation)
                emitter();
        },
        Qt::QueuedConnection);
}

quint64 VerifyJob::start(const QString &pipelineFile, VerifyOutcome::Kind kind,
                         const EmbeddedBroker &embedded, std::function<void(Run &)> work)
{
    if (m_running)
        return 0;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++m_generation;
    QMetaObject::invokeMethod(
        &m_context,
        [this, generation, kind, file = QFile::encodeName(pipelineFile).toStdString(),
         cancel = m_cancel, work = std::move(work), embedded] {
            QElapsedTimer clock;
            clock.start();
            Run run;
            run.generation = generation;
            run.file = file;
            run.cancel = cancel;
            run.outcome.kind = kind;
            try {
                auto loaded = loadPipelineConfig(file);
                if (!std::holds_alternative<PipelineConfig>(loaded))
                    throw std::runtime_error(
                        tr("The pipeline file has problems; see the Pipelines page.")
                            .toStdString());
                run.config =
                    std::make_unique<PipelineConfig>(std::move(std::get<PipelineConfig>(loaded)));
                if (run.config->transport.isEmbeddedKafka()) {
                    if (embedded.bootstrap.isEmpty())
                        throw std::runtime_error(
                            tr("This pipeline's Kafka broker is embedded (brokers: embedded), so "
                               "only the process running the pipeline can reach it: start the "
                               "pipeline here, or let it verify itself on a schedule (verify: "
                               "{every: …} in the pipeline file).")
                                .toStdString());
                    run.embeddedKafka = verify::SinkCatchUp::EmbeddedKafka{
                        embedded.bootstrap.toStdString(), embedded.identity.toStdString()};
                }
                work(run);
            } catch (const std::exception &error) {
                run.outcome.error = QString::fromStdString(error.what());
            }
            run.outcome.cancelled = cancel->load();
            if (run.outcome.cancelled && run.outcome.error == u"cancelled")
                run.outcome.error.clear(); // the verifier's own word for it: nothing to add
            run.outcome.seconds = double(clock.elapsed()) / 1000;
            deliver(generation, [this, generation, outcome = std::move(run.outcome)] {
                m_running = false;
                emit finished(generation, outcome);
            });
        },
        Qt::QueuedConnection);
    return generation;
}

quint64 VerifyJob::verify(const QString &pipelineFile, const QString &sink,
                          const EmbeddedBroker &embedded)
{
    return start(pipelineFile, VerifyOutcome::Kind::Verify, embedded,
                 [this, sink = sink.toStdString()](Run &run) { compare(run, sink); });
}

quint64 VerifyJob::repair(const QString &pipelineFile, const QString &sink,
                          std::vector<verify::TableResult> results, const QString &actor,
                          const EmbeddedBroker &embedded)
{
    return start(pipelineFile, VerifyOutcome::Kind::Repair, embedded,
                 [this, sink = sink.toStdString(), results = std::move(results),
                  actor = actor.toStdString()](Run &run) {
                     const verify::Repairer repairer(*run.config);
                     for (const auto &result : results)
                         run.outcome.repairedRows += result.differenceCount();
                     const auto requests = repairer.request(results, actor);
                     deliver(run.generation, [this, generation = run.generation] {
                         emit stageChanged(generation,
                                           tr("Waiting until the pipeline has sent the repair…"));
                     });
                     repairer.waitUntilSent(requests, std::chrono::minutes(10), run.cancel.get());
                     deliver(run.generation, [this, generation = run.generation] {
                         emit stageChanged(generation, tr("Repair sent; verifying again…"));
                     });
                     compare(run, sink);
                 });
}

void VerifyJob::compare(Run &run, const std::string &sink)
{
    verify::VerifyRequest request;
    if (!sink.empty())
        request.sinks = {sink};
    request.embeddedKafka = run.embeddedKafka;
    const verify::PipelineVerifier verifier(*run.config);
    const auto plan = verifier.plan(request);

    long long estimate = 0;
    {
        std::optional<pg::Connection> source;
        std::map<std::string, long long> planner;
        for (const auto *sinkConfig : plan.sinks)
            for (const auto &table : plan.tables) {
                const auto known = m_lastRows->find(rowsKey(run.file, sinkConfig->name, table));
                if (known != m_lastRows->end()) {
                    estimate += known->second;
                    continue;
                }
                if (!planner.count(table)) {
                    if (!source)
                        source = pg::Connection::open(run.config->source.dsn,
                                                      pg::Connection::Mode::Normal,
                                                      "syncline console verify");
                    planner[table] = plannerRows(*source, table);
                }
                estimate += planner[table];
            }
    }
    run.outcome.results.clear();
    deliver(run.generation, [this, generation = run.generation, estimate] {
        emit passStarted(generation, estimate);
    });

    QElapsedTimer clock;
    clock.start();
    long long doneRows = 0;
    auto progressAt = [&](const std::string &sinkName, const std::string &table, long long rows) {
        VerifyProgress progress;
        progress.rowsCompared = doneRows + rows;
        progress.rowsEstimated = estimate;
        progress.seconds = double(clock.elapsed()) / 1000;
        progress.sink = QString::fromStdString(sinkName);
        progress.table = QString::fromStdString(table);
        postProgress(run.generation, progress);
    };
    const std::int64_t started = unixMillisNow();
    std::vector<verify::TableResult> recorded;
    auto record = [&](const std::string &error) {
        if (run.cancel->load())
            return; // a cancelled run proves nothing either way
        const std::string notRecorded = verify::VerifyHistory::recordIn(
            run.config->stateDir, "console", started, recorded, error);
        if (!notRecorded.empty())
            log::warning("verify", notRecorded);
    };
    try {
        verifier.run(
            request,
            [&](const verify::TableResult &result) {
                recorded.push_back(result);
                doneRows += result.sourceRows;
                if (result.error.empty())
                    (*m_lastRows)[rowsKey(run.file, result.sink, result.table)] = result.sourceRows;
                auto shared = std::make_shared<const verify::TableResult>(result);
                run.outcome.results.push_back(shared);
                deliver(run.generation, [this, generation = run.generation, shared] {
                    emit tableCompared(generation, shared);
                });
                progressAt(result.sink, result.table, 0);
            },
            progressAt, run.cancel.get());
    } catch (const std::exception &error) {
        record(error.what());
        throw;
    }
    record({});
}

void VerifyJob::loadRecorded(const QString &stateDirectory)
{
    QMetaObject::invokeMethod(
        &m_context,
        [this, stateDirectory] {
            RecordedVerifications tables;
            try {
                tables = recordedVerifications(QFile::encodeName(stateDirectory).toStdString());
            } catch (const std::exception &error) {
                log::warning("verify",
                             std::string("cannot read the verify history: ") + error.what());
            }
            QMetaObject::invokeMethod(
                this,
                [this, stateDirectory, tables = std::move(tables)] {
                    emit recordedLoaded(stateDirectory, tables);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void VerifyJob::postProgress(quint64 generation, const VerifyProgress &latest)
{
    std::lock_guard lock(m_progressMutex);
    m_pendingProgress = latest;
    m_pendingGeneration = generation;
    if (std::exchange(m_progressPosted, true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            VerifyProgress pending;
            quint64 pendingGeneration = 0;
            {
                std::lock_guard lock(m_progressMutex);
                pending = m_pendingProgress;
                pendingGeneration = m_pendingGeneration;
                m_progressPosted = false;
            }
            if (pendingGeneration == m_generation)
                emit progress(pendingGeneration, pending);
        },
        Qt::QueuedConnection);
}

void VerifyJob::cancel()
{
    m_cancel->store(true);
}

void VerifyJob::drop()
{
    m_cancel->store(true);
    m_running = false;
    ++m_generation;
}

} // namespace syncline::ui
