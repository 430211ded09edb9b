// The Validate page. Against PostgreSQL servers from the test harness, in the real console: a
// pipeline started from the console, its target corrupted behind its back (two rows deleted,
// one added, one value changed); "Verify now" is cancellable, then finds exactly those keys with a
// live progress bar while the window keeps answering; the changed row shows source beside target
// with its column highlighted; "Repair selected" (the confirmation names the count and the sink and
// shows the dry run) fixes that one row and verifies again; "Repair all" fixes the rest; the audit
// log on the page shows both repairs. Once the pipeline is stopped, verify says why it cannot
// confirm a difference. Without servers, through the page's seam (fixed results): the browser, and
// the confirmation's count, sink and dry-run lines, Cancel changing nothing.

#include "gui_test_main.h"
#include "main_window.h"
#include "models/difference_model.h"
#include "models/pipeline_list_model.h"
#include "models/row_comparison_model.h"
#include "models/verify_result_model.h"
#include "pages/validate_page.h"
#include "pipeline_actions.h"
#include "pipeline_fixture.h"
#include "pipeline_workspace.h"
#include "verify_job.h"
#include "verify_result_fixture.h"
#include "widgets/inline_message.h"
#include "widgets/repair_audit_view.h"
#include "widgets/verify_progress_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>

using namespace syncline;
using namespace syncline::test;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

// The next repair confirmation once it shows: its question and dry run kept, then `answer`.
struct RepairBox
{
    QString question;
    QString dryRun;
    bool seen = false;
};

void answerNextRepairBox(QMessageBox::StandardButton answer, RepairBox *box)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer, box] {
        auto *shown = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!shown || shown->objectName() != u"validateRepairConfirmation"_s)
            return;
        box->question = shown->text();
        box->dryRun = shown->informativeText() + u'\n' + shown->detailedText();
        box->seen = true;
        shown->button(answer)->click();
        timer->deleteLater();
    });
    timer->start();
}

// Clicks row `row` of `view` like a user, with `modifiers` (Ctrl adds to the selection).
void clickRow(QTableView *view, int row, Qt::KeyboardModifiers modifiers = {})
{
    const QRect rect = view->visualRect(view->model()->index(row, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, rect.center());
}

int rowWithKey(const DifferenceModel &model, const QString &key)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, DifferenceModel::Key).data().toString() == key)
            return row;
    return -1;
}

// The window shown with `file` open, on the Validate page; null when it does not show.
ValidatePage *openOnValidatePage(MainWindow &window, const QString &file)
{
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return nullptr;
    window.openFiles({file});
    window.showPage(MainWindow::ValidatePageIndex);
    return window.validatePage();
}

QString pipelineState(const MainWindow &window)
{
    return window.pipelineModel()->index(0, PipelineListModel::State).data().toString();
}

// Stops the window's pipeline as a user does (Stop, then Yes in the question that follows);
// true once it shows Stopped.
bool stopAndWait(MainWindow &window)
{
    auto *timer = new QTimer(&window);
    QObject::connect(timer, &QTimer::timeout, timer, [timer] {
        if (auto *shown = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown->button(QMessageBox::Yes)->click();
            timer->stop();
        }
    });
    timer->start(20);
    window.actions()->stop()->trigger();
    return QTest::qWaitFor([&] { return pipelineState(window) == u"Stopped"_s; }, 30000);
}

// The longest the GUI thread went without running its event loop while it was measured.
class Responsiveness : public QObject
{
public:
    explicit Responsiveness(QObject *parent) : QObject(parent)
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this,
                [this] { m_longestMs = std::max(m_longestMs, m_clock.restart()); });
        m_clock.start();
        m_timer.start();
    }
    qint64 longestMs() const { return m_longestMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longestMs = 0;
};

} // namespace

class TestValidatePage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The English plural forms the console installs ("1 row", "3 rows").
        QVERIFY(m_plurals.load(QStringLiteral(SYNCLINE_EN_QM)));
        QCoreApplication::installTranslator(&m_plurals);
        SYNCLINE_PG_CHECK(PgCluster::sharedSource());
        SYNCLINE_PG_CHECK(PgCluster::sharedTarget());
    }

    void verifyAndRepairAStreamingPipeline()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"console_validate"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, qty int, note "
                                        "text); INSERT INTO items SELECT g, g % 97, 'seed' FROM "
                                        "generate_series(1, 5000) g; ANALYZE items;"_s,
                                        {u"public.items"_s}));
        MainWindow window;
        ValidatePage *page = openOnValidatePage(window, f->pipelineFile);
        QVERIFY(page);
        QSignalSpy finished(page, &ValidatePage::runFinished);
        QCOMPARE(page->sinkBox()->currentText(), u"replica"_s);

        auto stateOf = [&] { return pipelineState(window); };
        window.actions()->start()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(), u"Streaming"_s, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(f->target().queryValue(f->db, u"SELECT count(*) FROM items"_s),
                                  u"5000"_s, 60000);
        SYNCLINE_PG_CHECK(f->target().exec(f->db,
                                           u"DELETE FROM items WHERE id IN (10, 20);"
                                           "INSERT INTO items VALUES (900001, 1, 'extra');"
                                           "UPDATE items SET note = 'corrupt' WHERE id = 30;"_s));

        // Cancelled at once: nothing compared, said so.
        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        QVERIFY(page->progressPanel()->isVisible());
        QTest::mouseClick(page->progressPanel()->cancelButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY2(page->message()->text().startsWith(u"Cancelled."_s),
                 qPrintable(page->message()->text()));
        QVERIFY(!page->progressPanel()->isVisible());
        QCOMPARE(page->resultModel()->rowCount(), 0); // the verifier stopped before a table

        // Verify now: live progress, then exactly the corrupted keys.
        Responsiveness responsiveness(this);
        QSignalSpy passes(page->job(), &VerifyJob::passStarted);
        QSignalSpy progress(page->job(), &VerifyJob::progress);
        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        QVERIFY(page->progressPanel()->isVisible());
        QVERIFY(!page->verifyButton()->isEnabled());
        QVERIFY(finished.wait(120000));
        QVERIFY2(page->message()->text().endsWith(u": 4 differences."_s),
                 qPrintable(page->message()->text()));
        QCOMPARE(passes.count(), 1);
        QCOMPARE(passes.at(0).at(1).toLongLong(), 5000); // the planner's estimate (ANALYZE)
        QVERIFY(!progress.isEmpty());
        const auto last = progress.last().at(1).value<VerifyProgress>();
        QCOMPARE(last.rowsCompared, 5000);
        QCOMPARE(last.rowsEstimated, 5000);
        QCOMPARE(last.table, u"public.items"_s);
        QCOMPARE(page->progressPanel()->bar()->value(), page->progressPanel()->bar()->maximum());
        QVERIFY2(responsiveness.longestMs() < 300,
                 qPrintable(u"the GUI thread stalled %1 ms"_s.arg(responsiveness.longestMs())));
        qInfo("longest GUI-thread gap while verifying: %lld ms", responsiveness.longestMs());
        QCOMPARE(page->resultModel()->rowCount(), 1);
        QCOMPARE(page->resultModel()->index(0, VerifyResultModel::Missing).data().toString(),
                 u"2"_s);
        QCOMPARE(page->resultModel()->index(0, VerifyResultModel::Extra).data().toString(), u"1"_s);
        QCOMPARE(page->resultModel()->index(0, VerifyResultModel::Different).data().toString(),
                 u"1"_s);
        DifferenceModel *differences = page->differenceModel();
        QCOMPARE(differences->rowCount(), 4);
        for (const QString &key : {u"id = 10"_s, u"id = 20"_s, u"id = 30"_s, u"id = 900001"_s})
            QVERIFY2(rowWithKey(*differences, key) >= 0, qPrintable(key));

        // The changed row: source beside target, the changed column highlighted.
        clickRow(page->differenceView(), rowWithKey(*differences, u"id = 30"_s));
        QCOMPARE(page->rowModel()->changedColumns(), QStringList{u"note"_s});
        QCOMPARE(page->differenceView()->selectionModel()->selectedRows().size(), 1);

        // Repair selected: one missing row only, after a confirmation naming it.
        clickRow(page->differenceView(), rowWithKey(*differences, u"id = 10"_s));
        QCOMPARE(page->differenceView()->selectionModel()->selectedRows().size(), 1);
        RepairBox box;
        answerNextRepairBox(QMessageBox::Yes, &box);
        QTest::mouseClick(page->repairSelectedButton(), Qt::LeftButton);
        QVERIFY(box.seen);
        QCOMPARE(box.question, u"Repair 1 row on sink replica?"_s);
        QVERIFY2(box.dryRun.contains(u"{\"id\": \"10\"}: insert from the source"_s) &&
                     !box.dryRun.contains(u"\"20\""_s),
                 qPrintable(box.dryRun));
        QVERIFY(finished.wait(180000));
        QVERIFY2(page->message()->text().startsWith(u"Repaired 1 row; verified again."_s) &&
                     page->message()->text().endsWith(u": 3 differences."_s),
                 qPrintable(page->message()->text()));
        QCOMPARE(f->target().queryValue(f->db, u"SELECT note FROM items WHERE id = 10"_s),
                 u"seed"_s);
        QCOMPARE(page->differenceModel()->rowCount(), 3);
        QCOMPARE(rowWithKey(*differences, u"id = 10"_s), -1);
        QTRY_COMPARE(page->auditView()->topLevelItemCount(), 1);
        QCOMPARE(page->auditView()->topLevelItem(0)->text(4), u"1"_s);
        QCOMPARE(page->auditView()->topLevelItem(0)->text(5), u"1 missing, 0 extra, 0 different"_s);

        if (const int pauseMs = qEnvironmentVariableIntValue("SYNCLINE_SCREENSHOT_PAUSE_MS")) {
            // For the README's screenshot: the page with this real data, held still.
            window.resize(1440, 900);
            window.move(0, 0);
            clickRow(page->differenceView(), rowWithKey(*differences, u"id = 30"_s));
            qInfo("SCREENSHOT-READY");
            QTest::qWait(pauseMs);
        }

        // Repair all: the other three.
        answerNextRepairBox(QMessageBox::Yes, &box);
        QTest::mouseClick(page->repairAllButton(), Qt::LeftButton);
        QCOMPARE(box.question, u"Repair 3 rows on sink replica?"_s);
        QVERIFY(finished.wait(180000));
        QVERIFY2(page->message()->text().contains(u"no differences"_s),
                 qPrintable(page->message()->text()));
        QCOMPARE(page->resultModel()->differenceCount(), 0);
        QVERIFY(!page->repairAllButton()->isEnabled());
        QCOMPARE(f->target().queryValue(f->db, u"SELECT count(*) || ':' || max(id) FROM items"_s),
                 u"5000:5000"_s);
        QTRY_COMPARE(page->auditView()->topLevelItemCount(), 2);
        const QTreeWidgetItem *newest = page->auditView()->topLevelItem(0);
        QCOMPARE(newest->text(2), u"replica"_s);
        QCOMPARE(newest->text(3), u"public.items"_s);
        QCOMPARE(newest->text(4), u"3"_s);
        QVERIFY(newest->text(1).contains(u'@'));

        QVERIFY(stopAndWait(window));

        // Stopped, with a difference again: verify cannot confirm it without the stream, says
        // why on the page, and keeps the last result. (Equal copies compare equal even then:
        // only a suspected difference waits for the sink.)
        SYNCLINE_PG_CHECK(f->target().exec(f->db, u"DELETE FROM items WHERE id = 40"_s));
        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY2(page->message()->text().contains(u"not running"_s),
                 qPrintable(page->message()->text()));
        QCOMPARE(page->resultModel()->rowCount(), 1);
    }

    // A pipeline with an embedded Kafka broker, which only this process reaches: running in
    // this console, verify follows its sink through it and finds the row deleted behind its back.
    void embeddedBrokerVerifiesWhileRunningHere()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"console_validate_kafka"_s,
                                        u"CREATE TABLE items (id int PRIMARY KEY, qty int); "
                                        "INSERT INTO items SELECT g, g FROM generate_series(1, "
                                        "200) g;"_s,
                                        {u"public.items"_s}));
        f->setTransport(u"  type: kafka\n  brokers: embedded\n"_s);
        MainWindow window;
        ValidatePage *page = openOnValidatePage(window, f->pipelineFile);
        QVERIFY(page);
        QSignalSpy finished(page, &ValidatePage::runFinished);
        auto stateOf = [&] { return pipelineState(window); };
        window.actions()->start()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(), u"Streaming"_s, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(f->target().queryValue(f->db, u"SELECT count(*) FROM items"_s),
                                  u"200"_s, 60000);
        SYNCLINE_PG_CHECK(f->target().exec(f->db, u"DELETE FROM items WHERE id = 7"_s));

        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY2(page->message()->text().endsWith(u": 1 difference."_s),
                 qPrintable(page->message()->text()));
        QCOMPARE(page->resultModel()->rowCount(), 1);
        QCOMPARE(page->differenceModel()->rowCount(), 1);

        QVERIFY(stopAndWait(window));

        // Stopped, the broker is gone with the pipeline: said plainly, with what to do.
        QTest::mouseClick(page->verifyButton(), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY2(page->message()->text().contains(u"start the pipeline here"_s),
                 qPrintable(page->message()->text()));
    }

    // Fixed results through the page's seam: browsing them, and the repair confirmation.
    void browseAndConfirmFixedResults()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"fixed.yaml"_s);
        QFile yaml(file);
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(u"pipeline: fixed\n"
                   "state_dir: %1\n"
                   "source:\n"
                   "  type: postgres\n"
                   "  dsn: \"host=127.0.0.1 port=1 dbname=shop connect_timeout=2\"\n"
                   "  tables: [public.items, public.orders, public.ledger]\n"
                   "sinks:\n"
                   "  - name: replica\n"
                   "    type: postgres\n"
                   "    dsn: \"host=127.0.0.1 port=1 dbname=replica connect_timeout=2\"\n"_s
                       .arg(dir.filePath(u"state"_s))
                       .toUtf8());
        yaml.close();

        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        ValidatePage page(&pipelines);
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setPipeline(workspace.open(file));
        QCOMPARE(page.sink(), u"replica"_s);
        QVERIFY(!page.repairAllButton()->isEnabled());
        page.showResults(sampleVerifyResults());

        // The first table with differences is chosen, and its first difference.
        QCOMPARE(page.resultModel()->rowCount(), 3);
        QCOMPARE(page.resultView()->currentIndex().row(), 0);
        QCOMPARE(page.differenceModel()->rowCount(), 3);
        QVERIFY(!page.rowModel()->hasTarget()); // id 2500 is missing on the target
        QVERIFY(page.repairAllButton()->isEnabled());
        QCOMPARE(page.summary()->text(), u"Last result: 3 differences in 3 tables."_s);

        clickRow(page.differenceView(), 2); // id 5000: different
        QCOMPARE(page.rowModel()->changedColumns(), QStringList{u"note"_s});
        clickRow(page.differenceView(), 0, Qt::ControlModifier);
        QCOMPARE(page.differenceView()->selectionModel()->selectedRows().size(), 2);

        // Cancel changes nothing.
        RepairBox box;
        answerNextRepairBox(QMessageBox::Cancel, &box);
        QTest::mouseClick(page.repairSelectedButton(), Qt::LeftButton);
        QVERIFY(box.seen);
        QCOMPARE(box.question, u"Repair 2 rows on sink replica?"_s);
        QVERIFY2(box.dryRun.contains(u"replica public.items {\"id\": \"2500\"}: insert from "
                                     "the source"_s) &&
                     box.dryRun.contains(u"{\"id\": \"5000\"}: update from the source"_s) &&
                     !box.dryRun.contains(u"900001"_s),
                 qPrintable(box.dryRun));
        QVERIFY(!page.job()->isRunning());
        QVERIFY(page.repairAllButton()->isEnabled());

        answerNextRepairBox(QMessageBox::Cancel, &box);
        QTest::mouseClick(page.repairAllButton(), Qt::LeftButton);
        QCOMPARE(box.question, u"Repair 3 rows on sink replica?"_s);
        QVERIFY(box.dryRun.contains(u"{\"id\": \"900001\"}: delete"_s));
        QVERIFY(!page.job()->isRunning());

        // Choosing the equal table shows no differences; the failed one says why.
        clickRow(page.resultView(), 1);
        QCOMPARE(page.differenceModel()->rowCount(), 0);
        QVERIFY(!page.repairSelectedButton()->isEnabled());
        clickRow(page.resultView(), 2);
        QVERIFY(page.resultModel()
                    ->index(2, VerifyResultModel::Outcome)
                    .data()
                    .toString()
                    .contains(u"no primary key"_s));
    }

private:
    QTranslator m_plurals;
};

SYNCLINE_GUI_TEST_MAIN(TestValidatePage)
#include "tst_validate_page.moc"
