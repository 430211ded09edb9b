#include "pipeline/sink_worker.h"

#include "connector/sink.h"
#include "util/failpoint.h"
#include "util/log.h"

namespace syncline {

SinkWorker::SinkWorker(Sink &sink, const PostgresSinkConfig &config, std::size_t queueCapacity,
                       std::size_t queueMaxBytes)
    : m_sink(sink), m_batchMaxChanges(std::size_t(config.batchMaxChanges)),
      m_queue(queueCapacity, queueMaxBytes)
{}

SinkWorker::~SinkWorker()
{
    abort();
}

void SinkWorker::start()
{
    // Read here, not at construction: the snapshot decisions in between may move it.
    m_committed = m_sink.position().value_or(Lsn()).value();
    m_thread = std::thread([this, pipeline = log::currentPipeline()] {
        log::PipelineScope scope(pipeline);
        run();
    });
}

bool SinkWorker::offer(const std::shared_ptr<const TransactionChunk> &chunk,
                       std::chrono::milliseconds timeout)
{
    return m_queue.push(chunk, timeout, chunk->bytes);
}

void SinkWorker::drainAndStop()
{
    m_queue.close();
    if (m_thread.joinable())
        m_thread.join();
}

void SinkWorker::abort()
{
    m_aborting = true;
    drainAndStop();
}

void SinkWorker::run()
{
    try {
        SYNCLINE_FAILPOINT("sink_worker.starting");
        m_sink.startStreaming();
        for (;;) {
            if (m_aborting)
                break;
            auto chunk = m_queue.pop(std::chrono::milliseconds(100));
            if (chunk)
                m_sink.apply(*chunk);
            const bool drained = m_queue.empty();
            const bool due = drained || m_sink.changesSinceCommit() >= m_batchMaxChanges;
            if (due && !m_sink.isInsideSourceTransaction() && m_sink.hasUncommittedWork())
                m_sink.commit();
            if (drained)
                m_sink.waitForCommits(); // nothing else to do: learn what the target committed
            m_committed = m_sink.position().value_or(Lsn()).value();
            if (!chunk && m_queue.isClosed() && drained)
                break;
        }
    } catch (...) {
        m_failure = std::current_exception();
        m_failed = true;
    }
    m_sink.abandon();
}

} // namespace syncline
