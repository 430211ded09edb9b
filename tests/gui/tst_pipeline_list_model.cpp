// The Pipelines page's model over a workspace of real controllers, under
// QAbstractItemModelTester: files that load and files that do not, a pipeline whose servers are
// down (it retries, then stops on request), closing, and the one-runner-per-pipeline lock.

#include "gui_test_main.h"
#include "models/pipeline_list_model.h"
#include "pipeline_controller.h"
#include "pipeline_files.h"
#include "pipeline_workspace.h"
#include "verify/verify_history.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <filesystem>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

class TestPipelineListModel : public QObject
{
    Q_OBJECT

private:
    PipelineFiles m_files;

    static QString cell(const PipelineListModel &model, int row, int column)
    {
        return model.index(row, column).data().toString();
    }

private slots:
    void rowsFollowTheWorkspace()
    {
        PipelineWorkspace workspace;
        PipelineListModel model(&workspace);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        const QString good = m_files.unreachablePipeline(u"orders"_s);
        const QString bad =
            m_files.write(u"bad.yaml"_s, u"pipeline: bad\nsource:\n  type: postgres\n"
                                         "  slto: x\n"_s);
        PipelineController *first = workspace.open(good);
        PipelineController *second = workspace.open(bad);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(workspace.open(m_files.path() + u"/./orders.yaml"_s), first); // already open
        QCOMPARE(model.rowCount(), 2);

        QCOMPARE(cell(model, 0, PipelineListModel::Name), u"orders"_s);
        QCOMPARE(cell(model, 0, PipelineListModel::State), u"Stopped"_s);
        QCOMPARE(cell(model, 0, PipelineListModel::File), QDir::toNativeSeparators(good));
        QCOMPARE(cell(model, 1, PipelineListModel::Name), u"bad"_s);
        QVERIFY(cell(model, 1, PipelineListModel::State).startsWith(u"Invalid file"_s));
        QVERIFY(!second->isLoaded());
        QCOMPARE(second->configProblems().size(), 4);
        QCOMPARE(second->configProblems().last().toString(),
                 second->file() + u":4:3: unknown key 'slto' in source (did you mean 'slot'?)"_s);
        QVERIFY(model.index(1, PipelineListModel::State).data(Qt::DecorationRole).isValid());

        QVERIFY(workspace.close(second));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.controllerAt(0), first);
        QCOMPARE(model.indexOf(first).row(), 0);
    }

    void unreachableServersRetryUntilStopped()
    {
        PipelineWorkspace workspace;
        PipelineListModel model(&workspace);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        PipelineController *controller = workspace.open(m_files.unreachablePipeline(u"down"_s));
        QSignalSpy running(&workspace, &PipelineWorkspace::runningCountChanged);

        controller->start();
        QVERIFY(controller->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(
            cell(model, 0, PipelineListModel::State).startsWith(u"Retrying (attempt"_s), 10000);
        QVERIFY(cell(model, 0, PipelineListModel::State).contains(u"127.0.0.1"_s));
        // The engine samples its metrics while it retries; the row shows them.
        QTRY_VERIFY_WITH_TIMEOUT(!cell(model, 0, PipelineListModel::Throughput).isEmpty(), 5000);
        QVERIFY(cell(model, 0, PipelineListModel::Lag).endsWith(u"OK"_s));

        controller->stop();
        QCOMPARE(cell(model, 0, PipelineListModel::State), u"Stopping…"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 10000);
        QCOMPARE(cell(model, 0, PipelineListModel::State), u"Stopped"_s);
        QVERIFY(cell(model, 0, PipelineListModel::Lag).endsWith(u"STOPPED"_s));
        QCOMPARE(running.count(), 2);
        QCOMPARE(running.last().first().toInt(), 0);
    }

    // The last verify result on record (here: syncline verify found a table different) is
    // flagged on the pipeline's row as soon as it runs, even while its servers are away.
    void aTableFoundDifferentIsFlagged()
    {
        PipelineWorkspace workspace;
        PipelineListModel model(&workspace);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        PipelineController *controller = workspace.open(m_files.unreachablePipeline(u"flagged"_s));
        QCOMPARE(cell(model, 0, PipelineListModel::Verified), QString());

        verify::TableResult orders;
        orders.sink = "replica";
        orders.table = "public.orders";
        orders.sourceRows = 1000;
        orders.missing = 2;
        orders.different = 1;
        const auto stateDir = QFile::encodeName(controller->stateDirectory()).toStdString();
        std::filesystem::create_directories(stateDir);
        verify::VerifyHistory(verify::VerifyHistory::fileIn(stateDir))
            .record("command", 1, {orders});

        controller->start();
        // (no translator here: the source text of "1 table differs")
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, PipelineListModel::Verified),
                                  u"1 table(s) differ"_s, 10000);
        const QModelIndex flag = model.index(0, PipelineListModel::Verified);
        QCOMPARE(flag.data(Qt::ForegroundRole).value<QColor>(), QColor(0xd3, 0x2f, 0x2f));
        QVERIFY2(flag.data(Qt::ToolTipRole)
                     .toString()
                     .startsWith(u"replica public.orders: 3 row(s) differ (command, "_s),
                 qPrintable(flag.data(Qt::ToolTipRole).toString()));
        controller->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 10000);
    }

    void aPipelineRunsOnceAtATime()
    {
        const QString file = m_files.unreachablePipeline(u"twice"_s);
        PipelineController first(file), second(file);
        QSignalSpy failed(&second, &PipelineController::failed);
        first.start();
        // The engine reports a state only once it holds the lock.
        QTRY_COMPARE_WITH_TIMEOUT(first.status().state, PipelineState::Retrying, 10000);
        second.start();
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.first().first().toString().contains(u"already running"_s),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(second.status().state, PipelineState::Failed);
        QVERIFY(!second.isRunning());
        QVERIFY(first.isRunning());
        first.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!first.isRunning(), 10000);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestPipelineListModel)
#include "tst_pipeline_list_model.moc"
