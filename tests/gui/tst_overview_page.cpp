// The fleet overview, the console's first page: its model under QAbstractItemModelTester, the
// cards and the table toggled by real clicks, a card's buttons acting on its pipeline, the
// detail pane; then the real window with two pipelines against PostgreSQL servers from the
// harness (started from their cards, streaming, sparklines and sink positions, shut down with
// both running), and the charts' history across a restart.

#include "gui_test_main.h"
#include "main_window.h"
#include "message_box_answer.h"
#include "models/fleet_model.h"
#include "models/log_model.h"
#include "models/pipeline_list_model.h"
#include "pages/dashboard_page.h"
#include "pages/overview_page.h"
#include "pages/pipelines_page.h"
#include "pipeline_actions.h"
#include "pipeline_controller.h"
#include "pipeline_files.h"
#include "pipeline_fixture.h"
#include "pipeline_workspace.h"
#include "widgets/chart_panel.h"
#include "widgets/fleet_cards_view.h"
#include "widgets/pipeline_card.h"
#include "widgets/pipeline_detail_pane.h"
#include "widgets/sparkline.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLineSeries>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace syncline;
using namespace syncline::test;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

void click(QAbstractButton *button)
{
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
}

double highest(const QList<QPointF> &points)
{
    double top = 0;
    for (const QPointF &point : points)
        top = std::max(top, point.y());
    return top;
}

} // namespace

class TestOverviewPage : public QObject
{
    Q_OBJECT

private:
    PipelineFiles m_files;

    static PipelineCard *cardOf(MainWindow &window, PipelineController *controller)
    {
        const QModelIndex index = window.fleetModel()->indexOf(controller);
        return index.isValid() ? window.overviewPage()->cards()->card(index.row()) : nullptr;
    }

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK(PgCluster::sharedSource());
        SYNCLINE_PG_CHECK(PgCluster::sharedTarget());
    }

    // No servers needed: files that load and one that does not, clicks on the toggle, on a
    // card and on its buttons.
    void cardsTableToggleAndActions()
    {
        PipelineWorkspace workspace;
        FleetModel model(&workspace);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        PipelineListModel listModel(&workspace);
        LogModel log;
        QWidget host;
        PipelineActions actions(&workspace, &host);
        auto *table = new PipelinesPage(&listModel);
        connect(table, &PipelinesPage::currentPipelineChanged, &actions,
                &PipelineActions::setCurrent);
        auto *page = new OverviewPage(&model, table, &actions, &log, &host);
        auto *layout = new QVBoxLayout(&host);
        layout->addWidget(page);
        host.resize(1280, 800);
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));

        PipelineController *orders = workspace.open(m_files.unreachablePipeline(u"orders"_s));
        PipelineController *billing = workspace.open(m_files.unreachablePipeline(u"billing"_s));
        PipelineController *broken = workspace.open(m_files.write(
            u"broken.yaml"_s, u"pipeline: broken\nsource:\n  type: postgres\n  slto: x\n"_s));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(page->cards()->cardCount(), 3);
        QCOMPARE(model.index(0).data().toString(), u"orders"_s);
        QCOMPARE(model.index(0).data(FleetModel::StateRole).toInt(), int(PipelineState::Stopped));
        QCOMPARE(model.index(2).data(FleetModel::StateRole).toInt(), -1);
        QVERIFY(!model.index(2).data(FleetModel::ReasonRole).toString().isEmpty());
        QCOMPARE(model.index(0).data(FleetModel::SinksRole).toStringList(),
                 QStringList{u"replica"_s});
        QVERIFY(model.index(0).data(FleetModel::LagSeriesRole).value<QList<QPointF>>().isEmpty());
        QCOMPARE(model.index(1).data(FleetModel::ControllerRole).value<PipelineController *>(),
                 billing);
        QVERIFY(!page->cards()->card(2)->button(PipelineCard::Action::StartOrStop)->isEnabled());

        // The toggle: table, then cards again, by clicks.
        QCOMPARE(page->view(), OverviewPage::View::Cards);
        QVERIFY(page->cards()->isVisible());
        click(page->tableToggle());
        QCOMPARE(page->view(), OverviewPage::View::Table);
        QVERIFY(table->isVisible());
        QVERIFY(!page->cards()->isVisible());
        QCOMPARE(table->view()->model()->rowCount(), 3);
        click(page->cardsToggle());
        QCOMPARE(page->view(), OverviewPage::View::Cards);
        QVERIFY(page->cards()->isVisible());
        QVERIFY(!table->isVisible());

        // A click on a card selects its pipeline everywhere: the table, the actions, the pane.
        QTest::mouseClick(page->cards()->card(1), Qt::LeftButton, {}, QPoint(20, 20));
        QCOMPARE(table->currentPipeline(), billing);
        QCOMPARE(actions.current(), billing);
        QVERIFY(page->cards()->card(1)->isSelected());
        QVERIFY(!page->cards()->card(0)->isSelected());
        QCOMPARE(page->detail()->pipeline(), billing);
        QVERIFY(page->detail()->slotText().contains(u"billing_slot"_s));
        // Its servers are down: the pane says so once the probe answers.
        QTRY_VERIFY_WITH_TIMEOUT(page->detail()->slotText().contains(u"unreachable"_s), 15000);

        // Start on the first card: it starts that pipeline (not the selected one).
        click(page->cards()->card(0)->button(PipelineCard::Action::StartOrStop));
        QVERIFY(orders->isRunning());
        QVERIFY(!billing->isRunning());
        QCOMPARE(table->currentPipeline(), orders);
        QTRY_COMPARE_WITH_TIMEOUT(model.index(0).data(FleetModel::StateRole).toInt(),
                                  int(PipelineState::Retrying), 15000);
        QTRY_COMPARE(page->cards()->card(0)->button(PipelineCard::Action::StartOrStop)->text(),
                     u"Stop"_s);
        QTRY_VERIFY(!model.index(0).data(FleetModel::ReasonRole).toString().isEmpty());
        // Stop: a retrying pipeline moves no data, so it stops without asking.
        click(page->cards()->card(0)->button(PipelineCard::Action::StartOrStop));
        QTRY_VERIFY_WITH_TIMEOUT(!orders->isRunning(), 30000);
        QTRY_COMPARE(page->cards()->card(0)->button(PipelineCard::Action::StartOrStop)->text(),
                     u"Start"_s);

        // Dashboard and Dead letters ask for their page with the card's pipeline.
        QSignalSpy dashboard(page, &OverviewPage::dashboardRequested);
        QSignalSpy deadLetters(page, &OverviewPage::deadLettersRequested);
        click(page->cards()->card(1)->button(PipelineCard::Action::Dashboard));
        QCOMPARE(dashboard.size(), 1);
        QCOMPARE(dashboard.first().first().value<PipelineController *>(), billing);
        click(page->cards()->card(2)->button(PipelineCard::Action::DeadLetters));
        QCOMPARE(deadLetters.size(), 1);
        QCOMPARE(deadLetters.first().first().value<PipelineController *>(), broken);

        // Closing a pipeline removes its card; the model tester watches the removal.
        QVERIFY(workspace.close(orders));
        QCOMPARE(page->cards()->cardCount(), 2);
    }

    // The window as a user runs it: two pipelines, started from their cards, streaming; the
    // cards draw their sparklines and each sink's position; closing with both running stops
    // both and closes.
    void twoPipelinesStartStreamAndShutDown()
    {
        const QString schema = u"CREATE TABLE items (id int PRIMARY KEY, name text);"_s;
        std::unique_ptr<PipelineFixture> a, b;
        SYNCLINE_PG_CHECK(a = PipelineFixture::create(u"fleet_a"_s, schema, {u"public.items"_s}));
        SYNCLINE_PG_CHECK(b = PipelineFixture::create(u"fleet_b"_s, schema, {u"public.items"_s}));
        auto window = std::make_unique<MainWindow>();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        const auto opened = window->openFiles({a->pipelineFile, b->pipelineFile});
        QCOMPARE(opened.size(), 2);
        QCOMPARE(window->findChild<QListWidget *>(u"pageList"_s)->currentRow(),
                 int(MainWindow::OverviewPageIndex));
        QAbstractItemModelTester tester(window->fleetModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (PipelineController *controller : opened)
            click(cardOf(*window, controller)->button(PipelineCard::Action::StartOrStop));
        for (PipelineController *controller : opened)
            QTRY_COMPARE_WITH_TIMEOUT(controller->status().state, PipelineState::Streaming, 30000);

        for (const auto &f : {a.get(), b.get()})
            SYNCLINE_PG_CHECK(f->source().exec(
                f->db,
                u"INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 3000) g;"_s));
        SYNCLINE_EXPECT_OK(a->waitUntilInSync());
        SYNCLINE_EXPECT_OK(b->waitUntilInSync());
        for (PipelineController *controller : opened) {
            PipelineCard *card = cardOf(*window, controller);
            QTRY_VERIFY_WITH_TIMEOUT(highest(card->throughputSparkline()->points()) > 0, 15000);
            // Each sink's own position, from the probe of its target.
            controller->probeServers();
            QTRY_VERIFY_WITH_TIMEOUT(window->fleetModel()
                                         ->indexOf(controller)
                                         .data(FleetModel::SinksRole)
                                         .toStringList()
                                         .value(0)
                                         .contains(u"behind"_s),
                                     20000);
        }
        // The detail pane under the selection: the second pipeline's slot, active.
        QTest::mouseClick(cardOf(*window, opened.at(1)), Qt::LeftButton, {}, QPoint(20, 20));
        PipelineDetailPane *detail = window->overviewPage()->detail();
        QCOMPARE(detail->pipeline(), opened.at(1));
        QTRY_VERIFY_WITH_TIMEOUT(detail->slotText().contains(u"yes"_s), 20000);
        QVERIFY2(detail->slotText().contains(u"reserved"_s), qPrintable(detail->slotText()));
        QVERIFY(detail->sinksText().contains(u"behind"_s));

        // The card's Dashboard button shows that pipeline's dashboard.
        click(cardOf(*window, opened.at(0))->button(PipelineCard::Action::Dashboard));
        QCOMPARE(window->findChild<QListWidget *>(u"pageList"_s)->currentRow(),
                 int(MainWindow::DashboardPageIndex));
        QCOMPARE(window->dashboardPage()->pipeline(), opened.at(0));

        // Shutting down with both running: both stop gracefully, then the window closes.
        QSignalSpy stopped0(opened.at(0), &PipelineController::runningChanged);
        window->stopAllAndQuit();
        QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 60000);
        QVERIFY(!opened.at(0)->isRunning());
        QVERIFY(!opened.at(1)->isRunning());
        window.reset(); // destroys the controllers: nothing hangs
    }

    // A pipeline stopped and started again in the console keeps its chart history: the
    // Dashboard and the card still show what the first run applied.
    void chartHistorySurvivesARestart()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"fleet_restart"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, name text);"_s,
                                        {u"public.items"_s}));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        PipelineController *controller = window.openFiles({f->pipelineFile}).value(0);
        QVERIFY(controller);
        PipelineCard *card = cardOf(window, controller);
        click(card->button(PipelineCard::Action::StartOrStop));
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().state, PipelineState::Streaming, 30000);
        SYNCLINE_PG_CHECK(f->source().exec(
            f->db, u"INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 3000) g;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        QTRY_VERIFY_WITH_TIMEOUT(highest(card->throughputSparkline()->points()) > 0, 15000);
        const auto firstRun = controller->series(Metric::EventsOutPerSecond, 0);
        QVERIFY(!firstRun.empty());

        answerNextQuestion(QMessageBox::Yes); // stopping a streaming pipeline asks first
        click(card->button(PipelineCard::Action::StartOrStop));
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 30000);
        click(card->button(PipelineCard::Action::StartOrStop));
        QVERIFY(controller->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().state, PipelineState::Streaming, 30000);

        // The new run has applied nothing, yet the first run's points are still there.
        const auto afterRestart = controller->series(Metric::EventsOutPerSecond, 0);
        QVERIFY(afterRestart.size() >= firstRun.size());
        QCOMPARE(afterRestart.front().timeMs, firstRun.front().timeMs);
        QTRY_VERIFY_WITH_TIMEOUT(controller->metrics().timeMs > firstRun.back().timeMs, 10000);
        card->refresh();
        QVERIFY(highest(card->throughputSparkline()->points()) > 0);
        window.showPage(MainWindow::DashboardPageIndex);
        QCOMPARE(window.dashboardPage()->pipeline(), controller);
        ChartPanel *throughput = window.dashboardPage()->charts().first();
        QTRY_VERIFY_WITH_TIMEOUT(highest(throughput->lineSeries(1)->points()) > 0, 10000);

        window.showPage(MainWindow::OverviewPageIndex);
        answerNextQuestion(QMessageBox::Yes);
        click(card->button(PipelineCard::Action::StartOrStop));
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 30000);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestOverviewPage)
#include "tst_overview_page.moc"
