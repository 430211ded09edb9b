// JsonValue: RFC 8259 parsing (every escape, surrogate pairs, UTF-8 checks), malformed input
// rejected with the offset of the offending byte, numbers kept as their exact text, builders,
// and compact / pretty output.

#include <QTest>

// moc of Qt 6.4 cannot parse the C++20 standard headers these pull in. Its lexer also reads a raw
// string literal as an ordinary one, so JSON holding \" is written as ordinary literals here: a
// raw one derails moc even inside #ifndef Q_MOC_RUN.
#ifndef Q_MOC_RUN
#include "util/json.h"
#include "util/json_value.h"
#endif

using namespace syncline;

namespace {

QByteArray bytes(const std::string &text)
{
    return QByteArray::fromStdString(text);
}

std::string str(const QByteArray &text)
{
    return text.toStdString();
}

} // namespace

class TestJsonValue : public QObject
{
    Q_OBJECT

private slots:
    void parsesEveryKind();
    void compactRoundTrip_data();
    void compactRoundTrip();
    void whitespaceIsDropped();
    void prettyOutput();
    void escapesDecode_data();
    void escapesDecode();
    void writerEscapesCompactly();
    void everyByteRoundTrips();
    void malformedIsRejected_data();
    void malformedIsRejected();
    void nestingIsLimited();
    void numbersKeepTheirText();
    void numberBuilderValidates_data();
    void numberBuilderValidates();
    void builders();
    void equality();
};

#ifndef Q_MOC_RUN

void TestJsonValue::parsesEveryKind()
{
    const auto doc = JsonValue::parse(
        R"( {"n":null,"t":true,"f":false,"num":-0.5e+3,"s":"x","a":[1,[]],"o":{"k":"v"}} )");
    QVERIFY(doc.isObject());
    QCOMPARE(int(doc.members().size()), 7);
    const char *order[] = {"n", "t", "f", "num", "s", "a", "o"};
    for (int i = 0; i < 7; ++i)
        QCOMPARE(bytes(doc.members()[i].first), QByteArray(order[i]));
    QVERIFY(doc.find("n")->isNull());
    QVERIFY(doc.find("t")->isBool() && doc.find("t")->boolValue());
    QVERIFY(doc.find("f")->isBool() && !doc.find("f")->boolValue());
    QVERIFY(doc.find("num")->isNumber());
    QCOMPARE(bytes(doc.find("num")->text()), QByteArray("-0.5e+3"));
    QVERIFY(doc.find("s")->isString());
    QCOMPARE(bytes(doc.find("s")->text()), QByteArray("x"));
    const JsonValue &array = *doc.find("a");
    QVERIFY(array.isArray());
    QCOMPARE(int(array.items().size()), 2);
    QCOMPARE(bytes(array.items()[0].text()), QByteArray("1"));
    QVERIFY(array.items()[1].isArray() && array.items()[1].items().empty());
    QCOMPARE(bytes(doc.find("o")->find("k")->text()), QByteArray("v"));
    QVERIFY(!doc.find("missing"));
    QVERIFY(!doc.find("s")->find("x")); // not an object
    QCOMPARE(int(doc.find("s")->members().size()), 0);
}

void TestJsonValue::compactRoundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("null") << QByteArray("null");
    QTest::addRow("true") << QByteArray("true");
    QTest::addRow("bare string") << QByteArray(R"("a")");
    QTest::addRow("bare number") << QByteArray("-12");
    QTest::addRow("empty object") << QByteArray("{}");
    QTest::addRow("empty array") << QByteArray("[]");
    QTest::addRow("big numeric") << QByteArray(
        R"({"price":12345678901234567890.000001,"qty":-0,"e":1E400})");
    QTest::addRow("beyond int64") << QByteArray("[9223372036854775808,-9223372036854775809]");
    QTest::addRow("precision beyond double") << QByteArray("0.10000000000000000000000001");
    QTest::addRow("exponents") << QByteArray("[1e5,1E-7,2.5e+10,0.0]");
    QTest::addRow("member order kept") << QByteArray(R"({"z":1,"a":2,"m":{"y":[],"b":{}}})");
    QTest::addRow("escapes") << QByteArray("[\"q\\\"b\\\\n\\nt\\tr\\rb\\bf\\fc\\u0001\\u001f\"]");
    QTest::addRow("unicode kept raw") << QByteArray("\"gr\xc3\xbc\xc3\x9f"
                                                    "e \xf0\x9f\x91\x8b\"");
}

void TestJsonValue::compactRoundTrip()
{
    QFETCH(QByteArray, json);
    const auto value = JsonValue::parse(str(json));
    QCOMPARE(bytes(value.toJson()), json);
    QVERIFY(JsonValue::parse(value.toJson()) == value);
}

void TestJsonValue::whitespaceIsDropped()
{
    const auto value = JsonValue::parse(" \t\r\n{ \"a\" : [ 1 , 2 ] ,\n\"b\":\"c d\" }\n ");
    QCOMPARE(bytes(value.toJson()), QByteArray(R"({"a":[1,2],"b":"c d"})"));
}

void TestJsonValue::prettyOutput()
{
    const auto value =
        JsonValue::parse(R"({"a":[1,{"b":null}],"c":{},"d":[],"e":"x","f":{"g":true}})");
    QCOMPARE(bytes(value.toJson(true)), QByteArray(R"({
  "a": [
    1,
    {
      "b": null
    }
  ],
  "c": {},
  "d": [],
  "e": "x",
  "f": {
    "g": true
  }
})"));
    QCOMPARE(bytes(JsonValue::parse("3").toJson(true)), QByteArray("3"));
    QVERIFY(JsonValue::parse(value.toJson(true)) == value);
}

void TestJsonValue::escapesDecode_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("quote") << QByteArray("\"a\\\"b\"") << QByteArray("a\"b");
    QTest::addRow("backslash") << QByteArray(R"("a\\b")") << QByteArray("a\\b");
    QTest::addRow("slash") << QByteArray(R"("a\/b")") << QByteArray("a/b");
    QTest::addRow("backspace") << QByteArray(R"("\b")") << QByteArray("\b");
    QTest::addRow("form feed") << QByteArray(R"("\f")") << QByteArray("\f");
    QTest::addRow("newline") << QByteArray(R"("\n")") << QByteArray("\n");
    QTest::addRow("carriage return") << QByteArray(R"("\r")") << QByteArray("\r");
    QTest::addRow("tab") << QByteArray(R"("\t")") << QByteArray("\t");
    QTest::addRow("u ascii") << QByteArray(R"("\u0041\u007a")") << QByteArray("Az");
    QTest::addRow("u nul") << QByteArray(R"("a\u0000b")") << QByteArray("a\0b", 3);
    QTest::addRow("u 2-byte") << QByteArray(R"("\u00e9\u00C9")") << QByteArray("\xc3\xa9\xc3\x89");
    QTest::addRow("u 3-byte") << QByteArray(R"("\u20AC")") << QByteArray("\xe2\x82\xac");
    QTest::addRow("u last BMP") << QByteArray(R"("\uFFFF")") << QByteArray("\xef\xbf\xbf");
    QTest::addRow("surrogate pair")
        << QByteArray(R"("\uD83D\uDE00")") << QByteArray("\xf0\x9f\x98\x80");
    QTest::addRow("surrogate pair lower case")
        << QByteArray(R"("x\ud83d\udc4by")") << QByteArray("x\xf0\x9f\x91\x8by");
    QTest::addRow("first supplementary")
        << QByteArray(R"("\uD800\uDC00")") << QByteArray("\xf0\x90\x80\x80");
    QTest::addRow("last code point")
        << QByteArray(R"("\uDBFF\uDFFF")") << QByteArray("\xf4\x8f\xbf\xbf");
    QTest::addRow("raw UTF-8") << QByteArray("\"\xf0\x9f\x91\x8b \xe2\x82\xac\"")
                               << QByteArray("\xf0\x9f\x91\x8b \xe2\x82\xac");
    QTest::addRow("in a member name") << QByteArray(R"({"\u00e9":1})") << QByteArray();
}

void TestJsonValue::escapesDecode()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    const auto value = JsonValue::parse(str(json));
    if (value.isObject()) {
        QCOMPARE(bytes(value.members().at(0).first), QByteArray("\xc3\xa9"));
        return;
    }
    QCOMPARE(bytes(value.text()), expected);
    // Written back compactly, it reads the same again.
    QCOMPARE(bytes(JsonValue::parse(value.toJson()).text()), expected);
}

void TestJsonValue::writerEscapesCompactly()
{
    const auto value = JsonValue::string(std::string("\"\\/\b\f\n\r\t\x01\x1f\x7f", 11) +
                                         std::string(1, '\0') + "\xc3\xa9");
    QCOMPARE(bytes(value.toJson()), QByteArray("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f"
                                               "\x7f"
                                               R"(\u0000)"
                                               "\xc3\xa9\""));
    QCOMPARE(bytes(jsonQuoted("a\tb\r")), QByteArray(R"("a\tb\r")"));
}

void TestJsonValue::everyByteRoundTrips()
{
    std::string all;
    for (int c = 0; c < 0x80; ++c)
        all += char(c);
    all += "\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xf0\x90\x80\x80\xf4\x8f\xbf\xbf";
    const auto value = JsonValue::object().set(all, JsonValue::string(all));
    const auto back = JsonValue::parse(value.toJson());
    QCOMPARE(bytes(back.members().at(0).first), bytes(all));
    QCOMPARE(bytes(back.members().at(0).second.text()), bytes(all));
}

void TestJsonValue::malformedIsRejected_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, QByteArray json, int offset, const char *message) {
        QTest::addRow("%s", name) << json << offset << QString::fromUtf8(message);
    };
    row("empty", "", 0, "expected a value");
    row("only whitespace", "  \n ", 4, "expected a value");
    row("BOM", "\xef\xbb\xbf{}", 0, "expected a value");
    row("unclosed object", "{", 1, "expected a string (a member name)");
    row("unclosed array", "[", 1, "expected a value");
    row("array without comma", "[1 2]", 3, "expected ',' or ']'");
    row("array unterminated after item", "[1", 2, "expected ',' or ']'");
    row("trailing comma in array", "[1,]", 3, "expected a value");
    row("trailing comma in object", R"({"a":1,})", 7, "expected a string (a member name)");
    row("missing colon", R"({"a" 1})", 5, "expected ':' after a member name");
    row("object without comma", R"({"a":1 "b":2})", 7, "expected ',' or '}'");
    row("number as member name", "{1:2}", 1, "expected a string (a member name)");
    row("single quotes", "['a']", 1, "expected a value");
    row("truncated true", "tru", 3, "expected 'true'");
    row("misspelt false", "falsy", 4, "expected 'false'");
    row("misspelt null", "nul1", 3, "expected 'null'");
    row("capital True", "True", 0, "expected a value");
    row("leading zero", "01", 1, "expected the end of the document");
    row("leading zero in array", "[00]", 2, "expected ',' or ']'");
    row("lone minus", "-", 1, "expected a digit");
    row("minus letter", "-a", 1, "expected a digit");
    row("plus sign", "+1", 0, "expected a value");
    row("leading dot", ".5", 0, "expected a value");
    row("trailing dot", "1.", 2, "expected a digit after the decimal point");
    row("dot exponent", "1.e5", 2, "expected a digit after the decimal point");
    row("empty exponent", "1e", 2, "expected a digit in the exponent");
    row("signed empty exponent", "1e+", 3, "expected a digit in the exponent");
    row("NaN", "NaN", 0, "expected a value");
    row("Infinity", "[-Infinity]", 2, "expected a digit");
    row("hex number", "0x10", 1, "expected the end of the document");
    row("unterminated string", "\"abc", 0, "unterminated string");
    row("unterminated after escape", "[\"ab\\", 1, "unterminated string");
    row("raw control character", "\"a\x01\"", 2, "raw control character");
    row("raw newline", "\"a\nb\"", 2, "raw control character");
    row("raw tab", "\"a\tb\"", 2, "raw control character");
    row("raw unit separator", "\"ab\x1f\"", 3, "raw control character");
    row("unknown escape", R"("\x41")", 2, "expected an escape character");
    row("escaped single quote", R"("\'")", 2, "expected an escape character");
    row("bad hex digit", R"("\u12G4")", 5, "expected 4 hex digits after \\u");
    row("short \\u", R"("\u12")", 5, "expected 4 hex digits after \\u");
    row("\\u at end", "\"\\u12", 5, "expected 4 hex digits after \\u");
    row("lone high surrogate", R"("\uD83D")", 7, "expected a \\u low surrogate");
    row("high surrogate then text", R"("\uD83Dx")", 7, "expected a \\u low surrogate");
    row("high surrogate then escape", R"("\uD83D\n")", 7, "expected a \\u low surrogate");
    row("high then non-low", R"("\uD83D\u0041")", 7, "expected a low surrogate (\\uDC00");
    row("two high surrogates", R"("\uD83D\uD83D")", 7, "expected a low surrogate (\\uDC00");
    row("lone low surrogate", R"("a\uDE00")", 2, "expected a high surrogate");
    row("invalid UTF-8 byte", "\"a\xff\"", 2, "invalid UTF-8");
    row("continuation byte first", "\"\x80\"", 1, "invalid UTF-8");
    row("truncated sequence", "\"\xc3\"", 1, "invalid UTF-8");
    row("truncated at end", "\"\xe2\x82", 1, "invalid UTF-8");
    row("overlong slash", "\"\xc0\xaf\"", 1, "invalid UTF-8");
    row("overlong 3-byte", "\"\xe0\x80\xaf\"", 1, "invalid UTF-8");
    row("encoded surrogate", "\"\xed\xa0\x80\"", 1, "invalid UTF-8");
    row("above U+10FFFF", "\"\xf4\x90\x80\x80\"", 1, "invalid UTF-8");
    row("raw UTF-8 outside strings", "\xc3\xa9", 0, "expected a value");
    row("duplicate member", R"({"a":1,"b":2,"a":3})", 13, "\"a\" appears twice");
    row("trailing garbage", "[1] x", 4, "expected the end of the document");
    row("two documents", "{} {}", 3, "expected the end of the document");
    row("trailing comma", "1,", 1, "expected the end of the document");
    row("trailing NUL", QByteArray("1\0", 2), 1, "expected the end of the document");
    row("closing bracket mismatch", "[1}", 2, "expected ',' or ']'");
    row("closing brace mismatch", R"({"a":1])", 6, "expected ',' or '}'");
}

void TestJsonValue::malformedIsRejected()
{
    QFETCH(QByteArray, json);
    QFETCH(int, offset);
    QFETCH(QString, message);
    try {
        JsonValue::parse(str(json));
        QFAIL("malformed JSON was accepted");
    } catch (const JsonError &error) {
        QCOMPARE(int(error.offset()), offset);
        QVERIFY2(QString::fromStdString(error.message()).contains(message), error.what());
        QVERIFY2(
            QString::fromUtf8(error.what()).contains(QStringLiteral("at byte %1: ").arg(offset)),
            error.what());
    }
}

void TestJsonValue::nestingIsLimited()
{
    const auto nested = [](int depth, char open, char close) {
        return std::string(std::size_t(depth), open) + std::string(std::size_t(depth), close);
    };
    QCOMPARE(JsonValue::MaxDepth, 256);
    const auto deepest = JsonValue::parse(nested(256, '[', ']'));
    QCOMPARE(deepest.toJson(), nested(256, '[', ']'));

    for (const auto &json : {nested(257, '[', ']'), nested(100000, '[', ']')}) {
        try {
            JsonValue::parse(json);
            QFAIL("nesting deeper than 256 was accepted");
        } catch (const JsonError &error) {
            QCOMPARE(int(error.offset()), 256);
            QVERIFY2(QString::fromStdString(error.message()).contains(QStringLiteral("256")),
                     error.what());
        }
    }

    // Objects count too: 128 objects around 128 arrays is 256 levels; one more array is 257.
    std::string objects;
    for (int i = 0; i < 128; ++i)
        objects += R"({"k":)";
    const auto wrap = [&](int arrays) {
        return objects + nested(arrays, '[', ']') + std::string(128, '}');
    };
    QVERIFY(JsonValue::parse(wrap(128)).isObject());
    try {
        JsonValue::parse(wrap(129));
        QFAIL("nesting deeper than 256 was accepted");
    } catch (const JsonError &error) {
        QCOMPARE(int(error.offset()), 128 * 5 + 128);
    }
}

void TestJsonValue::numbersKeepTheirText()
{
    const auto value = JsonValue::parse(
        "[12345678901234567890.000001, 1.0, 1e2, -0, 0.1E-07, 123456789012345678901234567890]");
    const char *expected[] = {"12345678901234567890.000001",   "1.0", "1e2", "-0", "0.1E-07",
                              "123456789012345678901234567890"};
    QCOMPARE(int(value.items().size()), 6);
    for (int i = 0; i < 6; ++i) {
        QVERIFY(value.items()[i].isNumber());
        QCOMPARE(bytes(value.items()[i].text()), QByteArray(expected[i]));
    }
    QVERIFY(!(JsonValue::parse("1.0") == JsonValue::parse("1")));
}

void TestJsonValue::numberBuilderValidates_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addRow("integer") << QByteArray("42") << true;
    QTest::addRow("negative fraction exponent") << QByteArray("-1.5e+20") << true;
    QTest::addRow("PostgreSQL float8 exponent") << QByteArray("1e-07") << true;
    QTest::addRow("empty") << QByteArray("") << false;
    QTest::addRow("NaN") << QByteArray("NaN") << false;
    QTest::addRow("Infinity") << QByteArray("Infinity") << false;
    QTest::addRow("-Infinity") << QByteArray("-Infinity") << false;
    QTest::addRow("leading zero") << QByteArray("01") << false;
    QTest::addRow("plus") << QByteArray("+1") << false;
    QTest::addRow("trailing space") << QByteArray("1 ") << false;
    QTest::addRow("two numbers") << QByteArray("1,2") << false;
}

void TestJsonValue::numberBuilderValidates()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(JsonValue::isNumberText(str(text)), valid);
    bool threw = false;
    try {
        const auto number = JsonValue::number(str(text));
        QCOMPARE(bytes(number.toJson()), text);
    } catch (const JsonError &) {
        threw = true;
    }
    QCOMPARE(threw, !valid);
}

void TestJsonValue::builders()
{
    auto doc = JsonValue::object();
    doc.set("b", JsonValue::number("1"))
        .set("a", JsonValue::array().push(JsonValue::boolean(true)).push(JsonValue::null()))
        .set("s", JsonValue::string("x\"y"))
        .set("b", JsonValue::string("replaced")); // keeps its place
    QCOMPARE(bytes(doc.toJson()),
             QByteArray("{\"b\":\"replaced\",\"a\":[true,null],\"s\":\"x\\\"y\"}"));
    QCOMPARE(int(doc.members().size()), 3);
    QCOMPARE(bytes(doc.find("b")->text()), QByteArray("replaced"));
    QVERIFY(JsonValue::parse(doc.toJson()) == doc);

    QVERIFY(JsonValue::null().isNull());
    QVERIFY(JsonValue().isNull());
    QCOMPARE(bytes(JsonValue::boolean(false).toJson()), QByteArray("false"));
    QCOMPARE(bytes(JsonValue::string("").toJson()), QByteArray(R"("")"));

    auto array = JsonValue::array();
    QVERIFY_THROWS_EXCEPTION(std::logic_error, array.set("k", JsonValue()));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, doc.push(JsonValue()));
    auto text = JsonValue::string("s");
    QVERIFY_THROWS_EXCEPTION(std::logic_error, text.push(JsonValue()));
}

void TestJsonValue::equality()
{
    QVERIFY(JsonValue::parse(R"({"a":[1,"x"]})") == JsonValue::parse(R"({ "a" : [ 1 , "x" ] })"));
    QVERIFY(!(JsonValue::parse(R"({"a":1,"b":2})") == JsonValue::parse(R"({"b":2,"a":1})")));
    QVERIFY(!(JsonValue::parse(R"("1")") == JsonValue::parse("1")));
    QVERIFY(!(JsonValue::parse("[1]") == JsonValue::parse("[1,1]")));
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestJsonValue)
#include "tst_json_value.moc"
