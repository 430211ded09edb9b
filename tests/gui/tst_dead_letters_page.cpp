// The Dead letters page in the real console against PostgreSQL servers from the test harness:
// a change the target's CHECK constraint rejects is dead-lettered while the pipeline (started
// from the console) goes on; the page shows it with its class; after the constraint is
// dropped, Replay selected (confirmation auto-accepted, naming the count) applies it once,
// and the audit log on the page records the replay. Also showHeldTable(), on a store written
// directly.

#include "gui_test_main.h"
#include "main_window.h"
#include "message_box_answer.h"
#include "models/dead_letter_model.h"
#include "models/pipeline_list_model.h"
#include "pages/dead_letters_page.h"
#include "pipeline_actions.h"
#include "pipeline_fixture.h"
#include "pipeline_workspace.h"
#include "widgets/dead_letter_detail_view.h"
#include "widgets/dead_letter_filter_bar.h"
#include "widgets/replay_panel.h"

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "dlq/dead_letter_store.h"
#endif

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>

using namespace syncline;
using namespace syncline::test;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

class TestDeadLettersPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK(PgCluster::sharedSource());
        SYNCLINE_PG_CHECK(PgCluster::sharedTarget());
    }

    void failedChangeIsReplayedFromThePageAfterTheFix()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"console_dlq"_s,
                                        u"CREATE TABLE acct (id int PRIMARY KEY, balance int);"_s,
                                        {u"public.acct"_s}));
        SYNCLINE_PG_CHECK(f->target().exec(f->db,
                                           u"CREATE TABLE acct (id int PRIMARY KEY, balance int "
                                           "CONSTRAINT no_overdraft CHECK (balance >= 0));"_s));
        f->setSinkOptions(u"    max_retries: 1\n"_s);

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFiles({f->pipelineFile});
        auto stateOf = [&] {
            return window.pipelineModel()->index(0, PipelineListModel::State).data().toString();
        };
        window.actions()->start()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(), u"Streaming"_s, 30000);
        SYNCLINE_PG_CHECK(f->source().exec(
            f->db, u"INSERT INTO acct VALUES (1, 10); INSERT INTO acct VALUES (2, -5);"
                   "INSERT INTO acct VALUES (3, 7); INSERT INTO acct VALUES (4, -2);"
                   "INSERT INTO acct VALUES (5, -9);"_s));

        // The rejected change shows on the page (Refresh reads the store again).
        window.showPage(MainWindow::DeadLettersPageIndex);
        DeadLettersPage *page = window.deadLettersPage();
        auto *refresh = page->findChild<QPushButton *>(u"deadLettersRefresh"_s);
        QVERIFY(refresh);
        // Until the letter of the last change (id 5) shows: then every change has been dealt
        // with, and exactly three were rejected.
        auto lastChangeShows = [model = page->letterModel()] {
            const int rows = model->rowCount();
            return rows > 0 && model->letterAt(rows - 1)->key == R"({"id":5})";
        };
        for (QElapsedTimer timer; !lastChangeShows();) {
            if (!timer.isValid())
                timer.start();
            QVERIFY2(timer.elapsed() < 60000, "no dead letter for id 5 within 60 s");
            refresh->click();
            QTest::qWait(300);
        }
        QCOMPARE(page->letterModel()->rowCount(), 3);
        QCOMPARE(page->letterModel()->index(0, DeadLetterModel::ErrorClass).data().toString(),
                 u"check_violation"_s);
        QCOMPARE(page->letterModel()->index(0, DeadLetterModel::Status).data().toString(),
                 u"Pending"_s);
        QVERIFY(page->letterModel()
                    ->index(0, DeadLetterModel::Message)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"no_overdraft"_s));
        QTRY_COMPARE(page->classList()->count(), 2); // all, check_violation
        // The counts refresh on the page's poll, which a loaded machine can delay.
        QTRY_VERIFY_WITH_TIMEOUT(
            page->classList()->item(1)->text().startsWith(u"check_violation (3)"_s), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            f->target().queryValue(f->db,
                                   u"SELECT string_agg(id::text, ',' ORDER BY id) FROM acct"_s),
            u"1,3"_s, 30000);
        QCOMPARE(page->letterModel()->letterAt(0)->key, R"({"id":2})");

        // The fix on the target, then Replay selected from the page.
        SYNCLINE_PG_CHECK(
            f->target().exec(f->db, u"ALTER TABLE acct DROP CONSTRAINT no_overdraft;"_s));
        page->letterView()->selectRow(0);
        QTRY_VERIFY(page->detailView()->history()->topLevelItemCount() > 0);
        if (const int pauseMs = qEnvironmentVariableIntValue("SYNCLINE_SCREENSHOT_PAUSE_MS")) {
            // For the README's screenshot: the page with this real data, held still.
            window.resize(1440, 900);
            window.move(0, 0);
            qInfo("SCREENSHOT-READY");
            QTest::qWait(pauseMs);
        }
        QVERIFY(page->replayPanel()->replaySelectedButton()->isEnabled());
        QString question;
        acceptNextMessageBox(u"deadLetterConfirmation"_s, &question);
        QTest::mouseClick(page->replayPanel()->replaySelectedButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(page->replayPanel()->results()->topLevelItemCount(), 1, 30000);
        QVERIFY2(question.contains(u"1 dead letter"_s), qPrintable(question));
        QCOMPARE(page->replayPanel()->results()->topLevelItem(0)->text(1), u"Applied"_s);
        QCOMPARE(f->target().queryValue(f->db, u"SELECT count(*) || ':' || sum(balance) FROM acct "
                                               "WHERE id = 2"_s),
                 u"1:-5"_s);
        // Only the selected one was replayed; replayed ones leave the default view ("needs
        // attention").
        QTRY_COMPARE(page->letterModel()->rowCount(), 2);
        QCOMPARE(f->target().queryValue(f->db, u"SELECT count(*) FROM acct"_s), u"3"_s);

        // The audit log on the page has the replay.
        page->bottomTabs()->setCurrentWidget(page->auditView());
        QTRY_VERIFY(page->auditView()->topLevelItemCount() >= 1);
        const QTreeWidgetItem *entry = page->auditView()->topLevelItem(0); // newest first
        QCOMPARE(entry->text(2), u"replay"_s);
        QCOMPARE(entry->text(5), u"1"_s);
        QVERIFY(entry->text(1).contains(u'@'));

        auto *timer = new QTimer(&window);
        connect(timer, &QTimer::timeout, timer, [timer] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                box->button(QMessageBox::Yes)->click();
                timer->stop();
            }
        });
        timer->start(20);
        window.actions()->stop()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(), u"Stopped"_s, 30000);
    }

    // The Schemas page's "Show held changes" lands here: of a store with letters of two tables
    // and two classes, only the table's schema_change letters show, with their class chosen in
    // the side list and the table in the filter bar.
    void showHeldTableListsItsSchemaChangeLetters()
    {
        QTemporaryDir dir;
        const QString stateDir = dir.filePath(u"state"_s);
        QVERIFY(QDir().mkpath(stateDir));
        {
            dlq::DeadLetterStore store(
                dlq::DeadLetterStore::fileIn(QFile::encodeName(stateDir).toStdString()));
            dlq::DeadLetter letter;
            letter.sink = "replica";
            letter.value = "{}";
            int event = 0;
            auto add = [&](const char *table, const char *errorClass) {
                letter.table = table;
                letter.errorClass = errorClass;
                letter.key = "{\"id\":" + std::to_string(++event) + "}";
                letter.eventId = "0/1/" + std::to_string(event);
                store.add(letter);
            };
            add("public.orders", "schema_change");
            add("public.orders", "check_violation");
            add("public.customers", "schema_change");
            add("public.orders", "schema_change");
        }
        const QString file = dir.filePath(u"held.yaml"_s);
        QFile yaml(file);
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(u"pipeline: held\n"
                   "state_dir: %1\n"
                   "source:\n"
                   "  type: postgres\n"
                   "  dsn: \"host=127.0.0.1 port=1 dbname=shop\"\n"
                   "  tables: [public.orders, public.customers]\n"
                   "sinks:\n"
                   "  - name: replica\n"
                   "    type: postgres\n"
                   "    dsn: \"host=127.0.0.1 port=1 dbname=replica\"\n"_s.arg(stateDir)
                       .toUtf8());
        yaml.close();

        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        DeadLettersPage page(&pipelines);
        page.setPipeline(workspace.open(file));
        QTRY_COMPARE(page.letterModel()->rowCount(), 4);

        page.showHeldTable(u"public.orders"_s);
        QTRY_COMPARE(page.letterModel()->rowCount(), 2);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(page.letterModel()->letterAt(row)->table, "public.orders");
            QCOMPARE(page.letterModel()->letterAt(row)->errorClass, "schema_change");
        }
        QTRY_VERIFY(!page.classList()->selectedItems().isEmpty());
        QVERIFY2(page.classList()->selectedItems().first()->text().startsWith(u"schema_change"_s),
                 qPrintable(page.classList()->selectedItems().first()->text()));
        QCOMPARE(page.filterBar()->tableBox()->currentText(), u"public.orders"_s);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestDeadLettersPage)
#include "tst_dead_letters_page.moc"
