// The Redis sink over TLS (rediss://) against a real redis-server with a TLS port and
// certificates the test makes: each way a TLS connection can be wrong gets an error that names
// the setting to change (and never the password), the right settings carry replies larger than
// a read, and a pipeline keeps the cache equal to the source across a Redis restart.

#include "pipeline_fixture.h"
#include "redis_server.h"
#include "server_test.h"
#include "test_certificates.h"

#include "sink/redis/redis_connection.h"
#include "util/errors.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <hiredis/hiredis.h>

using namespace syncline;
using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kPassword = u"hunter2"_s;

enum class Outcome
{
    Connects,
    Permanent,
    Transient,
    NotTls, // either: the server's answer is refused, or the handshake times out
};

} // namespace

Q_DECLARE_METATYPE(Outcome)

class TestRedisTls : public ServerTest
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TestCertificates m_certificates;
    std::unique_ptr<RedisServer> m_redis;

    // The cache's n of items:<id>, as the sink writes it.
    QString cached(int id)
    {
        return m_redis->command({u"HGET"_s, u"items:%1"_s.arg(id), u"n"_s}).value(0);
    }

    // The certificates and a redis-server with a password and a TLS port, made once.
    void startRedis()
    {
        if (m_redis)
            return;
        QVERIFY(m_dir.isValid());
        m_certificates = TestCertificates::create(m_dir.path());
        m_redis = std::make_unique<RedisServer>(u"tls"_s, kPassword);
        m_redis->enableTls(m_certificates);
        m_redis->start();
    }

private slots:
    void init() { SYNCLINE_PG_CHECK(startRedis()); }
    void cleanupTestCase() { m_redis.reset(); }

    void connectionsSayWhatToChange_data()
    {
        QTest::addColumn<QString>("url"); // {tls} and {plain}: the ports
        QTest::addColumn<QString>("verify");
        QTest::addColumn<QString>("authority");
        QTest::addColumn<QString>("client"); // client, stranger, mismatched or none
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("message");
        const QString tls = u"rediss://:hunter2@127.0.0.1:{tls}/0"_s;
        QTest::addRow("trusted") << tls << u"full"_s << u"authority"_s << u"client"_s
                                 << Outcome::Connects << QString();
        QTest::addRow("the system's store")
            << tls << u"full"_s << QString() << u"client"_s << Outcome::Permanent
            << u"the server's certificate is not trusted (self-signed certificate in "
               "certificate chain): give tls_ca_file"_s;
        QTest::addRow("another authority") << tls << u"full"_s << u"stranger"_s << u"client"_s
                                           << Outcome::Permanent << u"is not trusted"_s;
        QTest::addRow("a name the certificate lacks")
            << u"rediss://:hunter2@localhost:{tls}/0"_s << u"full"_s << u"authority"_s
            << u"client"_s << Outcome::Permanent
            << u"the server's certificate is not for 'localhost': connect by a name it has, or "
               "set tls_verify: chain"_s;
        QTest::addRow("the chain only")
            << u"rediss://:hunter2@localhost:{tls}/0"_s << u"chain"_s << u"authority"_s
            << u"client"_s << Outcome::Connects << QString();
        QTest::addRow("no checks")
            << tls << u"none"_s << QString() << u"client"_s << Outcome::Connects << QString();
        QTest::addRow("no client certificate")
            << tls << u"full"_s << u"authority"_s << u"none"_s << Outcome::Permanent
            << u"the server wants a client certificate: give tls_cert_file and tls_key_file"_s;
        QTest::addRow("a stranger's client certificate")
            << tls << u"full"_s << u"authority"_s << u"stranger"_s << Outcome::Permanent
            << u"the server refused the client certificate"_s;
        QTest::addRow("a key of another certificate")
            << tls << u"full"_s << u"authority"_s << u"mismatched"_s << Outcome::Permanent
            << u"tls_key_file is not the key of tls_cert_file"_s;
        // Redis takes the ClientHello for an inline command: it answers an error when a byte of
        // it is a newline, else it waits for one until the handshake times out.
        QTest::addRow("the plain port")
            << u"rediss://:hunter2@127.0.0.1:{plain}/0"_s << u"full"_s << u"authority"_s
            << u"client"_s << Outcome::NotTls << u"a plain port takes redis://"_s;
        QTest::addRow("the TLS port in plain")
            << u"redis://:hunter2@127.0.0.1:{tls}/0"_s << u"full"_s << u"authority"_s << u"none"_s
            << Outcome::Transient << u"(before any reply: a TLS port takes rediss://)"_s;
        QTest::addRow("a wrong password")
            << u"rediss://:hunter3@127.0.0.1:{tls}/0"_s << u"full"_s << u"authority"_s
            << u"client"_s << Outcome::Permanent << u"Redis refused the password"_s;
    }

    void connectionsSayWhatToChange()
    {
        QFETCH(QString, url);
        QFETCH(QString, verify);
        QFETCH(QString, authority);
        QFETCH(QString, client);
        QFETCH(Outcome, outcome);
        QFETCH(QString, message);
        url.replace(u"{tls}"_s, QString::number(m_redis->tlsPort()))
            .replace(u"{plain}"_s, QString::number(m_redis->port()));
        redis::RedisUrl server = redis::parseRedisUrl(url.toStdString());
        using Verify = RedisSinkOptions::Tls::Verify;
        server.tlsWith.verify = verify == u"full"_s    ? Verify::Full
                                : verify == u"chain"_s ? Verify::Chain
                                                       : Verify::None;
        if (!authority.isEmpty())
            server.tlsWith.caFile = (authority == u"authority"_s ? m_certificates.authority
                                                                 : m_certificates.strangerAuthority)
                                        .toStdString();
        if (client == u"client"_s || client == u"mismatched"_s) {
            server.tlsWith.certFile = m_certificates.clientCertificate.toStdString();
            server.tlsWith.keyFile =
                (client == u"client"_s ? m_certificates.clientKey : m_certificates.strangerKey)
                    .toStdString();
        } else if (client == u"stranger"_s) {
            server.tlsWith.certFile = m_certificates.strangerCertificate.toStdString();
            server.tlsWith.keyFile = m_certificates.strangerKey.toStdString();
        }
        try {
            redis::Connection connection = redis::Connection::open(server, "sink cache");
            QVERIFY2(outcome == Outcome::Connects, "connected");
            // A value larger than a write or a read, and replies pipelined behind it.
            const std::string big(3 * 1024 * 1024 + 17, 'x');
            connection.append({"SET", "big", big});
            connection.append({"GET", "big"});
            connection.append({"DEL", "big"});
            QVERIFY(redis::errorOf(*connection.read()).empty());
            const redis::Reply got = connection.read();
            QCOMPARE(got->type, REDIS_REPLY_STRING);
            QVERIFY(std::string(got->str, got->len) == big);
            QCOMPARE(connection.read()->integer, 1LL);
        } catch (const std::runtime_error &error) {
            const QString text = QString::fromUtf8(error.what());
            QVERIFY2(outcome != Outcome::Connects, error.what());
            QVERIFY2(text.startsWith(u"sink cache: "_s), error.what());
            QVERIFY2(text.contains(message), error.what());
            QVERIFY2(!text.contains(kPassword) && !text.contains(u"hunter3"_s), error.what());
            const bool permanent = dynamic_cast<const PermanentError *>(&error) != nullptr;
            if (outcome != Outcome::NotTls)
                QVERIFY2(permanent == (outcome == Outcome::Permanent), error.what());
        }
    }

    // A write to a server that went away is a lost connection, to retry, and not SIGPIPE
    // (whose default action ends the process): the value is many sends long.
    void aServerGoneMidWriteIsALostConnection_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::addRow("plain") << false;
        QTest::addRow("tls") << true;
    }

    void aServerGoneMidWriteIsALostConnection()
    {
        QFETCH(bool, tls);
        redis::RedisUrl server =
            redis::parseRedisUrl((tls ? m_redis->tlsUrl() : m_redis->url()).toStdString());
        server.tlsWith.caFile = m_certificates.authority.toStdString();
        server.tlsWith.certFile = m_certificates.clientCertificate.toStdString();
        server.tlsWith.keyFile = m_certificates.clientKey.toStdString();
        redis::Connection connection = redis::Connection::open(server, "sink cache");
        SYNCLINE_PG_CHECK(m_redis->stop());
        const std::string big(64 * 1024 * 1024, 'x');
        connection.append({"SET", "big", big});
        try {
            connection.read();
            QFAIL("a reply from a stopped server");
        } catch (const TransientError &error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(u"connection lost during a write"_s),
                     error.what());
        }
        SYNCLINE_PG_CHECK(m_redis->start());
    }

    // Snapshot, streaming and a Redis restart mid-stream, all through rediss:// with a client
    // certificate and a password; the certificate files relative to the pipeline file.
    void aPipelineKeepsTheCacheOverTls()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"redis_tls"_s,
                              u"CREATE TABLE items (id int PRIMARY KEY, n int);"
                              "INSERT INTO items SELECT g, 0 FROM generate_series(1, 50) g;"_s,
                              {u"public.items"_s}));
        const QString here = QFileInfo(f->pipelineFile).absolutePath();
        for (const auto &[from, to] : {std::pair{m_certificates.authority, u"ca.pem"_s},
                                       std::pair{m_certificates.clientCertificate, u"client.pem"_s},
                                       std::pair{m_certificates.clientKey, u"client.key"_s}})
            QVERIFY(QFile::copy(from, here + u'/' + to));
        f->setSinks(
            u"  - name: cache\n    type: redis\n    url: \"%1\"\n    key: \"{table}:{id}\"\n"
            "    tls_ca_file: ca.pem\n    tls_cert_file: client.pem\n"
            "    tls_key_file: ./client.key\n"_s.arg(m_redis->tlsUrl()));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QTRY_COMPARE_WITH_TIMEOUT(cached(50), u"0"_s, 30000);
        for (int round = 1; round <= 6; ++round) {
            f->source().exec(
                f->db, u"UPDATE items SET n = %1 WHERE id % 3 = %2"_s.arg(round).arg(round % 3));
            if (round == 3) {
                SYNCLINE_PG_CHECK(m_redis->stop());
                QTest::qWait(500);
                f->source().exec(
                    f->db, u"DELETE FROM items WHERE id = 7; INSERT INTO items VALUES (51, 51)"_s);
                SYNCLINE_PG_CHECK(m_redis->start());
            }
        }
        f->source().exec(f->db, u"INSERT INTO items VALUES (99, 99)"_s);
        QTRY_COMPARE_WITH_TIMEOUT(cached(99), u"99"_s, 60000);
        const QList<QStringList> rows = f->source().query(f->db, u"SELECT id, n FROM items"_s);
        QCOMPARE(rows.size(), 51);
        for (const QStringList &row : rows)
            QCOMPARE(cached(row[0].toInt()), row[1]);
        QCOMPARE(m_redis->command({u"EXISTS"_s, u"items:7"_s}).value(0), u"0"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestRedisTls)
#include "tst_redis_tls.moc"
