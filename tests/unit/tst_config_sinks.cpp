// The pipeline-file loader on the sinks: the http sink's properties and defaults, and each mistake
// in the sinks list, at its line and column (a Redis key template's too).

#include "config_loader_test.h"

#include "config/config_loader.h"

#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::test;

class TestConfigSinks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void loadsHttpSink();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void acceptsRedisKeyTemplates();
    void acceptsValidHeaders();

private:
    QTemporaryDir m_dir;
};

void TestConfigSinks::initTestCase()
{
    setConfigTestEnvironment();
    // A header value with a line break inside, as an ${ENV} and as a file: secret (a token file
    // written with CRLF line endings; only the last line break is trimmed).
    qputenv("SYNCLINE_TEST_CRLF_TOKEN", "Bearer hunter2\r\nX-Injected: yes");
    QVERIFY(m_dir.isValid());
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("token")),
                      "Bearer hunter2\r\nX-Injected: yes\r\n"));
}

void TestConfigSinks::loadsHttpSink()
{
    qputenv("SYNCLINE_TEST_WEBHOOK_SECRET", "s3cret");
    const auto result = parse(httpBase({"    format: debezium", "    batch_size: 50",
                                        "    secret: "
                                        "${SYNCLINE_TEST_WEBHOOK_SECRET}",
                                        "    headers:", "      Authorization: Bearer t0ken",
                                        "    timeout_s: 5", "    max_in_flight: 8"}));
    REQUIRE_CONFIG(result);
    const auto &sink = std::get<PipelineConfig>(result).sinks.front();
    QCOMPARE(sink.type, "http");
    QCOMPARE(sink.http.url, "http://127.0.0.1:9/hook");
    QCOMPARE(sink.http.format, "debezium");
    QCOMPARE(sink.batchMaxChanges, 50);
    QCOMPARE(sink.http.secret, "s3cret");
    QCOMPARE(sink.http.timeoutSeconds, 5);
    QCOMPARE(sink.http.maxInFlight, 8);
    QCOMPARE(sink.http.connectTimeoutSeconds, 10);
    QCOMPARE(sink.http.headers.size(), size_t(1));
    QCOMPARE(sink.http.headers.front().second, "Bearer t0ken");

    const auto defaults = parse(httpBase());
    REQUIRE_CONFIG(defaults);
    const auto &plain = std::get<PipelineConfig>(defaults).sinks.front();
    QCOMPARE(plain.http.format, "compact");
    QCOMPARE(plain.batchMaxChanges, 500);
    QCOMPARE(plain.http.maxInFlight, 4);
    QVERIFY(plain.http.secret.empty());

    // Through Kafka too: the sink keeps the consumer group's offsets in its state directory.
    const auto kafka = parse(httpBase({"transport:", "  type: kafka", "  brokers: embedded"}));
    REQUIRE_CONFIG(kafka);
    QVERIFY(std::get<PipelineConfig>(kafka).transport.isKafka());
}

void TestConfigSinks::rejectsBadInput_data()
{
    addBadInputColumns();

    QTest::addRow("unknown key: sink")
        << base({"    create_table: false"}) << 10 << 5
        << QByteArray("unknown key 'create_table' in sinks[0] (did you mean 'create_tables'?)");
    QTest::addRow("missing: sink dsn") << base().replace("    dsn: \"host=b\"\n", "") << 7 << 5
                                       << QByteArray("missing required key 'dsn' in sinks[0]");
    QTest::addRow("missing: sinks") << base().left(base().indexOf("sinks:")) << 1 << 1
                                    << QByteArray("missing required key 'sinks'");
    QTest::addRow("wrong type: boolean")
        << base({"    create_tables: yes"}) << 10 << 20
        << QByteArray("invalid value 'yes' for 'create_tables' (expected true or false)");
    QTest::addRow("wrong type: sinks")
        << base().left(base().indexOf("sinks:")) + "sinks: replica\n"
        << 6 << 8 << QByteArray("'sinks' must be a list of mappings, not a single value");
    QTest::addRow("wrong type: sink entry")
        << base().left(base().indexOf("sinks:")) + "sinks:\n  - replica\n"
        << 7 << 5 << QByteArray("entries of 'sinks' must be mappings, not a single value");

    QTest::addRow("duplicate sink names")
        << base({"  - name: replica", "    type: postgres", "    dsn: x"}) << 10 << 11
        << QByteArray("duplicate sink name 'replica' (first at line 7)");
    QTest::addRow("empty sinks") << base().left(base().indexOf("sinks:")) + "sinks: []\n"
                                 << 6 << 8 << QByteArray("'sinks' must have at least 1 entry");
    QTest::addRow("http: secret written in the file")
        << httpBase({"    secret: hunter2"}) << 10 << 13
        << QByteArray("the secret is written in the file: give it as ${ENV_VARIABLE} or "
                      "file:/path/to/secret instead");
    QTest::addRow("http: url without a scheme")
        << httpBase().replace("http://127.0.0.1:9/hook", "127.0.0.1:9") << 9 << 10
        << QByteArray("invalid value '127.0.0.1:9' for 'url'");
    QTest::addRow("http: no request in flight")
        << httpBase({"    max_in_flight: 0"}) << 10 << 20
        << QByteArray("invalid value '0' for 'max_in_flight' (expected at least 1)");

    // Redis key templates: what the sink would refuse is refused at the key's value (10:10).
    QTest::addRow("redis: unclosed placeholder")
        << redisBase({"    key: \"{table}:{id\""}) << 10 << 10
        << QByteArray("key template '{table}:{id': '{' without '}'");
    QTest::addRow("redis: stream by row")
        << redisBase({"    mode: stream", "    key: \"{table}:{id}\""}) << 11 << 10
        << QByteArray("key template '{table}:{id}': a stream is named per table, so only "
                      "{schema} and {table} may be used, not {id}");
    QTest::addRow("redis: no row placeholder")
        << redisBase({"    key: const"}) << 10 << 10
        << QByteArray("key template 'const': no placeholder of the row");
    QTest::addRow("redis: invalidate by table")
        << redisBase({"    mode: invalidate", "    key: \"{schema}.{table}\""}) << 11 << 10
        << QByteArray("key template '{schema}.{table}': no placeholder of the row");
    QTest::addRow("redis: empty placeholder") << redisBase({"    key: \"{table}:{}\""}) << 10 << 10
                                              << QByteArray("key template '{table}:{}': '{}'");
    QTest::addRow("redis: values side by side")
        << redisBase({"    key: \"{table}:{a}{b}\""}) << 10 << 10
        << QByteArray("key template '{table}:{a}{b}': {a} and {b} need text between them");
    // One name in two schemas: the default template has no {schema} (reported at the sink), nor
    // has this one (at its value).
    QTest::addRow("redis: two schemas, default key")
        << redisBase().replace("[orders]", "[public.items, other.items]") << 7 << 5
        << QByteArray("sink replica: tables public.items and other.items have the same name, "
                      "and the key template '{table}:{key}' has no {schema}, so their rows would "
                      "share keys: add {schema} to key");
    QTest::addRow("redis: two schemas, key without schema")
        << redisBase({"    key: \"c:{table}:{key}\""}).replace("[orders]", "[items, other.items]")
        << 10 << 10 << QByteArray("sink replica: tables public.items and other.items");
    QTest::addRow("redis: two schemas, sink-only pipeline")
        << sinkOnly()
               .replace("[orders]", "[a.items, b.items]")
               .replace("    type: postgres\n    dsn: \"host=b\"\n",
                        "    type: redis\n    url: \"redis://127.0.0.1:9/0\"\n")
        << 7 << 5 << QByteArray("sink replica: tables a.items and b.items have the same name");
    // headers (B8): names are RFC 9110 tokens, the sink's own and framing headers are refused
    // whatever their case, values (as expanded) have no line breaks or control characters.
    QTest::addRow("http: header value with CRLF")
        << httpBase({"    headers:", "      X-A: \"a\\r\\nX-Injected: yes\""}) << 11 << 12
        << QByteArray("headers: the value of 'X-A' contains a line break (CR or LF)");
    QTest::addRow("http: header value with LF")
        << httpBase({"    headers:", "      X-A: \"a\\nb\""}) << 11 << 12
        << QByteArray("headers: the value of 'X-A' contains a line break (CR or LF)");
    QTest::addRow("http: header value with NUL")
        << httpBase({"    headers:", "      X-A: \"a\\0b\""}) << 11 << 12
        << QByteArray("headers: the value of 'X-A' contains a NUL character");
    QTest::addRow("http: header value with a control character")
        << httpBase({"    headers:", "      X-A: \"a\\x1bb\""}) << 11 << 12
        << QByteArray("headers: the value of 'X-A' contains a control character");
    QTest::addRow("http: header value with CRLF from ${ENV}")
        << httpBase({"    headers:", "      Authorization: ${SYNCLINE_TEST_CRLF_TOKEN}"}) << 11
        << 22 << QByteArray("headers: the value of 'Authorization' contains a line break");
    QTest::addRow("http: header value with CRLF from file:")
        << httpBase({"    headers:"}) +
               QByteArray("      Authorization: \"file:" +
                          m_dir.filePath(QStringLiteral("token")).toUtf8() + "\"\n")
        << 11 << 22 << QByteArray("headers: the value of 'Authorization' contains a line break");
    QTest::addRow("http: header name with a space")
        << httpBase({"    headers:", "      \"Bad Header\": v"}) << 11 << 7
        << QByteArray("headers: 'Bad Header' is not a valid header name");
    QTest::addRow("http: header name with a colon")
        << httpBase({"    headers:", "      \"X-A: b\": v"}) << 11 << 7
        << QByteArray("headers: 'X-A: b' is not a valid header name");
    QTest::addRow("http: header name with CRLF")
        << httpBase({"    headers:", "      \"X-A\\r\\nX-B\": v"}) << 11 << 7
        << QByteArray("headers: 'X-A\\x0d\\x0aX-B' is not a valid header name");
    QTest::addRow("http: header Content-Length")
        << httpBase({"    headers:", "      X-Fine: v", "      content-length: \"5\""}) << 12 << 7
        << QByteArray("headers: header 'content-length' cannot be set: it frames the request body");
    QTest::addRow("http: header Transfer-Encoding")
        << httpBase({"    headers:", "      Transfer-Encoding: chunked"}) << 11 << 7
        << QByteArray("headers: header 'Transfer-Encoding' cannot be set: it frames");
    QTest::addRow("http: header Host")
        << httpBase({"    headers:", "      HOST: example.com"}) << 11 << 7
        << QByteArray("headers: header 'HOST' cannot be set: the sink takes the host from 'url'");
    QTest::addRow("http: header Connection")
        << httpBase({"    headers:", "      Connection: close"}) << 11 << 7
        << QByteArray("headers: header 'Connection' cannot be set: it controls the connection");
    QTest::addRow("http: header Content-Type")
        << httpBase({"    headers:", "      Content-Type: text/plain"}) << 11 << 7
        << QByteArray("headers: header 'Content-Type' cannot be set: the sink sends its JSON as "
                      "application/json");
    QTest::addRow("http: header Idempotency-Key")
        << httpBase({"    headers:", "      idempotency-key: k"}) << 11 << 7
        << QByteArray("headers: header 'idempotency-key' cannot be set: the sink sets it");
    QTest::addRow("http: header Syncline-Signature")
        << httpBase({"    headers:", "      Syncline-Signature: t=1,v1=00"}) << 11 << 7
        << QByteArray("headers: header 'Syncline-Signature' cannot be set: the sink signs");
}

void TestConfigSinks::acceptsRedisKeyTemplates()
{
    // {schema} tells the tables apart; a pattern's tables are only known to the server (the sink
    // checks them when it starts); a stream entry names its table.
    for (const auto &yaml :
         {redisBase({"    key: \"{schema}:{table}:{key}\""})
              .replace("[orders]", "[public.items, other.items]"),
          redisBase().replace("[orders]", "[public.items, \"other.*\"]"),
          redisBase({"    mode: stream"}).replace("[orders]", "[public.items, other.items]"),
          redisBase({"    key: \"{table}:{a}/{b}\""}), redisBase({"    key: \"{key}\""})}) {
        const auto result = parse(yaml);
        REQUIRE_CONFIG(result);
    }
    const auto keyed = parse(redisBase({"    key: \"{table}:{id}\""}));
    REQUIRE_CONFIG(keyed);
    const auto &redis = std::get<PipelineConfig>(keyed).sinks.front().redis;
    QCOMPARE(redis.keyTemplate, "{table}:{id}");
    QCOMPARE(redis.keyMark.line, 10);
    QCOMPARE(redis.keyMark.column, 10);
}

void TestConfigSinks::rejectsBadInput()
{
    checkBadInputRow();
}

// Token names with punctuation, and values with tabs, spaces and UTF-8, are sent as they are.
void TestConfigSinks::acceptsValidHeaders()
{
    const auto result = parse(httpBase({"    headers:", "      X-Team_Id.v2~: \"a\\tb c\"",
                                        "      X-Name: \"Zoë\"", "      Authorization: Bearer t"}));
    REQUIRE_CONFIG(result);
    const auto &headers = std::get<PipelineConfig>(result).sinks.front().http.headers;
    QCOMPARE(headers.size(), size_t(3));
    QCOMPARE(headers[0].first, "X-Team_Id.v2~");
    QCOMPARE(headers[0].second, "a\tb c");
    QCOMPARE(headers[1].second, "Zoë");
}

QTEST_GUILESS_MAIN(TestConfigSinks)
#include "tst_config_sinks.moc"
