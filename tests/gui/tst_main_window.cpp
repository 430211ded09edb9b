// The real console window against real PostgreSQL servers from the test harness: open a
// pipeline file, start it, see it stream and the throughput chart get points, stop it (with the
// confirmation), the Dashboard's figures for an http and a Redis sink, and see a broken file's
// problems inline with file:line:col.

#include "gui_test_main.h"
#include "main_window.h"
#include "models/log_filter_proxy.h"
#include "models/pipeline_list_model.h"
#include "models/topic_list_model.h"
#include "models/topic_message_model.h"
#include "pages/dashboard_page.h"
#include "pages/log_page.h"
#include "pages/pipelines_page.h"
#include "pages/topics_page.h"
#include "pipeline_actions.h"
#include "pipeline_controller.h"
#include "pipeline_fixture.h"
#include "redis_server.h"
#include "topic_browser_job.h"
#include "webhook_receiver.h"
#include "widgets/chart_panel.h"
#include "widgets/inline_message.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

using namespace syncline::test;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

double highestY(const QLineSeries *series)
{
    const QList<QPointF> points = series->points();
    double highest = 0;
    for (const QPointF &point : points)
        highest = std::max(highest, point.y());
    return highest;
}

// Answers the next question box with `button`, as a user would.
void answerNextQuestion(QMessageBox::StandardButton button)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        box->button(button)->click();
        timer->deleteLater();
    });
    timer->start();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    static QString stateOf(MainWindow &window, int row = 0)
    {
        return window.pipelineModel()->index(row, PipelineListModel::State).data().toString();
    }

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK(PgCluster::sharedSource());
        SYNCLINE_PG_CHECK(PgCluster::sharedTarget());
    }

    void opensStartsStreamsChartsAndStops()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"console"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, name text);"_s,
                                        {u"public.items"_s}));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto opened = window.openFiles({f->pipelineFile});
        QCOMPARE(opened.size(), 1);
        QCOMPARE(window.pipelineModel()->rowCount(), 1);
        QCOMPARE(stateOf(window), u"Stopped"_s);
        QVERIFY(window.actions()->start()->isEnabled());
        QVERIFY(!window.actions()->stop()->isEnabled());

        window.actions()->start()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window), u"Streaming"_s, 30000);
        QVERIFY(window.actions()->stop()->isEnabled());
        QVERIFY(!window.actions()->start()->isEnabled());

        SYNCLINE_PG_CHECK(f->source().exec(
            f->db, u"INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 2000) g;"_s));
        window.showPage(MainWindow::DashboardPageIndex);
        ChartPanel *throughput = window.dashboardPage()->charts().first();
        QTRY_VERIFY_WITH_TIMEOUT(highestY(throughput->lineSeries(0)) > 0 &&
                                     highestY(throughput->lineSeries(1)) > 0,
                                 15000);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        // The engine's log reached the Log page.
        QTRY_VERIFY(window.logPage()->proxy()->rowCount() > 0);

        answerNextQuestion(QMessageBox::Yes); // stopping a streaming pipeline asks first
        window.actions()->stop()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window), u"Stopped"_s, 30000);
        QVERIFY(!opened.first()->isRunning());
        QVERIFY(window.actions()->start()->isEnabled());
    }

    // The Dashboard draws a pipeline's figures whatever its sink type, from the one metrics
    // path every sink reports to: the changes applied, their latency, the slot's lag, retries
    // and (http) dead letters. The http sink's receiver fails at random (500, 429: retries) and
    // refuses one row (a dead letter); the Redis sink's server is stopped for a while (the
    // session retries).
    void dashboardShowsASinksFigures_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addRow("http") << u"http"_s;
        QTest::addRow("redis") << u"redis"_s;
    }

    void dashboardShowsASinksFigures()
    {
        QFETCH(QString, type);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"console_"_s + type,
                                        u"CREATE TABLE items (id int PRIMARY KEY, note text);"_s,
                                        {u"public.items"_s}));
        WebhookReceiver receiver(u"whsec_console"_s);
        RedisServer redis(u"console"_s);
        if (type == u"http"_s) {
            QString problem;
            QVERIFY2(receiver.start(&problem), qPrintable(problem));
            qputenv("SYNCLINE_TEST_CONSOLE_SECRET", "whsec_console");
            f->setSinks(u"  - name: hook\n    type: http\n    url: \"%1\"\n"
                        "    secret: ${SYNCLINE_TEST_CONSOLE_SECRET}\n"
                        "    batch_size: 10\n    max_retries: 0\n"_s.arg(receiver.url()));
        } else {
            SYNCLINE_PG_CHECK(redis.start());
            f->setSinks(u"  - name: cache\n    type: redis\n    url: \"%1\"\n"_s.arg(redis.url()));
        }

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.openFiles({f->pipelineFile}).size(), 1);
        window.actions()->start()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window), u"Streaming"_s, 30000);
        window.showPage(MainWindow::DashboardPageIndex);
        const auto insert = [&](int first, int count) {
            for (int i = first; i < first + count; ++i)
                f->source().exec(f->db, u"INSERT INTO items SELECT g, 'item' FROM "
                                        "generate_series(%1, %1 + 9) g;"_s.arg(i * 10));
        };
        SYNCLINE_PG_CHECK(insert(1, 30));
        const auto &charts = window.dashboardPage()->charts();
        QTRY_VERIFY_WITH_TIMEOUT(highestY(charts[0]->lineSeries(1)) > 0, 30000); // applied
        QTRY_VERIFY_WITH_TIMEOUT(highestY(charts[1]->lineSeries(0)) > 0, 30000); // latency p50
        QTRY_VERIFY_WITH_TIMEOUT(charts[2]->lineSeries(0)->count() > 0, 30000);  // slot lag
        if (type == u"http"_s) {
            SYNCLINE_PG_CHECK(
                f->source().exec(f->db, u"INSERT INTO items VALUES (1, 'reject-me')"_s));
            QTRY_VERIFY_WITH_TIMEOUT(highestY(charts[3]->lineSeries(1)) > 0, 60000); // dead letters
        } else {
            SYNCLINE_PG_CHECK(redis.stop());
            SYNCLINE_PG_CHECK(insert(31, 5));
        }
        QTRY_VERIFY_WITH_TIMEOUT(highestY(charts[3]->lineSeries(0)) > 0, 60000); // retries
        if (type == u"redis"_s)
            SYNCLINE_PG_CHECK(redis.start());

        answerNextQuestion(QMessageBox::Yes);
        window.actions()->stop()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window), u"Stopped"_s, 30000);
    }

    // The Topics page browses a pipeline's embedded broker while the pipeline runs in the
    // console, and says to start it otherwise.
    void topicsBrowseARunningEmbeddedBroker()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"console_embedded"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, name text);"_s,
                                        {u"public.items"_s}));
        f->setTransport(u"  type: kafka\n  brokers: embedded\n"_s);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto opened = window.openFiles({f->pipelineFile});
        QCOMPARE(opened.size(), 1);
        window.showPage(MainWindow::TopicsPageIndex);
        auto *page = window.findChild<TopicsPage *>();
        QVERIFY(page);
        const auto stoppedMessage = [page] {
            return page->message()->isVisible() &&
                   page->message()->text().contains(u"Start the pipeline"_s);
        };
        QVERIFY2(stoppedMessage(), qPrintable(page->message()->text()));

        window.actions()->start()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window), u"Streaming"_s, 30000);
        SYNCLINE_PG_CHECK(f->source().exec(
            f->db, u"INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 200) g;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        QVERIFY(page->job()->connection().bootstrap.startsWith(u"127.0.0.1:"_s));
        QVERIFY(page->job()->connection().properties.isEmpty());
        page->refreshTopics();
        const QString topic = opened.first()->name() + u".public.items"_s;
        const auto messages = [page, &topic] {
            const int row = page->topicModel()->rowOf(topic);
            return row < 0 ? -1 : page->topicModel()->topic(row).messages();
        };
        QTRY_VERIFY_WITH_TIMEOUT(messages() >= 200, 15000);
        QVERIFY(!page->message()->isVisible());
        const QModelIndex index =
            page->topicView()
                ->model()
                ->match(page->topicView()->model()->index(0, TopicListModel::Name), Qt::DisplayRole,
                        topic, 1, Qt::MatchExactly)
                .value(0);
        QVERIFY(index.isValid());
        page->topicView()->setCurrentIndex(index);
        QTRY_VERIFY_WITH_TIMEOUT(page->messageModel()->rowCount() > 0, 15000);

        answerNextQuestion(QMessageBox::Yes);
        window.actions()->stop()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(window), u"Stopped"_s, 30000);
        QTRY_VERIFY(stoppedMessage());
        QCOMPARE(page->topicModel()->rowCount(), 0);
    }

    void aBrokenFileShowsItsProblemsInline()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"broken.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("pipeline: broken\n"
                   "source:\n"
                   "  type: postgres\n"
                   "  dsn: \"host=127.0.0.1 port=1 dbname=x\"\n"
                   "  slto: x\n"
                   "  tables: [public.t]\n");
        file.close();

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFiles({path});
        auto *message = window.pipelinesPage()->findChild<InlineMessage *>();
        QVERIFY(message);
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(u"broken.yaml:5:3: unknown key 'slto'"_s),
                 qPrintable(message->text()));
        QVERIFY(stateOf(window).startsWith(u"Invalid file"_s));

        // Fixed on disk and reloaded: the message goes.
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("pipeline: broken\n"
                   "source:\n"
                   "  type: postgres\n"
                   "  dsn: \"host=127.0.0.1 port=1 dbname=x\"\n"
                   "  tables: [public.t]\n"
                   "sinks:\n"
                   "  - name: replica\n"
                   "    type: postgres\n"
                   "    dsn: \"host=127.0.0.1 port=1 dbname=y\"\n");
        file.close();
        window.actions()->reload()->trigger();
        QVERIFY(!message->isVisible());
        QCOMPARE(stateOf(window), u"Stopped"_s);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
