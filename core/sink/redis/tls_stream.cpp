#include "sink/redis/tls_stream.h"

#include "util/errors.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace syncline::redis {

namespace {

using Verify = RedisSinkOptions::Tls::Verify;

// OpenSSL's queued errors, drained: their reasons joined, and the last one's code.
struct OpenSslError
{
    std::string text;
    unsigned long last = 0;
};

OpenSslError drainErrors()
{
    OpenSslError error;
    while (const unsigned long code = ERR_get_error()) {
        const char *reason = ERR_reason_error_string(code);
        error.text += (error.text.empty() ? "" : "; ") +
                      std::string(reason ? reason : "error " + std::to_string(code));
        error.last = code;
    }
    return error;
}

TlsStream::Io &ioOf(BIO *bio)
{
    return *static_cast<TlsStream::Io *>(BIO_get_data(bio));
}

int bioWrite(BIO *bio, const char *data, int size)
{
    TlsStream::Io &io = ioOf(bio);
    ssize_t sent = 0;
    do
        sent = ::send(io.fd, data, std::size_t(size), MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    io.lastErrno = sent < 0 ? errno : 0;
    return int(sent);
}

int bioRead(BIO *bio, char *buffer, int size)
{
    TlsStream::Io &io = ioOf(bio);
    ssize_t received = 0;
    do
        received = ::recv(io.fd, buffer, std::size_t(size), 0);
    while (received < 0 && errno == EINTR);
    io.lastErrno = received < 0 ? errno : 0;
    return int(received);
}

long bioControl(BIO *, int command, long, void *)
{
    return command == BIO_CTRL_FLUSH ? 1 : 0;
}

// OpenSSL's socket BIO writes with write(), which raises SIGPIPE when Redis has gone.
BIO_METHOD *socketMethod()
{
    static BIO_METHOD *const method = [] {
        BIO_METHOD *made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "syncline");
        BIO_meth_set_write(made, bioWrite);
        BIO_meth_set_read(made, bioRead);
        BIO_meth_set_ctrl(made, bioControl);
        return made;
    }();
    return method;
}

bool isIpAddress(const std::string &host)
{
    unsigned char address[16];
    return inet_pton(AF_INET, host.c_str(), address) == 1 ||
           inet_pton(AF_INET6, host.c_str(), address) == 1;
}

// Encrypted keys would make OpenSSL ask on the terminal.
int refusePassphrase(char *, int, int, void *)
{
    return 0;
}

} // namespace

void TlsStream::ContextFree::operator()(ssl_ctx_st *context) const
{
    SSL_CTX_free(context);
}

void TlsStream::SessionFree::operator()(ssl_st *session) const
{
    SSL_free(session);
}

TlsStream::TlsStream(int fd, const std::string &host, const RedisSinkOptions::Tls &settings,
                     std::string where)
    : m_io{fd, 0}, m_where(std::move(where))
{
    ERR_clear_error();
    m_context.reset(SSL_CTX_new(TLS_client_method()));
    if (!m_context)
        throw PermanentError(m_where + "cannot set up TLS: " + drainErrors().text);
    SSL_CTX *context = m_context.get();
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_default_passwd_cb(context, refusePassphrase);
    const auto refuse = [&](const std::string &what) {
        throw PermanentError(m_where + what + ": " + drainErrors().text);
    };
    if (settings.verify != Verify::None) {
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
        const bool loaded =
            settings.caFile.empty()
                ? SSL_CTX_set_default_verify_paths(context) == 1
                : SSL_CTX_load_verify_locations(context, settings.caFile.c_str(), nullptr) == 1;
        if (!loaded)
            refuse("cannot read tls_ca_file '" + settings.caFile + "'");
    }
    if (!settings.certFile.empty()) {
        if (SSL_CTX_use_certificate_chain_file(context, settings.certFile.c_str()) != 1)
            refuse("cannot read tls_cert_file '" + settings.certFile + "'");
        if (SSL_CTX_use_PrivateKey_file(context, settings.keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
            refuse(ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH
                       ? "tls_key_file is not the key of tls_cert_file"
                       : "cannot read tls_key_file '" + settings.keyFile +
                             "' (an unencrypted PEM key)");
    }

    m_session.reset(SSL_new(context));
    SSL *session = m_session.get();
    BIO *bio = BIO_new(socketMethod());
    BIO_set_data(bio, &m_io);
    BIO_set_init(bio, 1);
    SSL_set_bio(session, bio, bio);
    if (!isIpAddress(host))
        SSL_set_tlsext_host_name(session, host.c_str());
    if (settings.verify == Verify::Full) {
        const bool named =
            isIpAddress(host)
                ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(session), host.c_str()) == 1
                : SSL_set1_host(session, host.c_str()) == 1;
        if (!named)
            refuse("cannot check the certificate for host '" + host + "'");
    }
    if (const int result = SSL_connect(session); result != 1) {
        const long verified = SSL_get_verify_result(session);
        if (verified == X509_V_ERR_HOSTNAME_MISMATCH || verified == X509_V_ERR_IP_ADDRESS_MISMATCH)
            throw PermanentError(m_where + "the server's certificate is not for '" + host +
                                 "': connect by a name it has, or set tls_verify: chain");
        if (verified != X509_V_OK)
            throw PermanentError(
                m_where + "the server's certificate is not trusted (" +
                X509_verify_cert_error_string(verified) +
                "): give tls_ca_file the authority that signed it, or set tls_verify: none");
        fail(result, "the TLS handshake");
    }
    m_shookHands = true;
}

TlsStream::~TlsStream() = default;

void TlsStream::readRefusal()
{
    // With TLS 1.3 the server checks the client's certificate after the client's handshake
    // is over; its refusal is an alert in what is left to read when the write fails.
    if (m_io.lastErrno != ECONNRESET && m_io.lastErrno != EPIPE)
        return;
    ERR_clear_error();
    char byte = 0;
    std::size_t received = 0;
    const int result = SSL_read_ex(m_session.get(), &byte, 1, &received);
    if (result != 1 && SSL_get_error(m_session.get(), result) == SSL_ERROR_SSL)
        fail(result, "a write");
    ERR_clear_error();
}

void TlsStream::fail(int result, const char *during)
{
    const int kind = SSL_get_error(m_session.get(), result);
    const OpenSslError error = drainErrors();
    if (kind == SSL_ERROR_SSL) {
        switch (ERR_GET_REASON(error.last)) {
        case SSL_R_WRONG_VERSION_NUMBER:
        case SSL_R_PACKET_LENGTH_TOO_LONG:
            throw PermanentError(m_where + "the server does not speak TLS on this port (" +
                                 error.text + "): a plain port takes redis://");
        case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
            throw PermanentError(m_where + "the server wants a client certificate: give "
                                           "tls_cert_file and tls_key_file");
        case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
        case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
        case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
            throw PermanentError(m_where + "the server refused the client certificate (" +
                                 error.text +
                                 "): it must be signed by an authority the server trusts");
        default:
            throw TransientError(m_where + "TLS failed during " + during + ": " + error.text);
        }
    }
    const int lost = m_io.lastErrno;
    if ((lost == EAGAIN || lost == EWOULDBLOCK) && !m_shookHands)
        throw TransientError(m_where + "timed out during " + during +
                             " (a plain port takes redis://)");
    if (lost == EAGAIN || lost == EWOULDBLOCK)
        throw TransientError(m_where + "timed out during " + during);
    throw TransientError(m_where + "connection lost during " + during +
                         (lost ? std::string(": ") + std::strerror(lost) : std::string()));
}

void TlsStream::write(const char *data, std::size_t size)
{
    while (size > 0) {
        std::size_t written = 0;
        const int result = SSL_write_ex(m_session.get(), data, size, &written);
        if (result != 1) {
            readRefusal();
            fail(result, "a write");
        }
        data += written;
        size -= written;
    }
}

std::size_t TlsStream::read(char *buffer, std::size_t capacity)
{
    std::size_t received = 0;
    const int result = SSL_read_ex(m_session.get(), buffer, capacity, &received);
    if (result == 1)
        return received;
    if (SSL_get_error(m_session.get(), result) == SSL_ERROR_ZERO_RETURN)
        return 0;
    fail(result, "a read");
}

} // namespace syncline::redis
