// The http sink's request body and signature: the exact JSON of each kind of change in both
// formats, the position that names each change (its idempotency key), and the
// Syncline-Signature header against a value computed independently (Python's hmac module).

#include <QTest>

#ifndef Q_MOC_RUN
#include "codec/webhook_event.h"
#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "model/table_schema.h"
#include "pipeline/connector_factory.h"
#include "sink/http/webhook_signature.h"
#include "util/errors.h"
#include "util/json_value.h"

using namespace syncline;

namespace {

std::shared_ptr<const TableSchema> usersTable()
{
    auto table = std::make_shared<TableSchema>();
    table->schema = "public";
    table->name = "users";
    table->columns = {{"id", 20, -1, true}, {"email", 25, -1, false}};
    return table;
}

Row row(const char *id, const char *email)
{
    return {Value::fromText(id), email ? Value::fromText(email) : Value::null()};
}

// A transaction committed at 0/16B3748 whose events start at index 2 of it.
TransactionChunk chunkOf(std::vector<ChangeEvent> events)
{
    TransactionChunk chunk;
    chunk.commitLsn = Lsn(0x16B3748);
    chunk.endLsn = Lsn(0x16B3780);
    chunk.xid = 740;
    chunk.commitTimeMicros = 1700000000123456;
    chunk.firstEventIndex = 2;
    chunk.events = std::move(events);
    return chunk;
}

std::string compact(const TransactionChunk &chunk, int index)
{
    return encodeWebhookEvent(WebhookFormat::Compact, chunk, index, "shop", "shopdb",
                              1700000000999);
}

} // namespace
#endif

class TestWebhookEvent : public QObject
{
    Q_OBJECT

private slots:
    void compactInsertUpdateDelete()
    {
        const auto users = usersTable();
        ChangeEvent insert{.op = Operation::Insert, .table = users, .after = row("1", "a@x")};
        ChangeEvent update{.op = Operation::Update,
                           .table = users,
                           .before = row("1", nullptr),
                           .after = row("1", "b\"@x")};
        ChangeEvent erase{.op = Operation::Delete, .table = users, .before = row("1", nullptr)};
        const auto chunk = chunkOf({insert, update, erase});
        QCOMPARE(compact(chunk, 0),
                 std::string("{\"op\":\"c\",\"table\":\"public.users\",\"key\":{\"id\":1},"
                             "\"before\":null,\"after\":{\"id\":1,\"email\":\"a@x\"},"
                             "\"position\":\"0/16B3748/2\"}"));
        QCOMPARE(compact(chunk, 1),
                 std::string("{\"op\":\"u\",\"table\":\"public.users\",\"key\":{\"id\":1},"
                             "\"before\":{\"id\":1,\"email\":null},"
                             "\"after\":{\"id\":1,\"email\":\"b\\\"@x\"},"
                             "\"position\":\"0/16B3748/3\"}"));
        QCOMPARE(compact(chunk, 2),
                 std::string("{\"op\":\"d\",\"table\":\"public.users\",\"key\":{\"id\":1},"
                             "\"before\":{\"id\":1,\"email\":null},\"after\":null,"
                             "\"position\":\"0/16B3748/4\"}"));
    }

    void compactTruncateHasNoRows()
    {
        ChangeEvent truncate{.op = Operation::Truncate, .table = usersTable()};
        QCOMPARE(compact(chunkOf({truncate}), 0),
                 std::string("{\"op\":\"t\",\"table\":\"public.users\",\"key\":null,"
                             "\"before\":null,\"after\":null,\"position\":\"0/16B3748/2\"}"));
    }

    // A message without syncline.position (another producer's) is named by where it was read.
    void kafkaChunksAreNamedByOffset()
    {
        auto chunk =
            chunkOf({{.op = Operation::Insert, .table = usersTable(), .after = row("7", "c@x")}});
        chunk.origin = "shop.public.users/0";
        chunk.offsets = {41};
        chunk.positions = {MessagePosition{0x16B3748, 41}};
        chunk.sourcePositions = {false};
        const auto json = JsonValue::parse(compact(chunk, 0));
        QCOMPARE(json.find("position")->text(), std::string("shop.public.users/0@41"));
    }

    // Syncline's messages by their source position: the same at another offset, in another
    // partition, in a new embedded cluster.
    void kafkaChunksAreNamedBySourcePosition()
    {
        const ChangeEvent insert{
            .op = Operation::Insert, .table = usersTable(), .after = row("7", "c@x")};
        auto chunk = chunkOf({insert, insert});
        chunk.origin = "shop.public.users/1";
        chunk.offsets = {41, 42};
        chunk.positions = {MessagePosition{0x16B3748, 6}, MessagePosition{0x16B3748, 9}};
        chunk.sourcePositions = {true, true};
        auto again = chunk;
        again.origin = "shop.public.users/0";
        again.offsets = {3, 4};
        for (int i = 0; i < 2; ++i) {
            const auto first = JsonValue::parse(compact(chunk, i));
            QCOMPARE(first.find("position")->text(),
                     "shop.public.users@0/16B3748#" + std::string(i ? "9" : "6"));
            QCOMPARE(JsonValue::parse(compact(again, i)).find("position")->text(),
                     first.find("position")->text());
        }
    }

    void debeziumCarriesTheEnvelope()
    {
        const auto chunk =
            chunkOf({{.op = Operation::Insert, .table = usersTable(), .after = row("1", "a@x")}});
        const auto json = JsonValue::parse(
            encodeWebhookEvent(WebhookFormat::Debezium, chunk, 0, "shop", "shopdb", 1700000000999));
        QCOMPARE(json.find("position")->text(), std::string("0/16B3748/2"));
        QCOMPARE(json.find("key")->find("id")->text(), std::string("1"));
        const JsonValue &value = *json.find("value");
        QCOMPARE(value.find("op")->text(), std::string("c"));
        QCOMPARE(value.find("after")->find("email")->text(), std::string("a@x"));
        QCOMPARE(value.find("source")->find("lsn")->text(), std::to_string(0x16B3748));
        QCOMPARE(value.find("source")->find("name")->text(), std::string("shop"));
        // The source database, as Debezium's envelope names it (B9: it was "").
        QCOMPARE(value.find("source")->find("db")->text(), std::string("shopdb"));

        // A replayed dead letter says the same.
        const auto replay = JsonValue::parse(encodeWebhookReplay(
            WebhookFormat::Debezium, chunk.events[0], "p", "shop", "shopdb", 1700000000999));
        QCOMPARE(replay.find("value")->find("source")->find("db")->text(), std::string("shopdb"));
    }

    // What the pipeline gives the http sink as source.db: a postgres source's dbname.
    void sourceDatabaseIsTheSourceDsnsDbname()
    {
        PipelineConfig config;
        config.hasSource = true;
        config.source.type = "postgres";
        config.source.dsn = "host=127.0.0.1 port=5432 dbname=shop user=postgres";
        QCOMPARE(sourceDatabase(config), std::string("shop"));
        config.source.dsn = "postgresql://postgres@127.0.0.1:5432/inventory";
        QCOMPARE(sourceDatabase(config), std::string("inventory"));
        config.source.type = "mysql"; // each change names its table's database
        QCOMPARE(sourceDatabase(config), std::string());
        config.hasSource = false;
        QCOMPARE(sourceDatabase(config), std::string());
    }

    void signatureMatchesAnIndependentHmac()
    {
        // python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test',
        //   b'1700000000.[{\"a\":1}]', hashlib.sha256).hexdigest())"
        QCOMPARE(http::webhookSignature("whsec_test", 1700000000, "[{\"a\":1}]"),
                 std::string("t=1700000000,v1=2857462d29c04ed0799b9523fece763578a8694f48b10f6"
                             "19b3068970ccf0588"));
        // Another body, time or secret gives another signature.
        const auto base = http::webhookSignature("whsec_test", 1700000000, "[{\"a\":1}]");
        QVERIFY(http::webhookSignature("whsec_test", 1700000000, "[{\"a\":2}]") != base);
        QVERIFY(http::webhookSignature("whsec_test", 1700000001, "[{\"a\":1}]").substr(25) !=
                base.substr(25));
        QVERIFY(http::webhookSignature("whsec_other", 1700000000, "[{\"a\":1}]") != base);
    }

    // Settings made in code, past the pipeline file's checks: a header that could break the
    // request is refused before anything is sent, and the request carries only valid lines,
    // each of the sink's own headers once.
    void headersNeverCarryABadHeader_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addRow("CRLF in a value") << QByteArray("X-A") << QByteArray("a\r\nX-Injected: 1");
        QTest::addRow("LF in a value") << QByteArray("X-A") << QByteArray("a\nb");
        QTest::addRow("NUL in a value") << QByteArray("X-A") << QByteArray("a\0b", 3);
        QTest::addRow("space in a name") << QByteArray("Bad Header") << QByteArray("v");
        QTest::addRow("CRLF in a name") << QByteArray("X\r\nY") << QByteArray("v");
        QTest::addRow("Content-Length") << QByteArray("Content-Length") << QByteArray("5");
        QTest::addRow("content-type") << QByteArray("content-type") << QByteArray("text/plain");
        QTest::addRow("Host") << QByteArray("Host") << QByteArray("example.com");
        QTest::addRow("Transfer-Encoding")
            << QByteArray("Transfer-Encoding") << QByteArray("chunked");
        QTest::addRow("Idempotency-Key") << QByteArray("IDEMPOTENCY-KEY") << QByteArray("k");
        QTest::addRow("Syncline-Signature") << QByteArray("Syncline-Signature") << QByteArray("x");
    }

    void headersNeverCarryABadHeader()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        HttpSinkSettings settings;
        settings.secret = "whsec_test";
        settings.headers = {{"Authorization", "Bearer hunter2"},
                            {name.toStdString(), value.toStdString()}};
        QVERIFY_THROWS_EXCEPTION(PermanentError,
                                 http::webhookHeaders(settings, "shop@0/1#0", "[]"));
        try {
            http::webhookHeaders(settings, "shop@0/1#0", "[]");
        } catch (const PermanentError &error) {
            QVERIFY2(std::string(error.what()).find("hunter2") == std::string::npos, error.what());
        }

        settings.headers.pop_back();
        const auto lines = http::webhookHeaders(settings, "shop@0/1#0", "[]");
        QCOMPARE(lines.size(), size_t(4));
        std::vector<std::string> names;
        for (const auto &line : lines) {
            const auto colon = line.find(": ");
            QVERIFY2(colon != std::string::npos && colon > 0, line.c_str());
            QVERIFY2(line.find_first_of(std::string("\r\n\0", 3)) == std::string::npos,
                     line.c_str());
            names.push_back(QString::fromStdString(line.substr(0, colon)).toLower().toStdString());
        }
        QCOMPARE(names, std::vector<std::string>({"content-type", "idempotency-key",
                                                  "syncline-signature", "authorization"}));
    }
};

QTEST_GUILESS_MAIN(TestWebhookEvent)
#include "tst_webhook_event.moc"
