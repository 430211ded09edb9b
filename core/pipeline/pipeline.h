#pragma once

#include "config/pipeline_config.h"
#include "metrics/pipeline_metrics.h"
#include "pipeline/alert_monitor.h"
#include "pipeline/pipeline_status.h"
#include "pipeline/sink_recovery.h"

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace syncline {

namespace kafka {
class EmbeddedCluster;
}

// Runs a pipeline until stopped: sessions that fail for a transient reason (a server down or
// restarting, a lost connection) are retried with exponential backoff; a permanent failure
// (bad table, a change the target rejects) stops it without confirming the failed change.
class Pipeline
{
public:
    using StatusListener = std::function<void(const PipelineStatus &)>;

    explicit Pipeline(PipelineConfig config);
    ~Pipeline();

    enum class Outcome
    {
        Stopped,
        Failed
    };
    Outcome run();

    // Safe to call from any thread and from a signal handler.
    void requestStop()
    {
        m_stopRequested.store(true);
        m_sessionStop.store(true);
    }
    // Pausing ends the current session the way a graceful stop does (everything read is applied
    // and confirmed) and waits, in state Paused, holding no connection, until resumed.
    // Any thread.
    void requestPause();
    void requestResume();

    PipelineStatus status() const;
    const std::string &name() const { return m_config.name; }
    const PipelineConfig &config() const { return m_config; }
    // The embedded Kafka cluster's bootstrap ("127.0.0.1:port"); empty when the transport has
    // none or run() has not started it yet. Any thread.
    std::string embeddedKafkaBootstrap() const;
    // The identity its sinks store their consumer offsets under (verify needs it); empty as above.
    std::string embeddedKafkaIdentity() const;
    // Counters and time series of this pipeline; readable from any thread at any time.
    PipelineMetrics &metrics() { return m_metrics; }
    // Its alert rules' state: what is firing, and what fired and cleared. Any thread.
    const AlertMonitor &alerts() const { return m_alerts; }
    void setStatusListener(StatusListener listener) { m_listener = std::move(listener); }

private:
    void
    updateStatus(const std::function<void(PipelineStatus &)> &change); // then tells the listener
    void setState(PipelineState state, const std::string &detail);
    void evaluateAlerts(std::int64_t nowMs); // and publishes them to the metrics
    Outcome fail(const std::string &message);
    Outcome stopOn(const std::string &message); // a permanent error: say what is unconfirmed
    void sleepUnlessStopped(std::chrono::milliseconds duration);
    void waitWhilePaused();

    PipelineConfig m_config;
    PipelineMetrics m_metrics;
    AlertMonitor m_alerts;
    std::atomic<bool> m_stopRequested{false};
    std::atomic<bool> m_pauseRequested{false};
    std::atomic<bool> m_sessionStop{false};  // ends the current session: a stop or a pause
    std::deque<SinkRecovery> m_recovery;     // per sink, across sessions
    std::uint32_t m_streamingRefusedXid = 0; // see PipelineSession
    std::unique_ptr<kafka::EmbeddedCluster> m_embeddedKafka; // brokers: embedded; outlives sessions
    mutable std::mutex m_mutex;
    std::mutex m_listenerMutex;
    PipelineStatus m_status;
    StatusListener m_listener;
};

} // namespace syncline
