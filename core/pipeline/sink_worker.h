#pragma once

#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "util/bounded_queue.h"

#include <atomic>
#include <exception>
#include <memory>
#include <thread>

namespace syncline {

class Sink;

// Runs one sink on its own thread, fed through a bounded queue (the direct transport).
// Commits when the queue runs dry or the batch is full, and only at source transaction
// boundaries; publishes what it committed so the source can confirm it.
class SinkWorker
{
public:
    SinkWorker(Sink &sink, const PostgresSinkConfig &config, std::size_t queueCapacity,
               std::size_t queueMaxBytes);
    ~SinkWorker();

    void start();
    // False when the queue stayed full for the whole timeout (the caller retries).
    bool offer(const std::shared_ptr<const TransactionChunk> &chunk,
               std::chrono::milliseconds timeout);
    // Finish what is queued, commit whole transactions, and stop.
    void drainAndStop();
    // Stop at once, leaving uncommitted work to be re-streamed.
    void abort();

    Lsn committedPosition() const { return Lsn(m_committed.load()); }
    bool hasFailed() const { return m_failed.load(); }
    std::exception_ptr failure() const { return m_failure; }

private:
    void run();

    Sink &m_sink;
    std::size_t m_batchMaxChanges;
    BoundedQueue<std::shared_ptr<const TransactionChunk>> m_queue;
    std::atomic<std::uint64_t> m_committed{0};
    std::atomic<bool> m_failed{false};
    std::atomic<bool> m_aborting{false};
    std::exception_ptr m_failure;
    std::thread m_thread;
};

} // namespace syncline
