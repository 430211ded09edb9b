#include "test_certificates.h"

#include "pg_cluster.h" // PgError

#include <QProcess>
#include <QStringList>

namespace syncline::test {

using namespace Qt::StringLiterals;

namespace {

// A certificate and its key, `name`.pem and `name`.key in `dir`: self-signed (an authority)
// without `signer`, else signed by `signer`.pem with `signer`.key.
void makeCertificate(const QString &dir, const QString &name, const QString &signer = {},
                     const QString &subjectAltName = {})
{
    QStringList arguments{u"req"_s,
                          u"-x509"_s,
                          u"-newkey"_s,
                          u"ec"_s,
                          u"-pkeyopt"_s,
                          u"ec_paramgen_curve:prime256v1"_s,
                          u"-nodes"_s,
                          u"-days"_s,
                          u"2"_s,
                          u"-subj"_s,
                          u"/CN=syncline-test-"_s + name,
                          u"-keyout"_s,
                          name + u".key"_s,
                          u"-out"_s,
                          name + u".pem"_s};
    if (!signer.isEmpty())
        arguments << u"-CA"_s << signer + u".pem"_s << u"-CAkey"_s << signer + u".key"_s
                  << u"-addext"_s << u"basicConstraints=critical,CA:FALSE"_s;
    if (!subjectAltName.isEmpty())
        arguments << u"-addext"_s << u"subjectAltName="_s + subjectAltName;
    QProcess openssl;
    openssl.setWorkingDirectory(dir);
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s, arguments);
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0)
        throw PgError(u"openssl could not make the test certificate %1 (install openssl: "
                      "packaging/setup-debian.sh): %2 %3"_s
                          .arg(name, openssl.errorString(), QString::fromUtf8(openssl.readAll()))
                          .toStdString());
}

} // namespace

TestCertificates TestCertificates::create(const QString &dir)
{
    makeCertificate(dir, u"authority"_s);
    makeCertificate(dir, u"server"_s, u"authority"_s, u"IP:127.0.0.1"_s);
    makeCertificate(dir, u"client"_s, u"authority"_s);
    makeCertificate(dir, u"stranger-authority"_s);
    makeCertificate(dir, u"stranger"_s, u"stranger-authority"_s);
    const auto path = [&](const QString &file) -> QString { return dir + u'/' + file; };
    return {path(u"authority.pem"_s), path(u"server.pem"_s),  path(u"server.key"_s),
            path(u"client.pem"_s),    path(u"client.key"_s),  path(u"stranger-authority.pem"_s),
            path(u"stranger.pem"_s),  path(u"stranger.key"_s)};
}

} // namespace syncline::test
