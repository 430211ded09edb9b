#pragma once

#include <QString>

namespace syncline::test {

// Certificates for TLS tests, made by the openssl command in `dir` (which must exist): an
// authority, a server certificate it signed for IP 127.0.0.1 only (not "localhost"), a client
// certificate it signed, and a stranger: a second authority with a client certificate of its
// own. EC P-256 keys, unencrypted PEM. Throws PgError when openssl fails.
struct TestCertificates
{
    QString authority;
    QString serverCertificate, serverKey;
    QString clientCertificate, clientKey;
    QString strangerAuthority;
    QString strangerCertificate, strangerKey;

    static TestCertificates create(const QString &dir);
};

} // namespace syncline::test
