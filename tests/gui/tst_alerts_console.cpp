// Alerts in the console: core's rules fire for a pipeline run in the window (its servers are
// down, so it retries; retrying_for: 0s fires at once); the Alerts page lists it (model under
// QAbstractItemModelTester) and acknowledges it by a click; the card and the page list carry
// badges; a desktop notification goes out once per pipeline and rule in five minutes however
// often the rule fires again.

#include "alert_center.h"
#include "gui_test_main.h"
#include "main_window.h"
#include "models/alert_model.h"
#include "models/fleet_model.h"
#include "pages/alerts_page.h"
#include "pages/overview_page.h"
#include "pipeline_controller.h"
#include "pipeline_files.h"
#include "widgets/alert_notifier.h"
#include "widgets/fleet_cards_view.h"
#include "widgets/pipeline_card.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

class TestAlertsConsole : public QObject
{
    Q_OBJECT

private:
    PipelineFiles m_files;

private slots:
    void limiterLetsOnePerPipelineAndRuleThrough()
    {
        NotificationLimiter limiter(1000);
        QVERIFY(limiter.allow(u"a"_s, u"lag"_s, 10'000));
        QVERIFY(!limiter.allow(u"a"_s, u"lag"_s, 10'500));
        QVERIFY(limiter.allow(u"a"_s, u"retrying"_s, 10'500)); // another rule
        QVERIFY(limiter.allow(u"b"_s, u"lag"_s, 10'500));      // another pipeline
        QVERIFY(!limiter.allow(u"a"_s, u"lag"_s, 10'999));
        QVERIFY(limiter.allow(u"a"_s, u"lag"_s, 11'000)); // the interval is over
        QCOMPARE(NotificationLimiter::kDefaultIntervalMs, 5 * 60 * 1000);
    }

    void alertFiresListsAcknowledgesAndNotifiesOnce()
    {
        const QString file = m_files.unreachablePipeline(u"alerting"_s);
        QFile yaml(file);
        QVERIFY(yaml.open(QIODevice::Append));
        yaml.write("alerts:\n  retrying_for: 0s\n");
        yaml.close();

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAbstractItemModelTester tester(window.alertsPage()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy notified(window.alertNotifier(), &AlertNotifier::notified);
        PipelineController *controller = window.openFiles({file}).value(0);
        QVERIFY(controller && controller->isLoaded());
        PipelineCard *card = window.overviewPage()->cards()->card(0);
        QTest::mouseClick(card->button(PipelineCard::Action::StartOrStop), Qt::LeftButton);
        QVERIFY(controller->isRunning());

        AlertCenter *center = window.alertCenter();
        QTRY_VERIFY_WITH_TIMEOUT(!center->entries().isEmpty(), 20000);
        const AlertEntry first = center->entries().first();
        QCOMPARE(first.rule, u"retrying"_s);
        QCOMPARE(first.pipeline, u"alerting"_s);
        QVERIFY(first.isActive());
        QVERIFY(!first.message.isEmpty());
        QCOMPARE(center->activeCount(controller), 1);
        QCOMPARE(notified.size(), 1);
        QVERIFY(notified.first().at(0).toString().contains(u"alerting"_s));

        // The card's badge and its figure.
        QCOMPARE(window.fleetModel()->index(0).data(FleetModel::AlertsRole).toInt(), 1);
        auto *badge = card->findChild<QLabel *>(u"cardAlerts"_s);
        QTRY_VERIFY(badge->isVisible());
        QVERIFY(badge->text().startsWith(u"1 alert"_s));

        // The Alerts page lists it, bold until acknowledged by a click.
        window.showPage(MainWindow::AlertsPageIndex);
        AlertsPage *page = window.alertsPage();
        AlertModel *model = page->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, AlertModel::Rule).data().toString(), u"retrying"_s);
        QCOMPARE(model->index(0, AlertModel::Pipeline).data().toString(), u"alerting"_s);
        QVERIFY(model->index(0, AlertModel::Message).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(center->unacknowledgedCount(), 1);
        QVERIFY(!page->acknowledgeButton()->isEnabled());
        page->view()->selectRow(0);
        QVERIFY(page->acknowledgeButton()->isEnabled());
        QTest::mouseClick(page->acknowledgeButton(), Qt::LeftButton);
        QCOMPARE(center->unacknowledgedCount(), 0);
        QVERIFY(model->index(0, AlertModel::State).data(AlertModel::AcknowledgedRole).toBool());
        QVERIFY(!model->index(0, AlertModel::Message).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(center->activeCount(controller), 1); // acknowledged is not cleared

        // Stopped, it clears; started again, it fires again: a second entry, no second
        // notification within five minutes.
        controller->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 30000);
        QTRY_COMPARE(center->activeCount(controller), 0);
        QVERIFY(!center->entries().first().isActive());
        QTRY_VERIFY(!badge->isVisible());
        controller->start();
        QTRY_COMPARE_WITH_TIMEOUT(center->entries().size(), 2, 20000);
        QCOMPARE(center->activeCount(controller), 1);
        QCOMPARE(center->unacknowledgedCount(), 1);
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(model->index(0, AlertModel::State).data(AlertModel::ActiveRole).toBool());
        QVERIFY(!model->index(1, AlertModel::State).data(AlertModel::ActiveRole).toBool());
        QCOMPARE(notified.size(), 1);

        QTest::mouseClick(page->acknowledgeAllButton(), Qt::LeftButton);
        QCOMPARE(center->unacknowledgedCount(), 0);
        controller->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 30000);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestAlertsConsole)
#include "tst_alerts_console.moc"
