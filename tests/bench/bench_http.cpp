#include "bench_http.h"

#include "bench_timing.h"
#include "contenders.h"
#include "cpu_meter.h"

#include <QElapsedTimer>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>
#include <string_view>

namespace syncline::bench {

using namespace Qt::StringLiterals;

namespace {

long long threadCpuNanos()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1000000000LL + now.tv_nsec;
}

// The Content-Length of a request's head (case-insensitive name); -1 without one.
long long contentLength(std::string_view head)
{
    constexpr std::string_view name = "content-length:";
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos;
         at = head.find("\r\n", at + 2)) {
        const std::string_view line = head.substr(at + 2, name.size());
        if (line.size() == name.size() &&
            std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
                return a == (b >= 'A' && b <= 'Z' ? char(b - 'A' + 'a') : b);
            }))
            return std::atoll(head.data() + at + 2 + name.size());
    }
    return -1;
}

long long countChanges(std::string_view body)
{
    long long count = 0;
    for (std::size_t at = body.find("{\"op\":\""); at != std::string_view::npos;
         at = body.find("{\"op\":\"", at + 7))
        ++count;
    return count;
}

} // namespace

BenchReceiver::BenchReceiver()
{
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int yes = 1;
    setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(m_listener, 64) != 0)
        throw std::runtime_error(std::string("bench receiver: ") + std::strerror(errno));
    socklen_t length = sizeof address;
    getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

BenchReceiver::~BenchReceiver()
{
    m_stopping = true;
    m_acceptor.join();
    {
        std::lock_guard lock(m_mutex);
        for (const int socket : m_sockets)
            ::shutdown(socket, SHUT_RDWR);
    }
    for (auto &connection : m_connections)
        connection.join();
    ::close(m_listener);
}

void BenchReceiver::reset()
{
    m_changes = 0;
    m_requests = 0;
    m_maxInFlight = 0;
    m_cpuNanos = 0;
}

void BenchReceiver::acceptLoop()
{
    while (!m_stopping) {
        pollfd wait{m_listener, POLLIN, 0};
        if (::poll(&wait, 1, 100) <= 0)
            continue;
        const int socket = ::accept(m_listener, nullptr, nullptr);
        if (socket < 0)
            continue;
        const int yes = 1;
        setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        std::lock_guard lock(m_mutex);
        m_sockets.push_back(socket);
        m_connections.emplace_back([this, socket] { serve(socket); });
    }
}

void BenchReceiver::serve(int socket)
{
    static constexpr std::string_view kAnswer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
    std::string buffer;
    std::vector<char> chunk(1 << 16);
    long long lastCpu = threadCpuNanos();
    for (;;) {
        // One request: the head, then Content-Length bytes of body.
        std::size_t headEnd;
        while ((headEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t got = ::recv(socket, chunk.data(), chunk.size(), 0);
            if (got <= 0) {
                ::close(socket);
                return;
            }
            buffer.append(chunk.data(), std::size_t(got));
        }
        const int inFlight = ++m_inFlight;
        for (int seen = m_maxInFlight.load(); inFlight > seen;)
            m_maxInFlight.compare_exchange_weak(seen, inFlight);
        const long long length = contentLength(std::string_view(buffer).substr(0, headEnd + 2));
        const std::size_t end = headEnd + 4 + std::size_t(std::max(0LL, length));
        while (buffer.size() < end) {
            const ssize_t got = ::recv(socket, chunk.data(), chunk.size(), 0);
            if (got <= 0) {
                --m_inFlight;
                ::close(socket);
                return;
            }
            buffer.append(chunk.data(), std::size_t(got));
        }
        m_changes += countChanges(std::string_view(buffer).substr(headEnd + 4, end - headEnd - 4));
        ++m_requests;
        buffer.erase(0, end);
        --m_inFlight;
        ::send(socket, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL);
        const long long cpu = threadCpuNanos();
        m_cpuNanos += cpu - lastCpu;
        lastCpu = cpu;
    }
}

QString httpSinkYaml(int port, int batchSize, int maxInFlight)
{
    return u"  - name: hook\n"
           "    type: http\n"
           "    url: \"http://127.0.0.1:%1/hook\"\n"
           "    batch_size: %2\n"
           "    max_in_flight: %3\n"_s.arg(port)
               .arg(batchSize)
               .arg(maxInFlight);
}

Values timeHttpDrain(Contender &c, BenchReceiver &receiver, const QString &db, long long changes,
                     const std::function<void()> &write, const std::function<void()> &settle)
{
    c.start(db, false);
    waitReady(c, db, "the pipeline to start");
    c.pause(db);
    write();
    settle();
    receiver.reset();
    CpuMeter cpu(c, db);
    cpu.start();
    QElapsedTimer timer;
    timer.start();
    c.resume(db);
    QElapsedTimer sinceCpuPoll, sinceProgress;
    sinceCpuPoll.start();
    sinceProgress.start();
    long long seen = 0;
    while (receiver.changes() < changes) {
        if (sinceCpuPoll.elapsed() >= 100) {
            cpu.poll();
            sinceCpuPoll.restart();
        }
        if (receiver.changes() != seen) {
            seen = receiver.changes();
            sinceProgress.restart();
        } else if (sinceProgress.elapsed() > 60000) {
            throw std::runtime_error("the receiver got " + std::to_string(seen) + " of " +
                                     std::to_string(changes) +
                                     " changes, none for 60 s: " + c.state(db).toStdString());
        }
        QThread::usleep(500);
    }
    const double elapsed = seconds(timer);
    const CpuSeconds used = cpu.stop();
    QThread::msleep(200); // anything more would be a change sent twice
    if (receiver.changes() != changes)
        throw std::runtime_error("the receiver got " + std::to_string(receiver.changes()) +
                                 " changes, " + std::to_string(changes) + " were written");
    c.stop(db);
    Values figures = drainFigures(double(changes), elapsed, used);
    figures.push_back(receiver.cpuSeconds());
    figures.push_back(receiver.maxInFlight());
    return figures;
}

} // namespace syncline::bench
