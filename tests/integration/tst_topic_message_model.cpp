// The Topics page's lazy message model and the page itself, through the real TopicBrowserJob
// against librdkafka's mock cluster hosted by this test: fetchMore under
// QAbstractItemModelTester, the cap, the end, filters, live tail, stale results, timeouts;
// the page's detail pane (Debezium before/after) and export to JSON lines.

#include "fixture_producer.h"
#include "kafka_mock.h"
#include "models/envelope_diff_model.h"
#include "models/topic_list_model.h"
#include "models/topic_message_model.h"
#include "pages/topics_page.h"
#include "topic_browser_job.h"
#include "widgets/message_detail_view.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::ui;
using namespace syncline::test;
using namespace Qt::StringLiterals;
using State = TopicMessageModel::State;

namespace {

constexpr int kBig = 2000;
const QByteArray kEnvelope = "{\"before\":{\"id\":1,\"qty\":1},\"after\":{\"id\":1,\"qty\":5},"
                             "\"source\":{\"schema\":\"public\",\"table\":\"items\"},\"op\":\"u\"}";

bool settled(State state)
{
    return state != State::Opening && state != State::Fetching;
}

// A job on the test's cluster and a model on it, checked by QAbstractItemModelTester.
struct Browsing
{
    explicit Browsing(const TopicConnection &connection,
                      qsizetype capacity = TopicMessageModel::kDefaultCapacity)
        : model(&job, nullptr, capacity)
    {
        job.setConnection(connection);
    }
    TopicBrowserJob job;
    TopicMessageModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
};

} // namespace

class TestTopicMessageModel : public QObject
{
    Q_OBJECT

    std::unique_ptr<KafkaMockCluster> m_kafka;

    TopicConnection connection() const { return {{}, m_kafka->bootstrap(), {}}; }

    // Fetches until the model stops (end, cap, failure) or `rows` rows are there.
    static void fetchUntilSettled(TopicMessageModel &model, int maxRows = INT_MAX)
    {
        for (int i = 0; i < 200; ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(settled(model.state()), 10000);
            if (!model.canFetchMore() || model.rowCount() >= maxRows)
                return;
            model.fetchMore();
        }
    }

private slots:
    void initTestCase()
    {
        m_kafka = std::make_unique<KafkaMockCluster>();
        m_kafka->createTopic(u"big"_s, 2);
        m_kafka->createTopic(u"small"_s, 1);
        m_kafka->createTopic(u"tail"_s, 1);
        FixtureProducer producer(m_kafka->bootstrap());
        for (int i = 0; i < kBig; ++i)
            producer.produce(u"big"_s, {i % 2,
                                        "k-" + QByteArray::number(i),
                                        "{\"n\":" + QByteArray::number(i) + "}",
                                        0,
                                        {}});
        producer.produce(u"small"_s, {0, "plain", "not json", 0, {{"trace", "t1"}}});
        producer.produce(u"small"_s, {0, "{\"id\":1}", kEnvelope, 0, {}});
        producer.produce(u"small"_s, {0, "gone", QByteArray(), 0, {}});
        producer.flush();
    }

    void fetchesLazilyUpToTheCap()
    {
        Browsing b(connection(), 1500);
        TopicMessageModel &model = b.model;
        QVERIFY(!model.canFetchMore());
        model.open(u"big"_s, {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), TopicMessageModel::kPageSize, 10000);
        QTRY_VERIFY(settled(model.state()));
        QCOMPARE(model.state(), State::Ready);
        QVERIFY(model.canFetchMore());
        fetchUntilSettled(model);
        QCOMPARE(model.rowCount(), 1500);
        QCOMPARE(model.state(), State::Capped);
        QVERIFY(!model.canFetchMore());
        QVERIFY(model.statusText().contains(u"1,500"_s) || model.statusText().contains(u"1500"_s));
        QVERIFY(model.data(model.index(0, TopicMessageModel::Key)).toString().startsWith(u"k-"_s));
    }

    void reachesTheEnd()
    {
        Browsing b(connection());
        TopicMessageModel &model = b.model;
        model.open(u"big"_s, {}, {});
        fetchUntilSettled(model);
        QCOMPARE(model.rowCount(), kBig);
        QCOMPARE(model.state(), State::AtEnd);
        QCOMPARE(model.scanned(), qint64(kBig));
        QVERIFY(!model.canFetchMore());
    }

    void filtersCountScannedAndMatched()
    {
        Browsing b(connection());
        TopicMessageModel &model = b.model;
        model.open(u"big"_s, {}, {"k-19", "", "", ""}); // k-19, k-190..199, k-1900..1999
        fetchUntilSettled(model);
        QCOMPARE(model.rowCount(), 111);
        QCOMPARE(model.matched(), qint64(111));
        QCOMPARE(model.scanned(), qint64(kBig));
        QVERIFY(model.filtered());
    }

    void tailsNewMessages()
    {
        Browsing b(connection());
        TopicMessageModel &model = b.model;
        model.setLiveTail(true);
        model.open(u"tail"_s, {kafka::StartPosition::Kind::End, 0}, {});
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), State::AtEnd, 10000);
        FixtureProducer producer(m_kafka->bootstrap());
        for (int i = 0; i < 3; ++i)
            producer.produce(u"tail"_s, {0, "t", "{}", 0, {}});
        producer.flush();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 10000);
    }

    void dropsStaleResults()
    {
        Browsing b(connection());
        TopicMessageModel &model = b.model;
        model.open(u"big"_s, {}, {});
        model.open(u"small"_s, {}, {}); // at once: the first read's results must not show
        fetchUntilSettled(model);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0, TopicMessageModel::Key)).toString(), u"plain"_s);
        QCOMPARE(model.data(model.index(2, TopicMessageModel::Value)).toString(), u"(tombstone)"_s);
    }

    void unreachableClusterFailsInTime()
    {
        TopicBrowserJob job;
        job.setConnection({{}, u"127.0.0.1:1"_s, {}});
        job.setTimeoutMs(1000);
        TopicMessageModel model(&job);
        model.open(u"big"_s, {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), State::Failed, 5000);
        QVERIFY2(model.error().contains(u"did not answer in time"_s), qPrintable(model.error()));
        QSignalSpy listed(&job, &TopicBrowserJob::topicsListed);
        job.listTopics();
        QVERIFY(listed.wait(5000));
        QCOMPARE(int(listed[0][1].value<kafka::TopicListing>().outcome),
                 int(kafka::BrowseOutcome::TimedOut));
    }

    void badPropertyIsAnErrorNotACrash()
    {
        TopicBrowserJob job;
        job.setConnection({{}, m_kafka->bootstrap(), {{u"no.such.property"_s, u"1"_s}}});
        TopicMessageModel model(&job);
        model.open(u"big"_s, {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), State::Failed, 5000);
        QVERIFY(model.error().contains(u"no.such.property"_s));
    }

    void pageShowsTopicsDetailAndExports()
    {
        TopicsPage page(nullptr);
        QAbstractItemModelTester tester(page.topicModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester diffTester(page.detailView()->diffModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.browse(connection());
        QTRY_VERIFY_WITH_TIMEOUT(page.topicModel()->rowOf(u"small"_s) >= 0, 10000);
        const int big = page.topicModel()->rowOf(u"big"_s);
        QCOMPARE(page.topicModel()
                     ->data(page.topicModel()->index(big, TopicListModel::Partitions))
                     .toInt(),
                 2);
        QCOMPARE(page.topicModel()->data(page.topicModel()->index(big, TopicListModel::Messages),
                                         TopicListModel::SortRole),
                 QVariant(qlonglong(kBig)));

        const QModelIndex small = page.topicView()->model()->index(
            page.topicModel()->rowOf(u"small"_s), 0); // the proxy keeps the name order
        page.topicView()->setCurrentIndex(small);
        QTRY_COMPARE_WITH_TIMEOUT(page.messageModel()->rowCount(), 3, 10000);
        page.messageView()->setCurrentIndex(page.messageModel()->index(1, 0));
        QCOMPARE(page.detailView()->diffModel()->rowCount(), 2);
        QVERIFY(
            page.detailView()
                ->diffModel()
                ->data(page.detailView()->diffModel()->index(1, 0), EnvelopeDiffModel::ChangedRole)
                .toBool());
        QVERIFY(page.statusLabel()->text().contains(u"3"_s));

        page.messageView()->selectAll();
        QTemporaryDir dir;
        const QString file = dir.filePath(u"out.jsonl"_s);
        QString error;
        QVERIFY2(page.exportSelected(file, &error), qPrintable(error));
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = written.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // three lines and the last newline
        QVERIFY(lines[0].contains("\"value\":\"not json\""));
        QVERIFY(lines[0].contains("{\"name\":\"trace\",\"value\":\"t1\"}"));
        QVERIFY(lines[1].contains("\"key\":{\"id\":1}"));
        QVERIFY(lines[2].contains("\"value\":null"));
    }

    void cleanupTestCase() { m_kafka.reset(); }
};

QTEST_MAIN(TestTopicMessageModel)
#include "tst_topic_message_model.moc"
