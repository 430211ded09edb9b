#pragma once

#include "sink/http/http_client.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace syncline {
struct TransactionChunk;
}

namespace syncline::http {

// One change of a chunk, as the http sink batches them.
struct PendingChange
{
    std::shared_ptr<const TransactionChunk> chunk;
    int index = 0;
};

// A request's worth of changes for one lane.
struct LaneJob
{
    int lane = 0;
    std::vector<PendingChange> changes;
};

// What a job came to: its changes all answered (delivered), the ones the receiver refused each
// with its answer.
struct LaneOutcome
{
    int lane = 0;
    long long delivered = 0;
    std::vector<std::pair<PendingChange, HttpResponse>> refused;
};

// A lane's view while it runs a job: its own client (one kept-alive connection), and a wait
// that ends early, returning false, when the lanes are cancelled.
class LaneContext
{
public:
    virtual ~LaneContext() = default;
    virtual HttpClient &client() = 0;
    virtual bool pause(std::chrono::milliseconds wait) = 0;
};

// Thrown by a job that saw pause() return false: the lanes were cancelled, its outcome is moot.
struct LaneCancelled
{};

// N worker threads ("lanes"), each with its own HttpClient, each running the jobs given to it
// one after the other, in the order given. A caller that gives all the changes of one key to
// the same lane never has two requests of that key in flight, and they arrive in order, while
// the lanes send at once. A job that throws (other than LaneCancelled) fails the lanes: the next
// submit(), takeFinished() or waitIdle() rethrows that exception.
class HttpLanes
{
public:
    using Run = std::function<LaneOutcome(LaneContext &lane, LaneJob &job)>;

    HttpLanes(int count, const std::function<std::unique_ptr<HttpClient>()> &makeClient, Run run,
              std::size_t queuedPerLane = 2);
    ~HttpLanes();
    HttpLanes(const HttpLanes &) = delete;
    HttpLanes &operator=(const HttpLanes &) = delete;

    int count() const { return int(m_lanes.size()); }
    // Queues the job on its lane; waits while queuedPerLane jobs wait there already.
    void submit(LaneJob job);
    // Whether the lane has no job queued or running.
    bool isIdle(int lane);
    // The outcomes of the jobs finished since the last call, in the order they finished.
    std::vector<LaneOutcome> takeFinished();
    // Waits until every job submitted has finished.
    void waitIdle();
    // Drops the queued jobs, makes running ones stop at their next pause (or libcurl's next
    // progress call), and waits for them. The lanes may be used again afterwards; a failure is
    // forgotten.
    void cancel();

private:
    struct Lane;
    void work(Lane &lane);
    void rethrowFailure(); // m_mutex held

    Run m_run;
    std::size_t m_queuedPerLane;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    std::vector<LaneOutcome> m_finished;
    std::size_t m_unfinished = 0; // queued or running
    std::exception_ptr m_failure;
    std::atomic<bool> m_cancelled{false};
    bool m_stopping = false;
};

} // namespace syncline::http
