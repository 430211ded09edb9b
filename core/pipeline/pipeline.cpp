#include "pipeline/pipeline.h"

#include "pg/error.h"
#include "pipeline/metrics_sampler.h"
#include "pipeline/pipeline_session.h"
#include "pipeline/scheduled_verification.h"
#include "source/postgres/byte_reader.h"
#include "transport/kafka/embedded_cluster.h"
#include "util/backoff.h"
#include "util/errors.h"
#include "util/log.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"

#include <algorithm>
#include <thread>

namespace syncline {

static_assert(std::atomic<bool>::is_always_lock_free, "requestStop() is called from signals");

namespace {
constexpr std::chrono::milliseconds kRejectedChangeRetry{200};
}

int VerificationStatus::tablesDifferent() const
{
    return int(std::count_if(tables.begin(), tables.end(),
                             [](const TableVerification &t) { return t.differences() > 0; }));
}

const char *stateName(PipelineState state)
{
    switch (state) {
    case PipelineState::Stopped:
        return "stopped";
    case PipelineState::Starting:
        return "starting";
    case PipelineState::Snapshotting:
        return "snapshotting";
    case PipelineState::Streaming:
        return "streaming";
    case PipelineState::Retrying:
        return "retrying";
    case PipelineState::Paused:
        return "paused";
    case PipelineState::Failed:
        return "failed";
    }
    return "?";
}

const std::vector<std::string> &pipelineStateNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (int state = 0; state <= int(PipelineState::Failed); ++state)
            all.emplace_back(stateName(PipelineState(state)));
        return all;
    }();
    return names;
}

Pipeline::Pipeline(PipelineConfig config)
    : m_config(std::move(config)), m_alerts(m_config.alerts), m_recovery(m_config.sinks.size())
{
    std::vector<std::string> sinks;
    for (const auto &sink : m_config.sinks)
        sinks.push_back(sink.name);
    m_metrics.declareSinks(sinks);
}

Pipeline::~Pipeline() = default;

PipelineStatus Pipeline::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::string Pipeline::embeddedKafkaBootstrap() const
{
    std::lock_guard lock(m_mutex);
    return m_embeddedKafka ? m_embeddedKafka->bootstrap() : std::string();
}

std::string Pipeline::embeddedKafkaIdentity() const
{
    std::lock_guard lock(m_mutex);
    return m_embeddedKafka ? m_embeddedKafka->identity() : std::string();
}

void Pipeline::updateStatus(const std::function<void(PipelineStatus &)> &change)
{
    {
        std::lock_guard lock(m_mutex);
        change(m_status);
    }
    // Several threads change the status (the session, scheduled verification): the listener is
    // told one at a time, always the newest, so a slower caller cannot report an older status
    // last.
    if (m_listener) {
        std::lock_guard lock(m_listenerMutex);
        m_listener(status());
    }
}

void Pipeline::evaluateAlerts(std::int64_t nowMs)
{
    m_alerts.evaluate(status(), m_metrics.latest(), nowMs);
    m_metrics.setAlerts(m_alerts.gauges());
}

void Pipeline::setState(PipelineState state, const std::string &detail)
{
    m_metrics.setState(stateName(state));
    updateStatus([&](PipelineStatus &status) {
        status.state = state;
        status.detail = detail;
        if (state != PipelineState::Retrying)
            status.retryAttempt = 0;
    });
    evaluateAlerts(unixMillisNow());
}

void Pipeline::sleepUnlessStopped(std::chrono::milliseconds duration)
{
    const auto until = std::chrono::steady_clock::now() + duration;
    while (!m_sessionStop && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

void Pipeline::requestPause()
{
    m_pauseRequested.store(true);
    m_sessionStop.store(true);
}

void Pipeline::requestResume()
{
    m_pauseRequested.store(false);
}

void Pipeline::waitWhilePaused()
{
    log::info("pipeline", "paused");
    setState(PipelineState::Paused, {});
    while (m_pauseRequested && !m_stopRequested)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!m_stopRequested)
        log::info("pipeline", "resuming");
}

Pipeline::Outcome Pipeline::fail(const std::string &message)
{
    log::error("pipeline", message);
    setState(PipelineState::Failed, message);
    return Outcome::Failed;
}

Pipeline::Outcome Pipeline::run()
{
    log::PipelineScope logScope(m_config.name); // and the threads started below
    Backoff backoff;
    log::info("pipeline", "starting pipeline " + m_config.name);
    try {
        if (m_config.transport.isEmbeddedKafka() && !m_embeddedKafka) {
            auto cluster = std::make_unique<kafka::EmbeddedCluster>();
            {
                std::lock_guard lock(m_mutex);
                m_embeddedKafka = std::move(cluster);
            }
            log::warning("kafka", "embedded Kafka cluster at " + m_embeddedKafka->bootstrap() +
                                      ": in memory, for demos and tests; not durable");
        }
    } catch (const std::exception &error) {
        return fail(error.what());
    }
    MetricsSampler sampler(m_config, m_metrics,
                           [this](std::int64_t nowMs) { evaluateAlerts(nowMs); });
    std::optional<verify::SinkCatchUp::EmbeddedKafka> embeddedKafka;
    if (m_embeddedKafka)
        embeddedKafka = {m_embeddedKafka->bootstrap(), m_embeddedKafka->identity()};
    ScheduledVerification verification(
        m_config, [this] { return status().state == PipelineState::Streaming; }, embeddedKafka,
        [this](const VerificationStatus &verification) {
            std::map<std::string, long long> differences;
            for (const auto &table : verification.tables)
                differences[table.sink + ' ' + table.table] =
                    table.error.empty() ? table.differences() : -1;
            m_metrics.setVerifyDifferences(std::move(differences));
            updateStatus([&](PipelineStatus &status) { status.verification = verification; });
        });
    while (!m_stopRequested) {
        if (m_pauseRequested) {
            waitWhilePaused();
            continue;
        }
        // Set before the check above was made false again by a resume: recomputed, not reset,
        // so a stop or pause that raced with it still ends the session.
        m_sessionStop.store(m_stopRequested || m_pauseRequested);
        const auto started = std::chrono::steady_clock::now();
        std::string retryReason;
        bool rejectedChange = false;
        try {
            PipelineSession session(
                m_config, m_metrics, m_sessionStop, m_recovery, m_streamingRefusedXid,
                m_embeddedKafka.get(),
                [this](PipelineState state, const std::string &detail) { setState(state, detail); },
                [this](Lsn confirmed, long long applied) {
                    updateStatus([&](PipelineStatus &status) {
                        status.confirmedLsn = confirmed;
                        status.appliedChanges = applied;
                    });
                },
                [this](long long copied, long long estimated) {
                    updateStatus([&](PipelineStatus &status) {
                        status.snapshotRowsCopied = copied;
                        status.snapshotRowsEstimated = estimated;
                    });
                });
            session.run();
        } catch (const StreamingRefused &refused) {
            log::warning("pipeline", refused.what());
            m_streamingRefusedXid = refused.xid();
            continue;
        } catch (const RestartSession &restart) {
            log::info("pipeline", restart.what());
            continue;
        } catch (const pg::Error &error) {
            if (!error.isTransient())
                return stopOn(error.what());
            retryReason = error.what();
        } catch (const RejectedChangeError &error) {
            retryReason = error.what();
            rejectedChange = true;
        } catch (const TransientError &error) {
            retryReason = error.what();
        } catch (const SqliteError &error) {
            if (!error.isTransient())
                return stopOn(error.what());
            retryReason = error.what();
        } catch (const PermanentError &error) {
            return stopOn(error.what());
        } catch (const DecodeError &error) {
            return fail(std::string("undecodable replication message: ") + error.what());
        } catch (const std::exception &error) {
            return fail(std::string("internal error: ") + error.what());
        }
        if (retryReason.empty()) {
            if (m_pauseRequested && !m_stopRequested)
                continue;
            break;
        }
        m_metrics.recordRetry();
        if (rejectedChange || std::chrono::steady_clock::now() - started > std::chrono::minutes(1))
            backoff.reset(); // the servers are fine, or it ran fine for a while
        const auto delay = rejectedChange ? kRejectedChangeRetry : backoff.next();
        {
            std::lock_guard lock(m_mutex);
            m_status.retryAttempt = rejectedChange ? 0 : backoff.attempts();
        }
        log::warning("pipeline",
                     retryReason + "; retrying in " + std::to_string(delay.count()) + " ms" +
                         (rejectedChange
                              ? std::string()
                              : " (attempt " + std::to_string(backoff.attempts()) + ")"));
        setState(PipelineState::Retrying, retryReason);
        sleepUnlessStopped(delay);
    }
    setState(PipelineState::Stopped, {});
    return Outcome::Stopped;
}

Pipeline::Outcome Pipeline::stopOn(const std::string &message)
{
    log::error("pipeline", message);
    log::error("pipeline", "pipeline " + m_config.name +
                               " stopped; nothing after the last committed transaction was "
                               "confirmed to the source");
    setState(PipelineState::Failed, message);
    return Outcome::Failed;
}

} // namespace syncline
