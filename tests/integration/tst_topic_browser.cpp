// The Topics page's engine: TopicBrowser and TopicReader against librdkafka's mock cluster
// hosted by this test, with fixture messages that carry headers, timestamps, a tombstone and a
// Debezium envelope.

#include "codec/envelope_diff.h"
#include "fixture_producer.h"
#include "kafka_mock.h"
#include "transport/kafka/topic_browser.h"
#include "transport/kafka/topic_reader.h"

#include <QElapsedTimer>
#include <QTest>

#include <thread>

using namespace syncline;
using namespace syncline::kafka;
using namespace syncline::test;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

constexpr int kMessages = 30;
constexpr int kPartitions = 3;
constexpr qint64 kBaseTime = 1700000000000;
const QByteArray kEnvelope = "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"before\":{\"id\":7,"
                             "\"qty\":1,\"note\":\"old\"},"
                             "\"after\":{\"id\":7,\"qty\":2,\"note\":\"old\"},\"source\":{"
                             "\"schema\":\"public\",\"table\":\"items\","
                             "\"ts_ms\":1},\"op\":\"u\",\"ts_ms\":2}}";

BrowseDeadline in(std::chrono::milliseconds ms)
{
    return BrowseClock::now() + ms;
}

// Reads pages until the end (or a failure); fails the test on a timeout.
std::vector<BrowsedMessage> readAll(TopicReader &reader, std::size_t pageSize = 7)
{
    std::vector<BrowsedMessage> all;
    for (int pages = 0; pages < 100; ++pages) {
        auto page = reader.nextPage(pageSize, in(10s));
        for (auto &m : page.messages)
            all.push_back(std::move(m));
        if (page.outcome != BrowseOutcome::Done) {
            if (page.outcome != BrowseOutcome::EndOfData)
                qWarning() << "page ended with" << int(page.outcome) << page.error.c_str();
            break;
        }
    }
    return all;
}

} // namespace

class TestTopicBrowser : public QObject
{
    Q_OBJECT

    std::unique_ptr<KafkaMockCluster> m_kafka;
    BrowseConnection m_connection;

    std::unique_ptr<TopicReader> openReader(const StartPosition &start, MessageFilter filter = {},
                                            const std::string &topic = "orders")
    {
        auto reader = std::make_unique<TopicReader>(m_connection);
        const auto opened = reader->open(topic, start, std::move(filter), in(10s));
        if (opened.outcome != BrowseOutcome::Done)
            qWarning() << "open:" << opened.error.c_str();
        return opened.outcome == BrowseOutcome::Done ? std::move(reader) : nullptr;
    }

private slots:
    void initTestCase()
    {
        m_kafka = std::make_unique<KafkaMockCluster>();
        m_kafka->createTopic(u"orders"_s, kPartitions);
        m_kafka->createTopic(u"empty"_s, 2);
        m_connection.bootstrap = m_kafka->bootstrap().toStdString();
        FixtureProducer producer(m_kafka->bootstrap());
        for (int i = 0; i < kMessages; ++i) {
            FixtureMessage m;
            m.partition = i % kPartitions;
            m.key = "order-" + QByteArray::number(i);
            m.value = "{\"id\":" + QByteArray::number(i) + ",\"note\":\"n" + QByteArray::number(i) +
                      "\"}";
            if (i == 4)
                m.value = kEnvelope;
            if (i == 5)
                m.value = QByteArray(); // a tombstone
            m.timestampMs = kBaseTime + i * 1000;
            m.headers = {{"source", "fixture"}, {"kind", i % 2 ? "odd" : "even"}};
            producer.produce(u"orders"_s, m);
        }
        producer.flush();
    }

    void listsTopicsWithWatermarks()
    {
        TopicBrowser browser(m_connection);
        const auto listing = browser.listTopics(in(10s));
        QCOMPARE(int(listing.outcome), int(BrowseOutcome::Done));
        const auto orders = std::find_if(listing.topics.begin(), listing.topics.end(),
                                         [](const auto &t) { return t.name == "orders"; });
        QVERIFY(orders != listing.topics.end());
        QCOMPARE(orders->partitions.size(), std::size_t(kPartitions));
        for (const auto &p : orders->partitions) {
            QCOMPARE(p.low, 0);
            QCOMPARE(p.high, kMessages / kPartitions);
        }
        QCOMPARE(orders->messages(), kMessages);
        const auto empty = std::find_if(listing.topics.begin(), listing.topics.end(),
                                        [](const auto &t) { return t.name == "empty"; });
        QVERIFY(empty != listing.topics.end());
        QCOMPARE(empty->messages(), 0);
    }

    // A cluster without topics yet (an embedded broker just started) lists none, not an error.
    void listsAClusterWithoutTopics()
    {
        KafkaMockCluster bare;
        BrowseConnection connection;
        connection.bootstrap = bare.bootstrap().toStdString();
        TopicBrowser browser(connection);
        const auto listing = browser.listTopics(in(10s));
        QVERIFY2(listing.outcome == BrowseOutcome::Done, listing.error.c_str());
        QVERIFY(listing.topics.empty());
    }

    void readsFromTheBeginningInPages()
    {
        auto reader = openReader({});
        QVERIFY(reader);
        auto first = reader->nextPage(7, in(10s));
        QCOMPARE(int(first.outcome), int(BrowseOutcome::Done));
        QCOMPARE(first.messages.size(), std::size_t(7));
        auto rest = readAll(*reader);
        QCOMPARE(first.messages.size() + rest.size(), std::size_t(kMessages));
        QCOMPARE(reader->scanned(), kMessages);
        rest.insert(rest.begin(), first.messages.begin(), first.messages.end());
        std::map<int, std::int64_t> lastOffset;
        for (const auto &m : rest) {
            QVERIFY(!lastOffset.contains(m.partition) || m.offset > lastOffset[m.partition]);
            lastOffset[m.partition] = m.offset;
            const int i = std::stoi(m.key->substr(6));
            QCOMPARE(m.partition, i % kPartitions);
            QCOMPARE(m.offset, i / kPartitions);
            QCOMPARE(m.timestampMs, kBaseTime + i * 1000);
            QCOMPARE(m.headers.size(), std::size_t(2));
            QCOMPARE(m.headers[1].second, std::string(i % 2 ? "odd" : "even"));
            QCOMPARE(m.value.has_value(), i != 5);
            if (i == 4) {
                const auto diff = diffEnvelope(*m.value);
                QVERIFY(diff);
                QCOMPARE(diff->table, std::string("items"));
                QCOMPARE(diff->columns.size(), std::size_t(3));
                QVERIFY(diff->columns[1].changed && !diff->columns[0].changed);
            }
        }
    }

    void readsFromAnOffset()
    {
        auto reader = openReader({StartPosition::Kind::Offset, 8});
        QVERIFY(reader);
        const auto all = readAll(*reader);
        QCOMPARE(all.size(), std::size_t(kPartitions * 2)); // offsets 8 and 9 of each
        for (const auto &m : all)
            QVERIFY(m.offset >= 8);
    }

    void readsFromATimestamp()
    {
        // librdkafka's mock does not answer offset-for-time requests: the search reads.
        auto reader = openReader({StartPosition::Kind::Timestamp, kBaseTime + 20500});
        QVERIFY(reader);
        const auto all = readAll(*reader);
        QCOMPARE(all.size(), std::size_t(9)); // messages 21..29
        for (const auto &m : all)
            QVERIFY(m.timestampMs >= kBaseTime + 20500);
        auto late = openReader({StartPosition::Kind::Timestamp, kBaseTime + 99000});
        QVERIFY(late);
        QCOMPARE(int(late->nextPage(10, in(5s)).outcome), int(BrowseOutcome::EndOfData));
    }

    void readsTheLastMessagesOfEachPartition()
    {
        auto reader = openReader({StartPosition::Kind::End, 2});
        QVERIFY(reader);
        const auto all = readAll(*reader);
        QCOMPARE(all.size(), std::size_t(kPartitions * 2));
        auto one = openReader({StartPosition::Kind::End, 3, 1});
        QVERIFY(one);
        for (const auto &m : readAll(*one))
            QCOMPARE(m.partition, 1);
    }

    void filtersWhileScanning_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("headerValue");
        QTest::addColumn<int>("matched");
        QTest::addRow("key") << u"order-1"_s << QString() << QString() << QString() << 11;
        QTest::addRow("value") << QString() << u"\"n2"_s << QString() << QString() << 11;
        QTest::addRow("header") << QString() << QString() << u"kind"_s << u"even"_s << 15;
        QTest::addRow("header name only")
            << QString() << QString() << u"kind"_s << QString() << kMessages;
        QTest::addRow("all") << u"order-2"_s << u"n2"_s << u"kind"_s << u"odd"_s << 5;
        QTest::addRow("nothing") << u"no such key"_s << QString() << QString() << QString() << 0;
    }

    void filtersWhileScanning()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, header);
        QFETCH(QString, headerValue);
        QFETCH(int, matched);
        auto reader = openReader({}, {key.toStdString(), value.toStdString(), header.toStdString(),
                                      headerValue.toStdString()});
        QVERIFY(reader);
        const auto all = readAll(*reader, 4);
        QCOMPARE(int(all.size()), matched);
        QCOMPARE(reader->matched(), matched);
        QCOMPARE(reader->scanned(), kMessages);
    }

    void emptyTopicEndsAtOnce()
    {
        auto reader = openReader({}, {}, "empty");
        QVERIFY(reader);
        QElapsedTimer timer;
        timer.start();
        const auto page = reader->nextPage(10, in(10s));
        QCOMPARE(int(page.outcome), int(BrowseOutcome::EndOfData));
        QVERIFY(timer.elapsed() < 2000);
    }

    void timeoutIsNotTheEnd()
    {
        auto reader = openReader({});
        QVERIFY(reader);
        const auto page = reader->nextPage(100, BrowseClock::now());
        QCOMPARE(int(page.outcome), int(BrowseOutcome::TimedOut));

        BrowseConnection nowhere{"127.0.0.1:1", {}}; // nothing listens on port 1
        TopicBrowser browser(nowhere);
        QElapsedTimer timer;
        timer.start();
        const auto listing = browser.listTopics(in(1500ms));
        QCOMPARE(int(listing.outcome), int(BrowseOutcome::TimedOut));
        QVERIFY(!listing.error.empty());
        QVERIFY(timer.elapsed() < 5000);
        TopicReader unreachable(nowhere);
        const auto opened = unreachable.open("orders", {}, {}, in(1s));
        QCOMPARE(int(opened.outcome), int(BrowseOutcome::TimedOut));
    }

    void cancelReturnsPromptly()
    {
        TopicBrowser browser(BrowseConnection{"127.0.0.1:1", {}});
        std::atomic<bool> cancel{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(300ms);
            cancel = true;
        });
        QElapsedTimer timer;
        timer.start();
        const auto listing = browser.listTopics(in(30s), &cancel);
        canceller.join();
        QCOMPARE(int(listing.outcome), int(BrowseOutcome::Cancelled));
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
    }

    void tailsNewMessages()
    {
        auto reader = openReader({StartPosition::Kind::End, 0});
        QVERIFY(reader);
        QCOMPARE(int(reader->nextPage(10, in(5s)).outcome), int(BrowseOutcome::EndOfData));
        FixtureProducer producer(m_kafka->bootstrap());
        producer.produce(u"orders"_s, {0, "tail-1", "{}", 0, {}});
        producer.produce(u"orders"_s, {2, "tail-2", "{}", 0, {}});
        producer.flush();
        std::vector<BrowsedMessage> tail;
        for (int i = 0; i < 20 && tail.size() < 2; ++i)
            for (auto &m : reader->nextPage(10, in(5s)).messages)
                tail.push_back(std::move(m));
        QCOMPARE(tail.size(), std::size_t(2));
        QCOMPARE(*tail[0].key + *tail[1].key == "tail-1tail-2" ||
                     *tail[0].key + *tail[1].key == "tail-2tail-1",
                 true);
    }

    void cleanupTestCase() { m_kafka.reset(); }
};

QTEST_GUILESS_MAIN(TestTopicBrowser)
#include "tst_topic_browser.moc"
