// The Topics page's pure parts: the Debezium before/after split, the message filter and the
// offset-for-time bisection.

#include "codec/envelope_diff.h"
#include "transport/kafka/message_filter.h"
#include "transport/kafka/message_json.h"
#include "transport/kafka/offset_search.h"

#include <QTest>

using namespace syncline;
using namespace syncline::kafka;

class TestTopicBrowsing : public QObject
{
    Q_OBJECT

private slots:
    void diffsEnvelopes_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("isEnvelope");
        QTest::addColumn<QString>("changed"); // the changed columns, comma-separated
        QTest::addColumn<int>("columns");
        QTest::addRow("update") << QByteArray(
                                       "{\"before\":{\"id\":1,\"a\":\"x\",\"b\":null},"
                                       "\"after\":{\"id\":1,\"a\":\"y\",\"b\":null},\"op\":\"u\"}")
                                << true << QStringLiteral("a") << 3;
        QTest::addRow("schema and payload")
            << QByteArray("{\"schema\":{\"type\":\"struct\"},\"payload\":{\"before\":null,"
                          "\"after\":{\"id\":2},\"op\":\"c\",\"source\":{\"db\":\"shop\",\"table\":"
                          "\"t\"}}}")
            << true << QString() << 1;
        QTest::addRow("column only before")
            << QByteArray("{\"before\":{\"id\":1,\"gone\":5},\"after\":{\"id\":1},\"op\":\"u\"}")
            << true << QStringLiteral("gone") << 2;
        QTest::addRow("unchanged toast")
            << QByteArray(
                   "{\"before\":{\"id\":1,\"doc\":\"long\"},"
                   "\"after\":{\"id\":1,\"doc\":\"__debezium_unavailable_value\"},\"op\":\"u\"}")
            << true << QString() << 2;
        QTest::addRow("delete") << QByteArray("{\"before\":{\"id\":1},\"after\":null,\"op\":\"d\"}")
                                << true << QString() << 1;
        QTest::addRow("plain json")
            << QByteArray("{\"id\":1,\"name\":\"x\"}") << false << QString() << 0;
        QTest::addRow("image not an object")
            << QByteArray("{\"before\":1,\"after\":null,\"op\":\"d\"}") << false << QString() << 0;
        QTest::addRow("corrupt") << QByteArray("{\"before\":{\"id\":") << false << QString() << 0;
        QTest::addRow("empty") << QByteArray() << false << QString() << 0;
    }

    void diffsEnvelopes()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, isEnvelope);
        QFETCH(QString, changed);
        QFETCH(int, columns);
        const auto diff = diffEnvelope(std::string_view(json.constData(), json.size()));
        QCOMPARE(diff.has_value(), isEnvelope);
        if (!diff)
            return;
        QCOMPARE(int(diff->columns.size()), columns);
        QStringList names;
        for (const auto &c : diff->columns)
            if (c.changed)
                names << QString::fromStdString(c.name);
        QCOMPARE(names.join(u','), changed);
    }

    void schemaAndTableFromSource()
    {
        const auto diff = diffEnvelope("{\"payload\":{\"after\":{\"id\":2},\"op\":\"r\",\"source\":"
                                       "{\"db\":\"shop\",\"table\":\"t\"}},"
                                       "\"schema\":{\"type\":\"struct\"}}");
        QVERIFY(diff);
        QCOMPARE(diff->op, 'r');
        QCOMPARE(diff->schema, std::string("shop"));
        QCOMPARE(diff->table, std::string("t"));
        QVERIFY(!diff->hasBefore && diff->hasAfter);
    }

    void filtersMessages()
    {
        BrowsedMessage m;
        m.key = "order-12";
        m.value = "{\"note\":\"hello\"}";
        m.headers = {{"kind", "even"}, {"trace", ""}};
        QVERIFY(MessageFilter{}.matches(m));
        QVERIFY(MessageFilter{}.isEmpty());
        QVERIFY((MessageFilter{"der-1", "", "", ""}.matches(m)));
        QVERIFY(!(MessageFilter{"Order", "", "", ""}.matches(m)));
        QVERIFY((MessageFilter{"", "hello", "kind", "even"}.matches(m)));
        QVERIFY(!(MessageFilter{"", "", "kind", "odd"}.matches(m)));
        QVERIFY((MessageFilter{"", "", "trace", ""}.matches(m)));
        BrowsedMessage tombstone;
        QVERIFY(!(MessageFilter{"", "x", "", ""}.matches(tombstone)));
        QVERIFY(!(MessageFilter{"k", "", "", ""}.matches(tombstone)));
    }

    void writesJsonLines()
    {
        BrowsedMessage m;
        m.partition = 2;
        m.offset = 41;
        m.timestampMs = 1000;
        m.key = "{\"id\":7}";
        m.value = "plain \"text\"";
        m.headers = {{"h", "1"}, {"h", "2"}};
        QCOMPARE(messageToJsonLine("t", m),
                 std::string("{\"topic\":\"t\",\"partition\":2,\"offset\":41,\"timestamp\":1000,"
                             "\"key\":{\"id\":7},\"value\":\"plain \\\"text\\\"\","
                             "\"headers\":[{\"name\":\"h\",\"value\":\"1\"},"
                             "{\"name\":\"h\",\"value\":\"2\"}]}"));
        BrowsedMessage tombstone;
        tombstone.timestampMs = -1;
        QCOMPARE(messageToJsonLine("t", tombstone),
                 std::string("{\"topic\":\"t\",\"partition\":0,\"offset\":0,\"timestamp\":null,"
                             "\"key\":null,\"value\":null,\"headers\":[]}"));
        QCOMPARE(prettyJson("{\"a\":[1]}"), std::string("{\n  \"a\": [\n    1\n  ]\n}"));
        QCOMPARE(prettyJson("not json"), std::string());
    }

    void searchesOffsetsByTime_data()
    {
        QTest::addColumn<qint64>("timestamp");
        QTest::addColumn<qint64>("expected");
        // Offsets 10..29 exist except 15..17 (compacted); offset o has timestamp o * 100.
        QTest::addRow("before all") << qint64(0) << qint64(10);
        QTest::addRow("exact") << qint64(2000) << qint64(20);
        QTest::addRow("between") << qint64(2050) << qint64(21);
        // 15 holds no message: reading from there starts at 18, the first at or after 1550.
        QTest::addRow("in the gap") << qint64(1550) << qint64(15);
        QTest::addRow("last") << qint64(2900) << qint64(29);
        QTest::addRow("after all") << qint64(5000) << qint64(30);
    }

    void searchesOffsetsByTime()
    {
        QFETCH(qint64, timestamp);
        QFETCH(qint64, expected);
        int probes = 0;
        auto probe = [&](std::int64_t offset) -> ProbeResult {
            ++probes;
            if (offset >= 15 && offset <= 17)
                offset = 18;
            if (offset >= 30)
                return {true, false, {}};
            return {true, true, {offset, offset * 100}};
        };
        QCOMPARE(searchOffsetForTime(10, 30, timestamp, probe).value_or(-1), expected);
        QVERIFY(probes <= 6);
        auto failing = [](std::int64_t) { return ProbeResult{}; };
        QVERIFY(!searchOffsetForTime(10, 30, timestamp, failing));
    }
};

QTEST_GUILESS_MAIN(TestTopicBrowsing)
#include "tst_topic_browsing.moc"
