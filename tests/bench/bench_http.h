#pragma once

#include "bench_report.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace syncline::bench {

class Contender;

// A webhook receiver for the http drain, written to cost little: plain sockets on 127.0.0.1, a
// thread per connection, HTTP/1.1 kept alive, every POST answered 200 at once. It counts the
// changes (one `{"op":"` per change in the compact format), the requests, the most in flight at
// once, and the CPU time its threads spent on requests, which shows it is not what limits the
// drain.
class BenchReceiver
{
public:
    BenchReceiver();
    ~BenchReceiver();
    BenchReceiver(const BenchReceiver &) = delete;
    BenchReceiver &operator=(const BenchReceiver &) = delete;

    int port() const { return m_port; }
    long long changes() const { return m_changes.load(); }
    long long requests() const { return m_requests.load(); }
    int maxInFlight() const { return m_maxInFlight.load(); }
    double cpuSeconds() const { return double(m_cpuNanos.load()) / 1e9; }
    void reset();

private:
    void acceptLoop();
    void serve(int socket);

    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<long long> m_changes{0};
    std::atomic<long long> m_requests{0};
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_maxInFlight{0};
    std::atomic<long long> m_cpuNanos{0};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<std::thread> m_connections;
    std::vector<int> m_sockets;
};

// The http sink's entry of "sinks:" for a receiver on 127.0.0.1:port.
QString httpSinkYaml(int port, int batchSize, int maxInFlight);

// The drain into the http sink: c (a Syncline contender whose sink is httpSinkYaml()) is
// started on db, waits until it streams, is paused, `write` writes the changes (and the marker),
// `settle` settles the servers, then c is resumed and timed until the receiver has counted
// `changes`. Throws when it counts more (a duplicate) or they stop coming. drainFigures(), then
// the receiver's CPU seconds and the most requests it had in flight at once.
Values timeHttpDrain(Contender &c, BenchReceiver &receiver, const QString &db, long long changes,
                     const std::function<void()> &write, const std::function<void()> &settle);

} // namespace syncline::bench
