// The Debezium envelope codec: the exact text Syncline writes for each kind of change, value
// conversion by column type, decoding messages as Debezium's PostgreSQL connector writes them
// (with and without the schema wrapper), and rejection of anything that is not a change event.

#include <QTest>

// moc of Qt 6.4 cannot parse the C++20 standard headers these pull in. Its lexer also reads a raw
// string literal as an ordinary one, so JSON holding \" is written as ordinary literals here: a
// raw one derails moc even inside #ifndef Q_MOC_RUN.
#ifndef Q_MOC_RUN
#include "codec/debezium_envelope.h"
#include "model/change_event.h"
#include "model/table_schema.h"
#include "util/json_value.h"

using namespace syncline;

namespace {

QByteArray bytes(const std::string &text)
{
    return QByteArray::fromStdString(text);
}

Value text(const char *t)
{
    return Value::fromText(t);
}

// public.orders: one column of each kind the envelope treats differently.
std::shared_ptr<const TableSchema> ordersTable(char replicaIdentity = 'd')
{
    auto table = std::make_shared<TableSchema>();
    table->relationId = 16384;
    table->schema = "public";
    table->name = "orders";
    table->replicaIdentity = replicaIdentity;
    table->columns = {
        {"id", 20, -1, true},       // int8
        {"active", 16, -1, false},  // bool
        {"price", 1700, -1, false}, // numeric
        {"score", 701, -1, false},  // float8
        {"note", 25, -1, false},    // text
        {"doc", 3802, -1, false},   // jsonb
        {"missing", 25, -1, false}, // text, NULL below
        {"blob", 25, -1, false},    // text, TOASTed below
    };
    return table;
}

Row insertedRow()
{
    return {text("42"),
            text("t"),
            text("12345678901234567890.000001"),
            text("NaN"),
            text("say \"hi\"\nline 2\t\xe2\x80\x94 gr\xc3\xbc\xc3\x9f"
                 "e \xf0\x9f\x91\x8b \\ end"),
            text("{\"k\": [1, 2], \"s\": \"x\\\"y\"}"),
            Value::null(),
            text("big")};
}

Row keyOnly(const char *id)
{
    Row row(8, Value::null());
    row[0] = text(id);
    return row;
}

EnvelopeSource shopSource()
{
    EnvelopeSource source;
    source.name = "shop";
    source.db = "shopdb";
    source.lsn = Lsn(0x16B374D848);
    source.txId = 777;
    source.commitTimeMicros = 1700000000123456;
    return source;
}

constexpr std::int64_t Now = 1700000001000;

const std::string ShopSourceJson =
    R"("source":{"version":"syncline-0.1","connector":"postgresql","name":"shop",)"
    R"("ts_ms":1700000000123,"snapshot":"false","db":"shopdb","sequence":null,"schema":"public",)"
    R"("table":"orders","txId":777,"lsn":97500059720,"xmin":null})";

std::string envelope(const std::string &before, const std::string &after, char op)
{
    return R"({"before":)" + before + R"(,"after":)" + after + ',' + ShopSourceJson + R"(,"op":")" +
           op + R"(","ts_ms":1700000001000,"transaction":null})";
}

const std::string KeyOnlyBefore42 =
    R"({"id":42,"active":null,"price":null,"score":null,"note":null,"doc":null,"missing":null,)"
    R"("blob":null})";

ChangeEvent insertEvent()
{
    ChangeEvent event;
    event.op = Operation::Insert;
    event.table = ordersTable();
    event.after = insertedRow();
    return event;
}

ChangeEvent updateEvent()
{
    ChangeEvent event;
    event.op = Operation::Update;
    event.table = ordersTable();
    event.after = Row{text("42"),       text("f"),
                      text("0.10"),     text("-1.5e+20"),
                      text("new note"), Value::unchangedToast(),
                      Value::null(),    Value::unchangedToast()};
    return event;
}

ChangeEvent deleteEvent()
{
    ChangeEvent event;
    event.op = Operation::Delete;
    event.table = ordersTable();
    event.before = keyOnly("42");
    event.beforeIsKeyOnly = true;
    return event;
}

ChangeEvent truncateEvent()
{
    ChangeEvent event;
    event.op = Operation::Truncate;
    event.table = ordersTable();
    event.truncatedTables = {event.table};
    return event;
}

void compareRows(const std::optional<Row> &actual, const std::optional<Row> &expected)
{
    QCOMPARE(actual.has_value(), expected.has_value());
    if (!expected)
        return;
    QCOMPARE(actual->size(), expected->size());
    for (std::size_t i = 0; i < expected->size(); ++i) {
        QCOMPARE(char((*actual)[i].kind), char((*expected)[i].kind));
        QCOMPARE(bytes((*actual)[i].text), bytes((*expected)[i].text));
    }
}

// {"a":...} pieces joined into one object.
QByteArray object(std::initializer_list<std::string> members)
{
    std::string out = "{";
    for (const auto &member : members)
        out += (out.size() > 1 ? "," : "") + member;
    return bytes(out + '}');
}

std::string source(const std::string &fields)
{
    return R"("source":{)" + fields + '}';
}

const std::string GoodSource =
    source(R"("schema":"public","table":"t","ts_ms":1,"lsn":10,"txId":5,"snapshot":"false")");

// Debezium 2.5's PostgreSQL connector, JsonConverter with schemas.enable=true, an insert into
// inventory.customers (the Debezium tutorial's table), written out as the connector emits it.
const char *DebeziumInsertWithSchema =
    R"json({
  "schema": {
    "type": "struct",
    "fields": [
      {"type": "struct", "fields": [
        {"type": "int32", "optional": false, "default": 0, "field": "id"},
        {"type": "string", "optional": false, "field": "first_name"},
        {"type": "string", "optional": false, "field": "last_name"},
        {"type": "string", "optional": false, "field": "email"}],
       "optional": true, "name": "dbserver1.inventory.customers.Value", "field": "before"},
      {"type": "struct", "fields": [
        {"type": "int32", "optional": false, "default": 0, "field": "id"},
        {"type": "string", "optional": false, "field": "first_name"},
        {"type": "string", "optional": false, "field": "last_name"},
        {"type": "string", "optional": false, "field": "email"}],
       "optional": true, "name": "dbserver1.inventory.customers.Value", "field": "after"},
      {"type": "struct", "fields": [
        {"type": "string", "optional": false, "field": "version"},
        {"type": "string", "optional": false, "field": "connector"},
        {"type": "string", "optional": false, "field": "name"},
        {"type": "int64", "optional": false, "field": "ts_ms"},
        {"type": "string", "optional": true, "name": "io.debezium.data.Enum", "version": 1,
         "parameters": {"allowed": "true,last,false,incremental"}, "default": "false",
         "field": "snapshot"},
        {"type": "string", "optional": false, "field": "db"},
        {"type": "string", "optional": true, "field": "sequence"},
        {"type": "string", "optional": false, "field": "schema"},
        {"type": "string", "optional": false, "field": "table"},
        {"type": "int64", "optional": true, "field": "txId"},
        {"type": "int64", "optional": true, "field": "lsn"},
        {"type": "int64", "optional": true, "field": "xmin"}],
       "optional": false, "name": "io.debezium.connector.postgresql.Source", "field": "source"},
      {"type": "string", "optional": false, "field": "op"},
      {"type": "int64", "optional": true, "field": "ts_ms"},
      {"type": "struct", "fields": [
        {"type": "string", "optional": false, "field": "id"},
        {"type": "int64", "optional": false, "field": "total_order"},
        {"type": "int64", "optional": false, "field": "data_collection_order"}],
       "optional": true, "name": "event.block", "version": 1, "field": "transaction"}
    ],
    "optional": false,
    "name": "dbserver1.inventory.customers.Envelope",
    "version": 1
  },
  "payload": {
    "before": null,
    "after": {"id": 1005, "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com"},
    "source": {
      "version": "2.5.0.Final", "connector": "postgresql", "name": "dbserver1",
      "ts_ms": 1706789012345, "snapshot": "false", "db": "inventory",
)json"
    "      \"sequence\": \"[\\\"37092016\\\",\\\"37092456\\\"]\", \"schema\": \"inventory\", "
    "\"table\": \"customers\",\n"
    R"json(      "txId": 770, "lsn": 37092456, "xmin": null
    },
    "op": "c",
    "ts_ms": 1706789012789,
    "transaction": null
  }
})json";

// The same connector, schemas.enable=false: an update of a REPLICA IDENTITY FULL table with
// Debezium's own encodings (io.debezium.time.Date days, ZonedTimestamp, arrays, the TOAST
// placeholder, decimal.handling.mode=string).
const char *DebeziumUpdateBare =
    R"json({"before":{"id":10001,"order_date":19000,"quantity":1,"weight":2.5,"paid":false,)json"
    "\"tags\":[\"a\",\"b\"],\"meta\":\"{\\\"a\\\": 1}\",\"price\":\"19.99\","
    R"json("created_at":"2024-02-01T12:34:56.789Z","notes":"long text"},)json"
    R"json("after":{"id":10001,"order_date":19000,"quantity":2,"weight":2.5,"paid":true,)json"
    "\"tags\":[\"a\",\"b\",\"c\"],\"meta\":\"{\\\"a\\\": 2}\",\"price\":\"39.98\","
    R"json("created_at":"2024-02-01T12:34:56.789Z","notes":"__debezium_unavailable_value"},)json"
    R"json("source":{"version":"2.5.0.Final","connector":"postgresql","name":"dbserver1",)json"
    R"json("ts_ms":1706789100000,"snapshot":"false","db":"inventory",)json"
    "\"sequence\":\"[\\\"37093000\\\",\\\"37093512\\\"]\",\"schema\":\"inventory\",\"table\":"
    "\"orders\","
    R"json("txId":4294967297,"lsn":37093512,"xmin":null},"op":"u","ts_ms":1706789100456,)json"
    R"json("transaction":null})json";

} // namespace
#endif // Q_MOC_RUN

class TestDebeziumEnvelope : public QObject
{
    Q_OBJECT

private slots:
    void insertEnvelopeText();
    void updateEnvelopeText();
    void deleteEnvelopeText();
    void truncateEnvelopeText();
    void snapshotFlags();
    void sourceFields();
    void mysqlSourceFields();
    void valueConversion_data();
    void valueConversion();
    void keys();
    void encodeErrors();
    void roundTrip_data();
    void roundTrip();
    void decodesDebeziumWithSchema();
    void decodesDebeziumBarePayload();
    void decodesSnapshotFlags_data();
    void decodesSnapshotFlags();
    void decodeErrors_data();
    void decodeErrors();
    void decodesKeys();
    void mapsOntoTableColumns();
    void unknownColumnsAreRejected();
    void truncateMapsToTable();
};

#ifndef Q_MOC_RUN

void TestDebeziumEnvelope::insertEnvelopeText()
{
    const std::string expected =
        R"json({"before":null,"after":{"id":42,"active":true,)json"
        R"json("price":"12345678901234567890.000001","score":"NaN",)json"
        "\"note\":\"say \\\"hi\\\"\\nline 2\\t"
        "\xe2\x80\x94 gr\xc3\xbc\xc3\x9f"
        "e \xf0\x9f\x91\x8b"
        " \\\\ end\",\"doc\":\"{\\\"k\\\": [1, 2], \\\"s\\\": "
        "\\\"x\\\\\\\"y\\\"}\",\"missing\":null,"
        R"json("blob":"big"},"source":{"version":"syncline-0.1","connector":"postgresql",)json"
        R"json("name":"shop","ts_ms":1700000000123,"snapshot":"false","db":"shopdb",)json"
        R"json("sequence":null,"schema":"public","table":"orders","txId":777,)json"
        R"json("lsn":97500059720,"xmin":null},"op":"c","ts_ms":1700000001000,)json"
        R"json("transaction":null})json";
    QCOMPARE(bytes(encodeValue(insertEvent(), shopSource(), Now)), bytes(expected));
    QCOMPARE(bytes(encodeKey(insertEvent(), {0})), QByteArray(R"({"id":42})"));
}

void TestDebeziumEnvelope::updateEnvelopeText()
{
    // Key unchanged under REPLICA IDENTITY DEFAULT: no old tuple, so before is null.
    QCOMPARE(bytes(encodeValue(updateEvent(), shopSource(), Now)),
             bytes(envelope("null",
                            R"({"id":42,"active":false,"price":"0.10","score":-1.5e+20,)"
                            R"("note":"new note","doc":"__debezium_unavailable_value",)"
                            R"("missing":null,"blob":"__debezium_unavailable_value"})",
                            'u')));

    // Key changed: the old key arrives alone, the other columns are null.
    auto moved = updateEvent();
    moved.before = keyOnly("41");
    const std::string value = encodeValue(moved, shopSource(), Now);
    QVERIFY(value.starts_with(
        R"({"before":{"id":41,"active":null,"price":null,"score":null,"note":null,)"
        R"("doc":null,"missing":null,"blob":null},"after":{"id":42,)"));
    QCOMPARE(bytes(encodeKey(moved, {0})), QByteArray(R"({"id":42})"));
}

void TestDebeziumEnvelope::deleteEnvelopeText()
{
    QCOMPARE(bytes(encodeValue(deleteEvent(), shopSource(), Now)),
             bytes(envelope(KeyOnlyBefore42, "null", 'd')));
    QCOMPARE(bytes(encodeKey(deleteEvent(), {0})), QByteArray(R"({"id":42})"));

    // REPLICA IDENTITY FULL: the whole old row.
    auto full = deleteEvent();
    full.table = ordersTable('f');
    full.before = insertedRow();
    full.beforeIsKeyOnly = false;
    const std::string value = encodeValue(full, shopSource(), Now);
    QVERIFY(value.starts_with(
        R"({"before":{"id":42,"active":true,"price":"12345678901234567890.000001")"));
    QVERIFY(value.find(R"(,"after":null,)") != std::string::npos);
}

void TestDebeziumEnvelope::truncateEnvelopeText()
{
    QCOMPARE(bytes(encodeValue(truncateEvent(), shopSource(), Now)),
             bytes(envelope("null", "null", 't')));
    QCOMPARE(bytes(encodeKey(truncateEvent(), {0})), QByteArray("null"));
}

void TestDebeziumEnvelope::snapshotFlags()
{
    auto read = insertEvent();
    read.op = Operation::Read;
    auto source = shopSource();
    source.snapshot = true;
    std::string value = encodeValue(read, source, Now);
    QVERIFY(value.find(R"("snapshot":"true")") != std::string::npos);
    QVERIFY(value.ends_with(R"(,"op":"r","ts_ms":1700000001000,"transaction":null})"));
    source.lastSnapshotRecord = true;
    value = encodeValue(read, source, Now);
    QVERIFY(value.find(R"("snapshot":"last")") != std::string::npos);
    QVERIFY(decodeValue(value).snapshot);
}

// Debezium MySQL's source block: the database and table, and the binary log coordinates.
void TestDebeziumEnvelope::mysqlSourceFields()
{
    auto source = shopSource();
    source.connector = "mysql";
    const syncline::BinlogCoordinates binlog{"binlog.000042", 1234, "0-1-77", 5};
    source.binlog = &binlog;
    const auto json = JsonValue::parse(encodeValue(insertEvent(), source, Now));
    const JsonValue &s = *json.find("source");
    const char *order[] = {"version", "connector", "name",  "ts_ms",     "snapshot",
                           "db",      "sequence",  "table", "server_id", "gtid",
                           "file",    "pos",       "row",   "thread",    "query"};
    QCOMPARE(int(s.members().size()), 15);
    for (int i = 0; i < 15; ++i)
        QCOMPARE(bytes(s.members()[std::size_t(i)].first), QByteArray(order[i]));
    QCOMPARE(bytes(s.find("db")->text()), QByteArray("public")); // the table's schema
    QCOMPARE(bytes(s.find("file")->text()), QByteArray("binlog.000042"));
    QCOMPARE(bytes(s.find("pos")->text()), QByteArray("1234"));
    QCOMPARE(bytes(s.find("gtid")->text()), QByteArray("0-1-77"));
    QCOMPARE(bytes(s.find("server_id")->text()), QByteArray("5"));
    const auto decoded = decodeValue(encodeValue(insertEvent(), source, Now));
    QCOMPARE(bytes(decoded.schema), QByteArray("public"));
    QCOMPARE(bytes(decoded.table), QByteArray("orders"));
}

void TestDebeziumEnvelope::sourceFields()
{
    auto source = shopSource();
    source.connector = "custom";
    source.name = "pipe \"1\"";
    source.commitTimeMicros = -1; // rounds down, like Debezium's Instant.toEpochMilli()
    source.txId = 4294967295u;
    source.lsn = Lsn(0xFFFFFFFF00000000);
    const auto json = JsonValue::parse(encodeValue(insertEvent(), source, -5));
    const JsonValue &s = *json.find("source");
    QCOMPARE(bytes(s.find("connector")->text()), QByteArray("custom"));
    QCOMPARE(bytes(s.find("name")->text()), QByteArray("pipe \"1\""));
    QCOMPARE(bytes(s.find("ts_ms")->text()), QByteArray("-1"));
    QCOMPARE(bytes(s.find("txId")->text()), QByteArray("4294967295"));
    source.commitTimeMicros = 0;
    source.lsn = Lsn(0x7FFFFFFFFFFFFFFF); // the largest LSN Debezium's int64 can carry
    const auto decoded = decodeValue(encodeValue(insertEvent(), source, 0));
    QCOMPARE(decoded.txId, 4294967295u);
    QCOMPARE(decoded.lsn.value(), std::uint64_t(0x7FFFFFFFFFFFFFFF));
    QCOMPARE(bytes(s.find("lsn")->text()), QByteArray("18446744069414584320"));
    QCOMPARE(bytes(json.find("ts_ms")->text()), QByteArray("-5"));
    const char *order[] = {"version",  "connector", "name",  "ts_ms", "snapshot", "db",
                           "sequence", "schema",    "table", "txId",  "lsn",      "xmin"};
    QCOMPARE(int(s.members().size()), 12);
    for (int i = 0; i < 12; ++i)
        QCOMPARE(bytes(s.members()[i].first), QByteArray(order[i]));
}

void TestDebeziumEnvelope::valueConversion_data()
{
    QTest::addColumn<uint>("typeOid");
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("json");
    const auto row = [](const char *name, uint oid, const char *text, const char *json,
                        const char *kind = "t") {
        QTest::addRow("%s", name) << oid << QByteArray(kind) << QByteArray(text)
                                  << QByteArray(json);
    };
    row("bool true", 16, "t", "true");
    row("bool false", 16, "f", "false");
    row("int2", 21, "-32768", "-32768");
    row("int4", 23, "2147483647", "2147483647");
    row("int8 beyond double", 20, "9223372036854775807", "9223372036854775807");
    row("oid", 26, "4294967295", "4294967295");
    row("float4", 700, "1.5", "1.5");
    row("float4 Infinity", 700, "Infinity", R"("Infinity")");
    row("float8 -Infinity", 701, "-Infinity", R"("-Infinity")");
    row("float8 NaN", 701, "NaN", R"("NaN")");
    row("float8 exponent", 701, "1e-07", "1e-07");
    row("float8 negative zero", 701, "-0", "-0");
    row("float8 shortest", 701, "0.30000000000000004", "0.30000000000000004");
    row("numeric", 1700, "0.10", R"("0.10")");
    row("numeric NaN", 1700, "NaN", R"("NaN")");
    row("numeric huge", 1700, "1e+1000", R"("1e+1000")");
    row("text with controls", 25, "a\"b\\c\r\n\t\x01", "\"a\\\"b\\\\c\\r\\n\\t\\u0001\"");
    row("varchar", 1043, "x", R"("x")");
    row("json", 114, R"({"a":1})", "\"{\\\"a\\\":1}\"");
    row("timestamptz", 1184, "2024-01-02 03:04:05.123456+00", R"("2024-01-02 03:04:05.123456+00")");
    row("int4 array", 1007, "{1,2,NULL}", R"("{1,2,NULL}")");
    row("bytea", 17, "\\x00ff", R"("\\x00ff")");
    row("uuid", 2950, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        R"("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")");
    row("NULL int8", 20, "", "null", "n");
    row("NULL bool", 16, "", "null", "n");
    row("unchanged TOAST text", 25, "", R"("__debezium_unavailable_value")", "u");
    row("unchanged TOAST jsonb", 3802, "", R"("__debezium_unavailable_value")", "u");
}

void TestDebeziumEnvelope::valueConversion()
{
    QFETCH(uint, typeOid);
    QFETCH(QByteArray, kind);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, json);
    auto table = std::make_shared<TableSchema>();
    table->schema = "public";
    table->name = "t";
    table->columns = {{"v", typeOid, -1, true}};
    ChangeEvent event;
    event.table = table;
    event.after = Row{Value{Value::Kind(kind.at(0)), text.toStdString()}};
    QCOMPARE(bytes(encodeKey(event, {0})), QByteArray("{\"v\":" + json + '}'));
    const std::string value = encodeValue(event, EnvelopeSource(), 0);
    QVERIFY2(value.find("\"after\":{\"v\":" + json.toStdString() + "}") != std::string::npos,
             value.c_str());
    // Valid JSON, and it decodes back to the same value.
    const auto decoded = decodeValue(value);
    QCOMPARE(int(decoded.after->size()), 1);
    const Value &back = decoded.after->front().second;
    QCOMPARE(char(back.kind), kind.at(0));
    QCOMPARE(bytes(back.text), text); // true/false come back as PostgreSQL's t/f
}

void TestDebeziumEnvelope::keys()
{
    auto event = insertEvent();
    QCOMPARE(bytes(encodeKey(event, {})), QByteArray("null")); // keyless table
    QCOMPARE(bytes(encodeKey(event, {2, 0})),
             QByteArray(R"({"price":"12345678901234567890.000001","id":42})"));
    QCOMPARE(bytes(encodeKey(event, {4})), bytes("{\"note\":\"say \\\"hi\\\"\\nline 2\\t"
                                                 "\xe2\x80\x94 gr\xc3\xbc\xc3\x9f"
                                                 "e \xf0\x9f\x91\x8b"
                                                 R"( \\ end"})"));
    QVERIFY_THROWS_EXCEPTION(CodecError, encodeKey(event, {8}));
    QVERIFY_THROWS_EXCEPTION(CodecError, encodeKey(event, {-1}));
}

void TestDebeziumEnvelope::encodeErrors()
{
    auto shortRow = insertEvent();
    shortRow.after->pop_back();
    QVERIFY_THROWS_EXCEPTION(CodecError, encodeValue(shortRow, shopSource(), Now));
    auto noTable = insertEvent();
    noTable.table.reset();
    QVERIFY_THROWS_EXCEPTION(CodecError, encodeValue(noTable, shopSource(), Now));
    QVERIFY_THROWS_EXCEPTION(CodecError, encodeKey(noTable, {0}));
}

void TestDebeziumEnvelope::roundTrip_data()
{
    QTest::addColumn<int>("which");
    QTest::addRow("insert") << 0;
    QTest::addRow("update") << 1;
    QTest::addRow("update with key change") << 2;
    QTest::addRow("delete") << 3;
    QTest::addRow("delete, replica identity full") << 4;
    QTest::addRow("truncate") << 5;
    QTest::addRow("snapshot read") << 6;
}

void TestDebeziumEnvelope::roundTrip()
{
    QFETCH(int, which);
    ChangeEvent event;
    switch (which) {
    case 0:
        event = insertEvent();
        break;
    case 1:
        event = updateEvent();
        break;
    case 2:
        event = updateEvent();
        event.before = keyOnly("41");
        break;
    case 3:
        event = deleteEvent();
        break;
    case 4:
        event = deleteEvent();
        event.table = ordersTable('f');
        event.before = insertedRow();
        event.beforeIsKeyOnly = false;
        break;
    case 5:
        event = truncateEvent();
        break;
    case 6:
        event = insertEvent();
        event.op = Operation::Read;
        break;
    }
    auto source = shopSource();
    source.snapshot = event.op == Operation::Read;
    const auto decoded = decodeValue(encodeValue(event, source, Now));
    QCOMPARE(char(decoded.op), char(event.op));
    QCOMPARE(bytes(decoded.schema), QByteArray("public"));
    QCOMPARE(bytes(decoded.table), QByteArray("orders"));
    QCOMPARE(decoded.lsn.value(), std::uint64_t(0x16B374D848));
    QCOMPARE(decoded.txId, 777u);
    QCOMPARE(decoded.sourceTsMs, std::int64_t(1700000000123));
    QCOMPARE(decoded.tsMs, Now);
    QCOMPARE(decoded.snapshot, event.op == Operation::Read);

    const ChangeEvent back = toChangeEvent(decoded, event.table);
    QCOMPARE(char(back.op), char(event.op));
    QVERIFY(back.table == event.table);
    compareRows(back.before, event.before);
    compareRows(back.after, event.after);
    if (event.before)
        QCOMPARE(back.beforeIsKeyOnly, event.beforeIsKeyOnly);
    QCOMPARE(int(back.truncatedTables.size()), event.op == Operation::Truncate ? 1 : 0);
}

void TestDebeziumEnvelope::decodesDebeziumWithSchema()
{
    const auto decoded = decodeValue(DebeziumInsertWithSchema);
    QCOMPARE(char(decoded.op), 'c');
    QCOMPARE(bytes(decoded.schema), QByteArray("inventory"));
    QCOMPARE(bytes(decoded.table), QByteArray("customers"));
    QVERIFY(!decoded.before);
    QVERIFY(decoded.after);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"id", "1005"},
        {"first_name", "Jane"},
        {"last_name", "Doe"},
        {"email", "jane@example.com"}};
    QCOMPARE(decoded.after->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(bytes((*decoded.after)[i].first), bytes(expected[i].first));
        QCOMPARE(char((*decoded.after)[i].second.kind), 't');
        QCOMPARE(bytes((*decoded.after)[i].second.text), bytes(expected[i].second));
    }
    QCOMPARE(decoded.lsn.value(), std::uint64_t(37092456));
    QCOMPARE(decoded.txId, 770u);
    QCOMPARE(decoded.sourceTsMs, std::int64_t(1706789012345));
    QCOMPARE(decoded.tsMs, std::int64_t(1706789012789));
    QVERIFY(!decoded.snapshot);

    // The payload alone (schemas.enable=false) decodes the same.
    const auto payload = JsonValue::parse(DebeziumInsertWithSchema).find("payload")->toJson();
    const auto bare = decodeValue(payload);
    QCOMPARE(char(bare.op), 'c');
    QCOMPARE(bytes(bare.table), QByteArray("customers"));
    QCOMPARE(bare.after->size(), expected.size());
    QCOMPARE(bytes(bare.after->back().second.text), QByteArray("jane@example.com"));
    QCOMPARE(bare.lsn.value(), decoded.lsn.value());
}

void TestDebeziumEnvelope::decodesDebeziumBarePayload()
{
    const auto decoded = decodeValue(DebeziumUpdateBare);
    QCOMPARE(char(decoded.op), 'u');
    QCOMPARE(bytes(decoded.schema), QByteArray("inventory"));
    QCOMPARE(bytes(decoded.table), QByteArray("orders"));
    QCOMPARE(decoded.lsn.value(), std::uint64_t(37093512));
    QCOMPARE(decoded.txId, 1u); // txid_current() 2^32 + 1: epoch 1, xid 1
    QCOMPARE(decoded.sourceTsMs, std::int64_t(1706789100000));
    QCOMPARE(decoded.tsMs, std::int64_t(1706789100456));
    QVERIFY(decoded.before && decoded.after);
    const auto &after = *decoded.after;
    QCOMPARE(int(after.size()), 10);
    const auto at = [&](int i) { return bytes(after[std::size_t(i)].second.text); };
    QCOMPARE(bytes(after[0].first), QByteArray("id"));
    QCOMPARE(at(0), QByteArray("10001"));
    QCOMPARE(at(1), QByteArray("19000")); // io.debezium.time.Date stays as days
    QCOMPARE(at(2), QByteArray("2"));
    QCOMPARE(at(3), QByteArray("2.5"));
    QCOMPARE(at(4), QByteArray("t"));
    QCOMPARE(at(5), QByteArray(R"(["a","b","c"])"));
    QCOMPARE(at(6), QByteArray(R"({"a": 2})"));
    QCOMPARE(at(7), QByteArray("39.98"));
    QCOMPARE(at(8), QByteArray("2024-02-01T12:34:56.789Z"));
    QVERIFY(after[9].second.isUnchangedToast());
    QCOMPARE(bytes((*decoded.before)[4].second.text), QByteArray("f"));
    QCOMPARE(bytes((*decoded.before)[9].second.text), QByteArray("long text"));
}

void TestDebeziumEnvelope::decodesSnapshotFlags_data()
{
    QTest::addColumn<QByteArray>("snapshot");
    QTest::addColumn<bool>("expected");
    QTest::addRow("false") << QByteArray(R"("false")") << false;
    QTest::addRow("true") << QByteArray(R"("true")") << true;
    QTest::addRow("first") << QByteArray(R"("first")") << true;
    QTest::addRow("last") << QByteArray(R"("last")") << true;
    QTest::addRow("incremental") << QByteArray(R"("incremental")") << true;
    QTest::addRow("boolean true (Debezium 0.x)") << QByteArray("true") << true;
    QTest::addRow("null") << QByteArray("null") << false;
}

void TestDebeziumEnvelope::decodesSnapshotFlags()
{
    QFETCH(QByteArray, snapshot);
    QFETCH(bool, expected);
    const auto json = object(
        {R"("after":{"id":1})",
         source(R"("schema":"s","table":"t","ts_ms":1,"snapshot":)" + snapshot.toStdString()),
         R"("op":"r")"});
    const auto decoded = decodeValue(json.toStdString());
    QCOMPARE(decoded.snapshot, expected);
    QVERIFY(!decoded.lsn.isValid()); // absent
    QCOMPARE(decoded.txId, 0u);
    QCOMPARE(decoded.tsMs, std::int64_t(0));
}

void TestDebeziumEnvelope::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const QByteArray &json, const char *message) {
        QTest::addRow("%s", name) << json << QString::fromUtf8(message);
    };
    const std::string after = R"("after":{"id":1})";
    row("not JSON", R"({"op":)", "not a Debezium message: invalid JSON at byte 6");
    row("trailing garbage", object({R"("op":"c")", after, GoodSource}) + "x",
        "invalid JSON at byte");
    row("tombstone", "null", "tombstone");
    row("wrapped tombstone", R"({"schema":null,"payload":null})", "tombstone");
    row("array", "[]", R"("payload" is an array, expected an object)");
    row("wrapped number", R"({"schema":{"type":"struct"},"payload":5})",
        R"("payload" is a number, expected an object)");
    row("missing op", object({after, GoodSource}), R"("op" is missing)");
    row("op not a string", object({R"("op":1)", after, GoodSource}),
        R"("op" is a number, expected a string)");
    row("unknown op", object({R"("op":"x")", after, GoodSource}), R"(unknown "op" "x")");
    row("message op", object({R"("op":"m")", after, GoodSource}), R"(unknown "op" "m")");
    row("empty op", object({R"("op":"")", after, GoodSource}), R"(unknown "op" "")");
    row("long op", object({R"("op":"cu")", after, GoodSource}), R"(unknown "op" "cu")");
    row("missing source", object({R"("op":"c")", after}), R"("source" is missing)");
    row("source not an object", object({R"("op":"c")", after, R"("source":"pg")"}),
        R"("source" is a string, expected an object)");
    row("missing table", object({R"("op":"c")", after, source(R"("schema":"s","ts_ms":1)")}),
        R"("source.table" is missing)");
    row("missing schema", object({R"("op":"c")", after, source(R"("table":"t","ts_ms":1)")}),
        R"("source.schema" is missing)");
    row("schema not a string",
        object({R"("op":"c")", after, source(R"("schema":1,"table":"t","ts_ms":1)")}),
        R"("source.schema" is a number, expected a string)");
    row("missing source ts_ms",
        object({R"("op":"c")", after, source(R"("schema":"s","table":"t")")}),
        R"("source.ts_ms" is missing)");
    row("lsn as text",
        object({R"("op":"c")", after,
                source(R"("schema":"s","table":"t","ts_ms":1,"lsn":"0/16B374D8")")}),
        R"("source.lsn" is a string, expected an integer)");
    row("lsn with fraction",
        object({R"("op":"c")", after, source(R"("schema":"s","table":"t","ts_ms":1,"lsn":1.5)")}),
        R"("source.lsn" is 1.5, expected an integer that fits 64 bits)");
    row("lsn beyond int64",
        object({R"("op":"c")", after,
                source(R"("schema":"s","table":"t","ts_ms":1,"lsn":18446744073709551616)")}),
        R"("source.lsn" is 18446744073709551616, expected an integer)");
    row("negative lsn",
        object({R"("op":"c")", after, source(R"("schema":"s","table":"t","ts_ms":1,"lsn":-1)")}),
        R"("source.lsn" is negative)");
    row("negative txId",
        object({R"("op":"c")", after, source(R"("schema":"s","table":"t","ts_ms":1,"txId":-7)")}),
        R"("source.txId" is negative)");
    row("snapshot a number",
        object(
            {R"("op":"c")", after, source(R"("schema":"s","table":"t","ts_ms":1,"snapshot":1)")}),
        R"("source.snapshot" is a number, expected a string)");
    row("ts_ms as text", object({R"("op":"c")", after, GoodSource, R"("ts_ms":"5")"}),
        R"("ts_ms" is a string, expected an integer)");
    row("after a string", object({R"("op":"c")", R"("after":"x")", GoodSource}),
        R"("after" is a string, expected an object or null)");
    row("before an array",
        object({R"("op":"d")", R"("before":[1])", R"("after":null)", GoodSource}),
        R"("before" is an array, expected an object or null)");
    row("insert without after", object({R"("op":"c")", R"("after":null)", GoodSource}),
        R"(op "c" without an "after" object)");
    row("snapshot read without after", object({R"("op":"r")", GoodSource}),
        R"(op "r" without an "after" object)");
    row("update without after", object({R"("op":"u")", R"("before":{"id":1})", GoodSource}),
        R"(op "u" without an "after" object)");
    row("delete without before", object({R"("op":"d")", after, GoodSource}),
        R"(op "d" without a "before" object)");
}

void TestDebeziumEnvelope::decodeErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    try {
        decodeValue(json.toStdString());
        QFAIL("an invalid envelope was accepted");
    } catch (const CodecError &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(message), error.what());
    }
}

void TestDebeziumEnvelope::decodesKeys()
{
    const char *wrapped = R"({"schema":{"type":"struct","fields":[
        {"type":"int32","optional":false,"field":"id"}],"optional":false,
        "name":"dbserver1.inventory.customers.Key"},"payload":{"id":1005}})";
    auto key = decodeKey(wrapped);
    QCOMPARE(int(key.size()), 1);
    QCOMPARE(bytes(key[0].first), QByteArray("id"));
    QCOMPARE(bytes(key[0].second.text), QByteArray("1005"));

    key = decodeKey(R"({"region":"eu","id":7,"flag":false,"gone":null})");
    QCOMPARE(int(key.size()), 4);
    QCOMPARE(bytes(key[0].first), QByteArray("region"));
    QCOMPARE(bytes(key[0].second.text), QByteArray("eu"));
    QCOMPARE(bytes(key[1].second.text), QByteArray("7"));
    QCOMPARE(bytes(key[2].second.text), QByteArray("f"));
    QVERIFY(key[3].second.isNull());

    // Key columns that happen to be named schema and payload are not a wrapper.
    key = decodeKey(R"({"schema":"public","payload":"x"})");
    QCOMPARE(int(key.size()), 2);
    QCOMPARE(bytes(key[1].second.text), QByteArray("x"));
    // Nor is an object "schema" that is no Connect schema (it has no "type").
    key = decodeKey(R"({"schema":{"a":1},"payload":"x"})");
    QCOMPARE(int(key.size()), 2);
    QCOMPARE(bytes(key[0].second.text), QByteArray(R"({"a":1})"));

    // What encodeKey writes comes back.
    key = decodeKey(encodeKey(insertEvent(), {0, 2}));
    QCOMPARE(int(key.size()), 2);
    QCOMPARE(bytes(key[1].second.text), QByteArray("12345678901234567890.000001"));

    QVERIFY_THROWS_EXCEPTION(CodecError, decodeKey("null"));
    QVERIFY_THROWS_EXCEPTION(CodecError, decodeKey("[1]"));
    QVERIFY_THROWS_EXCEPTION(CodecError, decodeKey("42"));
    QVERIFY_THROWS_EXCEPTION(CodecError, decodeKey("{"));
}

void TestDebeziumEnvelope::mapsOntoTableColumns()
{
    const auto table = ordersTable();
    DecodedEnvelope insert;
    insert.op = Operation::Insert;
    insert.after = NamedValues{{"note", text("n")}, {"id", text("9")}, {"active", text("t")}};
    const auto event = toChangeEvent(insert, table);
    QVERIFY(!event.before);
    QCOMPARE(int(event.after->size()), 8);
    QCOMPARE(bytes((*event.after)[0].text), QByteArray("9"));
    QCOMPARE(bytes((*event.after)[1].text), QByteArray("t"));
    QCOMPARE(bytes((*event.after)[4].text), QByteArray("n"));
    for (int i : {2, 3, 5, 6, 7}) // left out of an insert: NULL
        QVERIFY((*event.after)[std::size_t(i)].isNull());

    DecodedEnvelope update;
    update.op = Operation::Update;
    update.before = NamedValues{{"id", text("9")}};
    update.after = NamedValues{{"id", text("9")}, {"doc", Value::null()}};
    const auto updated = toChangeEvent(update, table);
    QVERIFY(updated.beforeIsKeyOnly);
    QCOMPARE(bytes((*updated.before)[0].text), QByteArray("9"));
    for (int i = 1; i < 8; ++i) // left out of a before image: NULL
        QVERIFY((*updated.before)[std::size_t(i)].isNull());
    QVERIFY((*updated.after)[5].isNull()); // named as null: NULL
    for (int i : {1, 2, 3, 4, 6, 7})       // left out of an update's after image: unchanged
        QVERIFY((*updated.after)[std::size_t(i)].isUnchangedToast());

    QVERIFY(!toChangeEvent(update, ordersTable('f')).beforeIsKeyOnly);
}

void TestDebeziumEnvelope::unknownColumnsAreRejected()
{
    DecodedEnvelope insert;
    insert.op = Operation::Insert;
    insert.schema = "public";
    insert.table = "orders";
    insert.after = NamedValues{{"id", text("1")}, {"colour", text("red")}};
    try {
        toChangeEvent(insert, ordersTable());
        QFAIL("an unknown column was accepted");
    } catch (const CodecError &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("\"colour\"")),
                 error.what());
    }
    insert.after = NamedValues{{"id", text("1")}, {"id", text("2")}};
    QVERIFY_THROWS_EXCEPTION(CodecError, toChangeEvent(insert, ordersTable()));
    insert.after = NamedValues{{"id", text("1")}};
    QVERIFY_THROWS_EXCEPTION(CodecError, toChangeEvent(insert, nullptr));
}

void TestDebeziumEnvelope::truncateMapsToTable()
{
    DecodedEnvelope truncate;
    truncate.op = Operation::Truncate;
    const auto table = ordersTable();
    const auto event = toChangeEvent(truncate, table);
    QCOMPARE(char(event.op), 't');
    QVERIFY(!event.before && !event.after);
    QCOMPARE(int(event.truncatedTables.size()), 1);
    QVERIFY(event.truncatedTables.front() == table);
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestDebeziumEnvelope)
#include "tst_debezium_envelope.moc"
