// The Schemas page on a real workspace: a pipeline file whose state directory holds a history
// written by core's SchemaHistory. Tables, versions, columns and the diff through the page's
// models (under QAbstractItemModelTester), inline messages for a pipeline that never ran and a
// corrupt file, reloading when the pipeline changes, and the page's place in the main window.

#include "gui_test_main.h"
#include "main_window.h"
#include "message_box_answer.h"
#include "models/pipeline_list_model.h"
#include "models/schema_action_model.h"
#include "models/schema_column_model.h"
#include "models/schema_diff_model.h"
#include "models/schema_table_model.h"
#include "models/schema_version_model.h"
#include "pages/schemas_page.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "schema_history_fixture.h"
#include "schema_snapshot.h"
#include "widgets/inline_message.h"

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "dlq/dead_letter_store.h"
#include "snapshot/snapshot_progress.h"
#endif

#include <QAbstractItemModelTester>
#include <QAction>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>

using namespace syncline;
using namespace syncline::test;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

class TestSchemasPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // A pipeline file (its servers are never contacted) keeping its state in state/<name>.
    QString pipelineFile(const QString &name, const QString &tables = u"[public.orders]"_s)
    {
        const QString path = m_dir.filePath(name + u".yaml"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(u"pipeline: %1\n"
                   "state_dir: %2\n"
                   "source:\n"
                   "  type: postgres\n"
                   "  dsn: \"host=127.0.0.1 port=1 dbname=shop\"\n"
                   "  tables: %3\n"
                   "sinks:\n"
                   "  - name: replica\n"
                   "    type: postgres\n"
                   "    dsn: \"host=127.0.0.1 port=1 dbname=replica\"\n"_s
                       .arg(name, stateDir(name), tables)
                       .toUtf8());
        return path;
    }

    QString stateDir(const QString &name) const { return m_dir.filePath(u"state/"_s + name); }

    static QString cell(const QAbstractItemModel *model, int row, int column)
    {
        return model->index(row, column).data().toString();
    }

    // A schema history, and two changes of public.orders held by sink replica.
    std::filesystem::path holdOrders(const QString &name)
    {
        schema_fixture::writeSample(stateDir(name));
        const auto state = schema_fixture::path(stateDir(name));
        dlq::DeadLetterStore store(dlq::DeadLetterStore::fileIn(state));
        dlq::DeadLetter letter;
        letter.sink = "replica";
        letter.table = "public.orders";
        letter.key = "{\"id\":1}";
        letter.value = "{}";
        letter.errorClass = "schema_change";
        letter.message = "schema change refused by the sink's policy";
        for (const char *event : {"0/1/0", "0/1/1"}) {
            letter.eventId = event;
            store.add(letter);
        }
        return state;
    }

    // A shown Schemas page on the pipeline `name` (its file listing `tables`), history read.
    struct OpenPage
    {
        PipelineWorkspace workspace;
        PipelineListModel pipelines{&workspace};
        SchemasPage page{&pipelines};
        QString file;
        PipelineController *controller = nullptr;
    };
    std::unique_ptr<OpenPage> openPage(const QString &name, const QString &tables)
    {
        auto opened = std::make_unique<OpenPage>();
        opened->page.show();
        QSignalSpy loaded(&opened->page, &SchemasPage::historyLoaded);
        opened->file = pipelineFile(name, tables);
        opened->controller = opened->workspace.open(opened->file);
        return loaded.wait(5000) ? std::move(opened) : nullptr;
    }

    QString fileText(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    static bool waitForLoad(SchemasPage &page)
    {
        QSignalSpy loaded(&page, &SchemasPage::historyLoaded);
        return loaded.wait(5000);
    }

private slots:
    // A table a sink holds: the warning says so, "Show held changes" (clicked) asks for the
    // Dead letters page on it, and a resync discards the held changes and asks for a copy.
    void heldTableCanBeShownAndResynced()
    {
        const auto state = holdOrders(u"held"_s);
        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        SchemasPage page(&pipelines);
        page.show();
        QAbstractItemModelTester actions(page.actionModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&page, &SchemasPage::historyLoaded);
        workspace.open(pipelineFile(u"held"_s));
        QVERIFY(loaded.wait(5000));
        QVERIFY(page.message()->isVisible());
        QVERIFY2(page.message()->text().contains(u"public.orders is held by sink replica"_s),
                 qPrintable(page.message()->text()));
        auto *show = page.findChild<QPushButton *>(u"schemasShowHeld"_s);
        QVERIFY(show && show->isVisible());
        QSignalSpy requested(&page, &SchemasPage::heldChangesRequested);
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().toString(), u"public.orders"_s);

        page.resyncHeldTable(true);
        QVERIFY(dlq::DeadLetterStore(dlq::DeadLetterStore::fileIn(state)).quarantines().empty());
        const auto jobs = SnapshotProgress(SnapshotProgress::fileIn(state)).jobs();
        QCOMPARE(jobs.size(), 1u);
        QCOMPARE(jobs.front().table, "public.orders");
        QVERIFY(waitForLoad(page));
        QVERIFY(!show->isVisible());
    }

    // "Drop from pipeline…" (clicked, confirmation accepted): the question names the table and
    // the count; the held changes are discarded, audited; the table leaves the file's tables.
    void heldTableCanBeDroppedFromThePipeline()
    {
        const auto state = holdOrders(u"drop"_s);
        const auto opened = openPage(u"drop"_s, u"[public.orders, public.customers]"_s);
        QVERIFY(opened);
        SchemasPage &page = opened->page;
        const QString &file = opened->file;
        auto *drop = page.findChild<QPushButton *>(u"schemasDrop"_s);
        QVERIFY(drop && drop->isVisible());

        QString question;
        acceptNextMessageBox(u"schemasDropConfirmation"_s, &question);
        QTest::mouseClick(drop, Qt::LeftButton);
        QVERIFY2(question.contains(u"Drop public.orders from the pipeline?"_s) &&
                     question.contains(u"discarded: 2."_s),
                 qPrintable(question));
        QVERIFY2(page.message()->text().contains(u"public.orders dropped from the pipeline"_s),
                 qPrintable(page.message()->text()));
        QVERIFY2(fileText(file).contains(u"tables: [public.customers]"_s),
                 qPrintable(fileText(file)));
        QVERIFY(opened->controller->isLoaded()); // the file is still valid, and read again
        dlq::DeadLetterStore store(dlq::DeadLetterStore::fileIn(state));
        QVERIFY(store.quarantines().empty());
        const auto audit = store.audit();
        const auto entry = std::find_if(audit.begin(), audit.end(), [](const auto &each) {
            return each.detail == "drop of public.orders from the pipeline";
        });
        QVERIFY(entry != audit.end());
        QCOMPARE(entry->action, "discard");
        QCOMPARE(entry->affected, 2);
        QVERIFY(waitForLoad(page));
        QVERIFY(!drop->isVisible());
    }

    // A table only a pattern takes in cannot be left out by editing the list: refused, with the
    // pattern named, and nothing changed.
    void droppingATableMatchedByAPatternIsRefused()
    {
        const auto state = holdOrders(u"pattern"_s);
        const auto opened = openPage(u"pattern"_s, u"[public.*]"_s);
        QVERIFY(opened);
        SchemasPage &page = opened->page;
        const QString &file = opened->file;
        const QString before = fileText(file);
        QTest::mouseClick(page.findChild<QPushButton *>(u"schemasDrop"_s), Qt::LeftButton);
        QVERIFY2(page.message()->text().startsWith(
                     u"Cannot drop public.orders from the pipeline: public.orders is matched by "
                     "the pattern public.*"_s),
                 qPrintable(page.message()->text()));
        QCOMPARE(fileText(file), before);
        QCOMPARE(dlq::DeadLetterStore(dlq::DeadLetterStore::fileIn(state)).quarantines().size(),
                 1u);
    }

    void showsTablesVersionsColumnsAndDiff()
    {
        schema_fixture::writeSample(stateDir(u"shop"_s));
        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        SchemasPage page(&pipelines);
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        QAbstractItemModelTester tables(page.tableModel(), mode);
        QAbstractItemModelTester versions(page.versionModel(), mode);
        QAbstractItemModelTester columns(page.columnModel(), mode);
        QAbstractItemModelTester diff(page.diffModel(), mode);
        QVERIFY(page.message()->text().contains(u"Open a pipeline"_s));

        QSignalSpy loaded(&page, &SchemasPage::historyLoaded);
        workspace.open(pipelineFile(u"shop"_s)); // the selector picks the first pipeline
        QVERIFY(loaded.wait(5000));
        QCOMPARE(page.pipeline(), workspace.pipelines().first());
        QVERIFY(page.message()->isHidden());
        QCOMPARE(page.tableModel()->rowCount(), 2);
        // The first table is shown: customers, one version, compared with itself.
        QCOMPARE(page.versionModel()->rowCount(), 1);
        QCOMPARE(page.diffModel()->changedCount(), 0);

        QVERIFY(page.selectTable(u"public.orders"_s));
        QCOMPARE(page.versionModel()->rowCount(), 3);
        QCOMPARE(cell(page.versionModel(), 1, SchemaVersionModel::FirstLsn), u"0/2A00128"_s);
        // The current shape, and the last change (version 2 to 3) side by side.
        QCOMPARE(page.columnModel()->version()->version, 3);
        QCOMPARE(page.columnModel()->rowCount(), 5);
        QCOMPARE(cell(page.columnModel(), 4, SchemaColumnModel::Name), u"created_at"_s);
        QCOMPARE(cell(page.columnModel(), 4, SchemaColumnModel::Type),
                 u"timestamp with time zone"_s);
        QCOMPARE(page.diffModel()->headerData(SchemaDiffModel::Before, Qt::Horizontal).toString(),
                 u"Version 2"_s);
        QCOMPARE(page.diffModel()->changedCount(), 3); // customer_id key, created_at, note

        page.selectVersion(0);
        QCOMPARE(page.columnModel()->version()->version, 1);
        QCOMPARE(cell(page.columnModel(), 2, SchemaColumnModel::Type), u"numeric(10,2)"_s);
        page.compareVersions(0, 1);
        QCOMPARE(page.diffModel()->rowCount(), 5);
        QCOMPARE(cell(page.diffModel(), 0, SchemaDiffModel::Change), u"type changed"_s);
        QCOMPARE(cell(page.diffModel(), 2, SchemaDiffModel::After), u"numeric(14,2)"_s);
        QCOMPARE(cell(page.diffModel(), 4, SchemaDiffModel::Change), u"added"_s);
        QCOMPARE(page.diffModel()->changedCount(), 3);

        // Refreshing an unchanged history keeps what is selected.
        page.reload();
        QVERIFY(waitForLoad(page));
        QCOMPARE(page.versionModel()->table()->name, "public.orders");
        QCOMPARE(page.columnModel()->version()->version, 1);
    }

    void reloadsWhenThePipelineChanges()
    {
        const QString state = stateDir(u"growing"_s);
        schema_fixture::writeSample(state);
        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        SchemasPage page(&pipelines);
        QAbstractItemModelTester tables(page.tableModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        PipelineController *controller = workspace.open(pipelineFile(u"growing"_s));
        QVERIFY(waitForLoad(page));
        QVERIFY(page.selectTable(u"public.orders"_s));

        auto v4 = schema_fixture::ordersV3();
        v4.replicaIdentity = 'f';
        schema_fixture::record(state, v4, 0x5000000);
        schema_fixture::record(state, schema_fixture::table("items", {{"sku", 25, -1, true}}),
                               0x5000100);
        controller->reload(); // configChanged: the page reads the history again
        QVERIFY(waitForLoad(page));
        QCOMPARE(page.tableModel()->rowCount(), 3);
        QCOMPARE(page.versionModel()->table()->name, "public.orders"); // still selected
        QCOMPARE(page.versionModel()->rowCount(), 4);
        QCOMPARE(cell(page.tableModel(), 2, SchemaTableModel::ReplicaIdentity), u"full"_s);
    }

    void problemsShowInline_data()
    {
        QTest::addColumn<QByteArray>("content"); // of the history file; null: none
        QTest::addColumn<QString>("message");
        QTest::addRow("never started") << QByteArray() << u"No schema history yet"_s;
        QTest::addRow("corrupt") << QByteArray("garbage").repeated(1000)
                                 << u"Cannot read the schema history"_s;
    }

    void problemsShowInline()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString name =
            u"problem_"_s + QString::fromLatin1(QTest::currentDataTag()).remove(u' ');
        if (!content.isNull()) {
            QDir().mkpath(stateDir(name));
            QFile file(QString::fromStdString(
                SchemaHistory::fileIn(schema_fixture::path(stateDir(name))).string()));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        SchemasPage page(&pipelines);
        QSignalSpy loaded(&page, &SchemasPage::historyLoaded);
        workspace.open(pipelineFile(name));
        QVERIFY(loaded.wait(5000));
        QVERIFY(!page.message()->isHidden());
        QVERIFY2(page.message()->text().startsWith(message), qPrintable(page.message()->text()));
        QCOMPARE(page.tableModel()->rowCount(), 0);
        QCOMPARE(page.versionModel()->rowCount(), 0);
    }

    void isAPageOfTheMainWindow()
    {
        MainWindow window;
        QVERIFY(window.schemasPage());
        const QKeySequence shortcut(Qt::CTRL |
                                    Qt::Key(int(Qt::Key_1) + int(MainWindow::SchemasPageIndex)));
        const QList<QAction *> actions = window.menuBar()->findChildren<QAction *>();
        const auto found = std::find_if(actions.begin(), actions.end(), [&](QAction *action) {
            return action->shortcut() == shortcut;
        });
        QVERIFY(found != actions.end());
        QCOMPARE((*found)->text(), u"Schemas"_s);
        (*found)->trigger();
        QCOMPARE(window.findChild<QStackedWidget *>()->currentWidget(), window.schemasPage());
        window.openFiles({pipelineFile(u"window"_s)});
        QCOMPARE(window.schemasPage()->pipeline(), window.workspace()->pipelines().first());
    }
};

SYNCLINE_GUI_TEST_MAIN(TestSchemasPage)
#include "tst_schemas_page.moc"
