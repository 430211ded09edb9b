#include "sink/http/http_lanes.h"

#include "util/log.h"

#include <algorithm>
#include <optional>

namespace syncline::http {

struct HttpLanes::Lane : LaneContext
{
    HttpLanes *owner = nullptr;
    std::unique_ptr<HttpClient> http;
    std::deque<LaneJob> queue;
    bool running = false;
    std::thread thread;

    HttpClient &client() override { return *http; }
    bool pause(std::chrono::milliseconds wait) override
    {
        std::unique_lock lock(owner->m_mutex);
        return !owner->m_changed.wait_for(lock, wait, [this] { return owner->m_cancelled.load(); });
    }
};

HttpLanes::HttpLanes(int count, const std::function<std::unique_ptr<HttpClient>()> &makeClient,
                     Run run, std::size_t queuedPerLane)
    : m_run(std::move(run)), m_queuedPerLane(queuedPerLane)
{
    for (int i = 0; i < std::max(1, count); ++i) {
        auto lane = std::make_unique<Lane>();
        lane->owner = this;
        lane->http = makeClient();
        lane->http->setAbortFlag(&m_cancelled);
        m_lanes.push_back(std::move(lane));
    }
    for (auto &lane : m_lanes)
        lane->thread = std::thread([this, raw = lane.get(), pipeline = log::currentPipeline()] {
            log::PipelineScope scope(pipeline);
            work(*raw);
        });
}

HttpLanes::~HttpLanes()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_cancelled = true;
    }
    m_changed.notify_all();
    for (auto &lane : m_lanes)
        if (lane->thread.joinable())
            lane->thread.join();
}

void HttpLanes::rethrowFailure()
{
    if (m_failure)
        std::rethrow_exception(m_failure);
}

bool HttpLanes::isIdle(int lane)
{
    std::lock_guard lock(m_mutex);
    const Lane &target = *m_lanes[std::size_t(lane) % m_lanes.size()];
    return target.queue.empty() && !target.running;
}

void HttpLanes::submit(LaneJob job)
{
    Lane &target = *m_lanes[std::size_t(job.lane) % m_lanes.size()];
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || target.queue.size() < m_queuedPerLane; });
    rethrowFailure();
    target.queue.push_back(std::move(job));
    ++m_unfinished;
    lock.unlock();
    m_changed.notify_all();
}

std::vector<LaneOutcome> HttpLanes::takeFinished()
{
    std::lock_guard lock(m_mutex);
    rethrowFailure();
    return std::exchange(m_finished, {});
}

void HttpLanes::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || m_unfinished == 0; });
    rethrowFailure();
}

void HttpLanes::cancel()
{
    std::unique_lock lock(m_mutex);
    m_cancelled = true;
    for (auto &lane : m_lanes) {
        m_unfinished -= lane->queue.size();
        lane->queue.clear();
    }
    m_changed.notify_all();
    m_changed.wait(lock, [&] { return m_unfinished == 0; });
    m_finished.clear();
    m_failure = nullptr;
    m_cancelled = false;
}

void HttpLanes::work(Lane &lane)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_stopping || (!lane.queue.empty() && !m_failure); });
        if (m_stopping)
            return;
        LaneJob job = std::move(lane.queue.front());
        lane.queue.pop_front();
        lane.running = true;
        lock.unlock();
        m_changed.notify_all(); // room in the queue
        std::optional<LaneOutcome> outcome;
        std::exception_ptr failure;
        try {
            outcome = m_run(lane, job);
        } catch (const LaneCancelled &) {
        } catch (...) {
            failure = std::current_exception();
        }
        job.changes.clear(); // the chunks go before the caller hears of it
        lock.lock();
        lane.running = false;
        --m_unfinished;
        if (failure && !m_cancelled && !m_failure)
            m_failure = failure;
        else if (outcome && !m_cancelled)
            m_finished.push_back(std::move(*outcome));
        m_changed.notify_all();
    }
}

} // namespace syncline::http
