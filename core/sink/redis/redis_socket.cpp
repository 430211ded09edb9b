#include "sink/redis/redis_socket.h"

#include "sink/redis/tls_stream.h"
#include "util/errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace syncline::redis {

namespace {

// 0, or why `fd` (non-blocking) did not connect to `address` within the timeout.
int connectWithin(int fd, const addrinfo &address, int timeoutSeconds)
{
    if (::connect(fd, address.ai_addr, address.ai_addrlen) == 0)
        return 0;
    if (errno != EINPROGRESS)
        return errno;
    pollfd waiting{fd, POLLOUT, 0};
    int ready = 0;
    do
        ready = ::poll(&waiting, 1, timeoutSeconds * 1000);
    while (ready < 0 && errno == EINTR);
    if (ready == 0)
        return ETIMEDOUT;
    int error = 0;
    socklen_t length = sizeof error;
    if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        return errno;
    return error;
}

} // namespace

Socket::Socket(int fd, std::string where) : m_fd(fd), m_where(std::move(where)) {}

Socket::Socket(Socket &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_tls(std::move(other.m_tls)),
      m_where(std::move(other.m_where))
{}

Socket &Socket::operator=(Socket &&other) noexcept
{
    std::swap(m_fd, other.m_fd);
    std::swap(m_tls, other.m_tls);
    m_where = std::move(other.m_where);
    return *this;
}

Socket::~Socket()
{
    m_tls.reset();
    if (m_fd >= 0)
        ::close(m_fd);
}

Socket Socket::connect(const RedisUrl &url, std::string where, int timeoutSeconds)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const std::string port = std::to_string(url.port);
    if (const int error = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found))
        throw TransientError(where + "cannot resolve '" + url.host + "': " + gai_strerror(error));
    const std::unique_ptr<addrinfo, void (*)(addrinfo *)> addresses(found, ::freeaddrinfo);
    std::string why = "no address";
    for (const addrinfo *address = found; address; address = address->ai_next) {
        const int fd =
            ::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                     address->ai_protocol);
        if (fd < 0) {
            why = std::strerror(errno);
            continue;
        }
        Socket socket(fd, where);
        if (const int error = connectWithin(fd, *address, timeoutSeconds)) {
            why = error == ETIMEDOUT ? "timed out" : std::strerror(error);
            continue;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
        socket.setTimeout(timeoutSeconds);
        if (url.tls)
            socket.m_tls = std::make_unique<TlsStream>(fd, url.host, url.tlsWith, where);
        return socket;
    }
    throw TransientError(where + "cannot connect: " + why);
}

void Socket::setTimeout(int seconds)
{
    const timeval timeout{seconds, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

void Socket::lost(const char *during, int error) const
{
    if (error == EAGAIN || error == EWOULDBLOCK)
        throw TransientError(m_where + "timed out during " + during);
    throw TransientError(m_where + "connection lost during " + during + ": " +
                         std::strerror(error));
}

void Socket::write(const char *data, std::size_t size)
{
    if (m_tls)
        return m_tls->write(data, size);
    while (size > 0) {
        const ssize_t sent = ::send(m_fd, data, size, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0)
            lost("a write", errno);
        data += sent;
        size -= std::size_t(sent);
    }
}

std::size_t Socket::read(char *buffer, std::size_t capacity)
{
    if (m_tls)
        return m_tls->read(buffer, capacity);
    for (;;) {
        const ssize_t received = ::recv(m_fd, buffer, capacity, 0);
        if (received >= 0)
            return std::size_t(received);
        if (errno != EINTR)
            lost("a read", errno);
    }
}

} // namespace syncline::redis
