#pragma once

#include "config/pipeline_config.h"

#include <memory>
#include <string>

struct ssl_st;
struct ssl_ctx_st;

namespace syncline::redis {

// A TLS client session (OpenSSL) over a connected socket. The constructor shakes hands,
// checking the server's certificate as `settings` say and showing the client's own. Wrong
// settings and certificates either side refuses throw PermanentError saying which setting to
// change; a lost connection throws TransientError. `where` starts every message.
class TlsStream
{
public:
    TlsStream(int fd, const std::string &host, const RedisSinkOptions::Tls &settings,
              std::string where);
    ~TlsStream();
    TlsStream(const TlsStream &) = delete;
    TlsStream &operator=(const TlsStream &) = delete;

    void write(const char *data, std::size_t size); // all of it
    // Some bytes; 0 when the server closed the connection.
    std::size_t read(char *buffer, std::size_t capacity);

    // The socket's I/O, as OpenSSL's BIO calls it: send() without SIGPIPE, and the errno of
    // the last failure, which OpenSSL does not keep.
    struct Io
    {
        int fd = -1;
        int lastErrno = 0;
    };

private:
    [[noreturn]] void fail(int result, const char *during);
    void readRefusal();

    struct ContextFree
    {
        void operator()(ssl_ctx_st *context) const;
    };
    struct SessionFree
    {
        void operator()(ssl_st *session) const;
    };

    Io m_io;
    std::string m_where;
    bool m_shookHands = false;
    std::unique_ptr<ssl_ctx_st, ContextFree> m_context;
    std::unique_ptr<ssl_st, SessionFree> m_session;
};

} // namespace syncline::redis
