// The Redis sink's configuration: the example as written, refusals with file:line:col,
// its url (no password in messages) and its TLS settings (key templates: tst_redis_key_template).
#include "config/config_error.h"
#include "config/config_loader.h"
#include "sink/redis/apply_script.h"
#include "sink/redis/redis_url.h"
#include "util/errors.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;

namespace {

const char kExample[] = // the example, with a password
    "pipeline: shop\n"
    "source:\n"
    "  type: postgres\n"
    "  dsn: \"host=a\"\n"
    "  tables: [orders]\n"
    "sinks:\n"
    "  - name: cache\n"
    "    type: redis\n"
    "    url: \"redis://:${SYNCLINE_TEST_REDIS_PASSWORD}@127.0.0.1:6379/0\"     # rediss:// for "
    "TLS\n"
    "    mode: materialize                    # materialize | invalidate | stream\n"
    "    key: \"{table}:{id}\"\n";

PipelineConfigResult parse(const std::string &yaml)
{
    return parsePipelineConfig(yaml, "/pipelines/shop.yaml");
}

} // namespace

class TestRedisSinkConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qputenv("SYNCLINE_TEST_REDIS_PASSWORD", "hunter2"); }

    void loadsTheExample()
    {
        const auto result = parse(kExample);
        QVERIFY(std::holds_alternative<PipelineConfig>(result));
        const auto &sink = std::get<PipelineConfig>(result).sinks.front();
        QCOMPARE(sink.type, std::string("redis"));
        QCOMPARE(sink.redis.url, std::string("redis://:hunter2@127.0.0.1:6379/0"));
        QVERIFY(sink.redis.mode == RedisSinkOptions::Mode::Materialize);
        QCOMPARE(sink.redis.keyTemplate, std::string("{table}:{id}"));
        QVERIFY(!sink.redis.json);
        QCOMPARE(sink.redis.ttlSeconds, 0);
    }

    void readsEveryOption()
    {
        std::string yaml = kExample;
        yaml.replace(yaml.find("    mode: materialize"), 21, "    mode: stream");
        yaml.replace(yaml.find("    key: \"{table}:{id}\"\n"), 24,
                     "    encoding: json\n    ttl: 1h\n    stream_maxlen: 50\n");
        const auto result = parse(yaml);
        QVERIFY(std::holds_alternative<PipelineConfig>(result));
        const auto &redis = std::get<PipelineConfig>(result).sinks.front().redis;
        QVERIFY(redis.mode == RedisSinkOptions::Mode::Stream);
        QCOMPARE(redis.keyTemplate, std::string("{schema}.{table}")); // stream's default
        QVERIFY(redis.json);
        QCOMPARE(redis.ttlSeconds, 3600);
        QCOMPARE(redis.streamMaxLength, 50);
    }

    void readsTableTtls()
    {
        std::string yaml = kExample;
        yaml.replace(yaml.find("  tables: [orders]"), 18, "  tables: [orders, sales.*]");
        yaml += "    ttl: 1h\n"
                "    table_ttl:\n"
                "      orders: 10m\n"
                "      sales.carts: never\n";
        const auto result = parse(yaml);
        QVERIFY(std::holds_alternative<PipelineConfig>(result));
        const auto &redis = std::get<PipelineConfig>(result).sinks.front().redis;
        QCOMPARE(redis.ttlSeconds, 3600);
        QCOMPARE(redis.tableTtls.size(), std::size_t(2));
        QCOMPARE(redis.tableTtls[0].table, std::string("public.orders"));
        QCOMPARE(redis.tableTtls[0].seconds, 600);
        QCOMPARE(redis.tableTtls[1].table, std::string("sales.carts")); // one of sales.*
        QCOMPARE(redis.tableTtls[1].seconds, 0);
        QCOMPARE(redis.tableTtls[1].mark.line, 15);
    }

    // A route may name tables anything: names other than the source's are taken as its.
    void takesRoutedTableNames()
    {
        std::string yaml = kExample;
        yaml.replace(yaml.find("sinks:"), 6,
                     "transforms:\n  - type: route\n    tables: [orders]\n"
                     "    to: \"shop.{table}\"\nsinks:");
        yaml += "    table_ttl: {shop.orders: 1d}\n";
        const auto result = parse(yaml);
        QVERIFY(std::holds_alternative<PipelineConfig>(result));
        QCOMPARE(std::get<PipelineConfig>(result).sinks.front().redis.tableTtls.front().seconds,
                 86400);
    }

    void refusesBadValuesWithTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("mode") << QByteArray("mode: materialize") << QByteArray("mode: mirror") << 10
                              << 11 << QByteArray("invalid value 'mirror' for 'mode'");
        QTest::addRow("url scheme") << QByteArray("redis://:") << QByteArray("http://:") << 9 << 10
                                    << QByteArray("invalid value for 'url'");
        QTest::addRow("dsn is postgres's")
            << QByteArray("    mode:") << QByteArray("    dsn: x\n    mode:") << 10 << 5
            << QByteArray("unknown key 'dsn'");
        // table_ttl, after the last line (11)
        QTest::addRow("unknown table")
            << QByteArray("{id}\"\n")
            << QByteArray("{id}\"\n    table_ttl:\n      public.order: 1h\n") << 13 << 7
            << QByteArray("table_ttl names table 'public.order', which is not one of the "
                          "pipeline's tables (did you mean 'public.orders'?)");
        QTest::addRow("other schema")
            << QByteArray("{id}\"\n")
            << QByteArray("{id}\"\n    table_ttl:\n      orders: 1h\n      audit.orders: 1h\n")
            << 14 << 7 << QByteArray("table_ttl names table 'audit.orders'");
        QTest::addRow("twice")
            << QByteArray("{id}\"\n")
            << QByteArray("{id}\"\n    table_ttl:\n      orders: 1h\n      public.orders: 2h\n")
            << 14 << 7
            << QByteArray("duplicate table 'public.orders' in 'table_ttl' (first at line 13)");
        QTest::addRow("not a duration")
            << QByteArray("{id}\"\n") << QByteArray("{id}\"\n    table_ttl:\n      orders: soon\n")
            << 13 << 15 << QByteArray("table_ttl.orders: invalid value 'soon'");
        QTest::addRow("zero") << QByteArray("{id}\"\n")
                              << QByteArray("{id}\"\n    table_ttl:\n      orders: 0s\n") << 13
                              << 15 << QByteArray("or never)");
        QTest::addRow("a list") << QByteArray("{id}\"\n")
                                << QByteArray("{id}\"\n    table_ttl:\n      - orders\n") << 13 << 7
                                << QByteArray("'table_ttl' must be a mapping");
    }

    void refusesBadValuesWithTheirPlace()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QByteArray, message);
        std::string yaml = kExample;
        yaml.replace(yaml.find(from.toStdString()), std::size_t(from.size()), to.toStdString());
        const auto result = parse(yaml);
        const auto *errors = std::get_if<std::vector<ConfigError>>(&result);
        QVERIFY(errors && errors->size() == 1);
        const std::string text = errors->front().toString();
        QVERIFY2(QByteArray::fromStdString(text).contains(message), text.c_str());
        QCOMPARE(errors->front().line, line);
        QCOMPARE(errors->front().column, column);
        QVERIFY2(text.find("hunter2") == std::string::npos, text.c_str());
    }

    void readsUrls()
    {
        const auto url = redis::parseRedisUrl("redis://app:p%40ss@cache.example:6380/3");
        QCOMPARE(url.host, std::string("cache.example"));
        QCOMPARE(url.port, 6380);
        QCOMPARE(url.database, 3);
        QCOMPARE(url.user, std::string("app"));
        QCOMPARE(url.password, std::string("p@ss"));
        QCOMPARE(url.describe(), std::string("redis://app@cache.example:6380/3"));
        const auto plain = redis::parseRedisUrl("redis://127.0.0.1");
        QCOMPARE(plain.port, 6379);
        QCOMPARE(plain.database, 0);
        QVERIFY(!plain.tls);
        const auto tls = redis::parseRedisUrl("rediss://:p@[::1]:6380/2");
        QVERIFY(tls.tls);
        QCOMPARE(tls.host, std::string("::1"));
        QCOMPARE(tls.port, 6380);
        QCOMPARE(tls.describe(), std::string("rediss://[::1]:6380/2"));
        QCOMPARE(redis::parseRedisUrl("redis://[::1]").port, 6379);
    }

    // Relative files are the pipeline file's; the url's scheme turns TLS on.
    void readsTlsSettings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const char *name : {"ca.pem", "client.pem", "client.key"}) {
            QFile file(dir.filePath(QString::fromLatin1(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        std::string yaml = kExample;
        yaml.replace(yaml.find("redis://"), 8, "rediss://");
        yaml += "    tls_verify: chain\n"
                "    tls_ca_file: ca.pem\n"
                "    tls_cert_file: " +
                dir.filePath(QStringLiteral("client.pem")).toStdString() +
                "\n"
                "    tls_key_file: ./client.key\n";
        const auto result =
            parsePipelineConfig(yaml, dir.filePath(QStringLiteral("shop.yaml")).toStdString());
        QVERIFY(std::holds_alternative<PipelineConfig>(result));
        const auto &redis = std::get<PipelineConfig>(result).sinks.front().redis;
        QVERIFY(redis.tls.verify == RedisSinkOptions::Tls::Verify::Chain);
        QCOMPARE(redis.tls.caFile, dir.filePath(QStringLiteral("ca.pem")).toStdString());
        QCOMPARE(redis.tls.certFile, dir.filePath(QStringLiteral("client.pem")).toStdString());
        QCOMPARE(redis.tls.keyFile, dir.filePath(QStringLiteral("client.key")).toStdString());
        const auto server = redis::redisServerOf(redis);
        QVERIFY(server.tls);
        QCOMPARE(server.tlsWith.keyFile, redis.tls.keyFile);
        QCOMPARE(server.describe(), std::string("rediss://127.0.0.1:6379/0"));
        // Without tls_* settings: the whole chain and the host, against the system's store.
        std::string defaults = kExample;
        defaults.replace(defaults.find("redis://"), 8, "rediss://");
        const auto plain = parse(defaults);
        QVERIFY(std::holds_alternative<PipelineConfig>(plain));
        const auto &tls = std::get<PipelineConfig>(plain).sinks.front().redis.tls;
        QVERIFY(tls.verify == RedisSinkOptions::Tls::Verify::Full);
        QVERIFY(tls.caFile.empty() && tls.certFile.empty() && tls.keyFile.empty());
    }

    void refusesTlsSettings_data()
    {
        QTest::addColumn<QByteArray>("scheme");
        QTest::addColumn<QByteArray>("lines"); // after the example's 11
        QTest::addColumn<int>("column");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("verify on redis://")
            << QByteArray("redis://") << QByteArray("    tls_verify: chain\n") << 5
            << QByteArray("tls_verify applies to a rediss:// url only");
        QTest::addRow("ca on redis://")
            << QByteArray("redis://") << QByteArray("    tls_ca_file: /etc/hostname\n") << 5
            << QByteArray("tls_ca_file applies to a rediss:// url only");
        QTest::addRow("unreadable")
            << QByteArray("rediss://") << QByteArray("    tls_ca_file: certs/ca.pem\n") << 18
            << QByteArray("tls_ca_file: cannot read "
                          "'/pipelines/certs/ca.pem'");
        QTest::addRow("cert without key")
            << QByteArray("rediss://") << QByteArray("    tls_cert_file: /etc/hostname\n") << 5
            << QByteArray("tls_cert_file needs tls_key_file beside it");
        QTest::addRow("key without cert")
            << QByteArray("rediss://") << QByteArray("    tls_key_file: /etc/hostname\n") << 5
            << QByteArray("tls_key_file needs tls_cert_file beside it");
        QTest::addRow("verify value")
            << QByteArray("rediss://") << QByteArray("    tls_verify: off\n") << 17
            << QByteArray("invalid value 'off' for 'tls_verify'");
    }

    void refusesTlsSettings()
    {
        QFETCH(QByteArray, scheme);
        QFETCH(QByteArray, lines);
        QFETCH(int, column);
        QFETCH(QByteArray, message);
        std::string yaml = kExample;
        yaml.replace(yaml.find("redis://"), 8, scheme.toStdString());
        yaml += lines.toStdString();
        const auto result = parse(yaml);
        const auto *errors = std::get_if<std::vector<ConfigError>>(&result);
        QVERIFY(errors && errors->size() == 1);
        const std::string text = errors->front().toString();
        QVERIFY2(QByteArray::fromStdString(text).contains(message), text.c_str());
        QCOMPARE(errors->front().line, 12);
        QCOMPARE(errors->front().column, column);
    }

    void refusesUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("message");
        QTest::addRow("scheme") << "http://:hunter2@h:6379"
                                << "does not start with redis:// or rediss://";
        QTest::addRow("port") << "redis://:hunter2@h:sixty"
                              << "the port is not a number";
        QTest::addRow("database") << "redis://:hunter2@h/zero"
                                  << "the database is not a number";
        QTest::addRow("host") << "redis://:hunter2@:6379"
                              << "no host";
    }

    void refusesUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, message);
        try {
            redis::parseRedisUrl(url.toStdString());
            QFAIL("accepted");
        } catch (const PermanentError &error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(message), error.what());
            QVERIFY2(!QString::fromUtf8(error.what()).contains(QStringLiteral("hunter2")),
                     error.what());
        }
    }

    void refusesValuesRedisCannotHold()
    {
        redis::ScriptBatch batch(16);
        batch.writeHash("t:1", "public.t", "p", {{"v", std::string(16, 'x')}}, true);
        QCOMPARE(batch.changes(), std::size_t(1));
        try {
            batch.writeHash("t:2", "public.t", "p", {{"v", std::string(17, 'x')}}, true);
            QFAIL("accepted");
        } catch (const PermanentError &error) {
            QVERIFY2(
                QString::fromUtf8(error.what())
                    .startsWith(QStringLiteral("table public.t, key t:2: a value of 17 bytes")),
                error.what());
        }
        QVERIFY_THROWS_EXCEPTION(PermanentError,
                                 batch.remove(std::string(17, 'k'), "public.t", "p"));
        QCOMPARE(batch.changes(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestRedisSinkConfig)
#include "tst_redis_sink_config.moc"
