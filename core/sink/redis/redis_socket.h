#pragma once

#include "sink/redis/redis_url.h"

#include <memory>
#include <string>

namespace syncline::redis {

class TlsStream;

// A connection's bytes: TCP to the url's host and port, with TLS for rediss://. Failures
// throw TransientError (unreachable, lost, timed out) or PermanentError (TLS settings or
// certificates), each message starting with `where`. Writes never raise SIGPIPE.
class Socket
{
public:
    static Socket connect(const RedisUrl &url, std::string where, int timeoutSeconds);
    Socket(Socket &&other) noexcept;
    Socket &operator=(Socket &&other) noexcept;
    ~Socket();

    // How long a read or a write may wait.
    void setTimeout(int seconds);
    void write(const char *data, std::size_t size); // all of it
    // Some bytes; 0 when the server closed the connection.
    std::size_t read(char *buffer, std::size_t capacity);

private:
    Socket(int fd, std::string where);
    [[noreturn]] void lost(const char *during, int error) const;

    int m_fd = -1;
    std::unique_ptr<TlsStream> m_tls;
    std::string m_where;
};

} // namespace syncline::redis
