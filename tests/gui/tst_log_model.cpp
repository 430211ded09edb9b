// The Log page's data: the engine's log reaches the GUI thread in batches, the model keeps a
// bounded ring, and the proxy filters by level, pipeline, category and text. All under
// QAbstractItemModelTester.

#include "gui_test_main.h"
#include "log_collector.h"
#include "models/log_filter_proxy.h"
#include "models/log_model.h"
#include "models/pipeline_list_model.h"
#include "pages/log_page.h"
#include "pipeline_workspace.h"
#include "util/log.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <thread>
#include <vector>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

LogEntry entry(int n, LogLevel level = LogLevel::Info, const QString &category = u"source"_s,
               const QString &pipeline = {})
{
    return {1'700'000'000'000 + n, level, category, u"message %1"_s.arg(n), pipeline};
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

} // namespace

class TestLogModel : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheNewestUpToItsCapacity()
    {
        LogModel model(nullptr, 5);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({entry(1), entry(2), entry(3)});
        QCOMPARE(model.rowCount(), 3);
        model.append({entry(4), entry(5), entry(6), entry(7)});
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(0, LogModel::Message).data().toString(), u"message 3"_s);
        QCOMPARE(model.index(4, LogModel::Message).data().toString(), u"message 7"_s);
        // A batch larger than the capacity keeps its newest entries only.
        QList<LogEntry> many;
        for (int i = 10; i < 30; ++i)
            many.append(entry(i));
        model.append(many);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(0, LogModel::Message).data().toString(), u"message 25"_s);
        model.append({});
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void columnsAndCategories()
    {
        LogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy categories(&model, &LogModel::categoryAdded);
        model.append({entry(1, LogLevel::Warning, u"sink.replica"_s), entry(2), entry(3)});
        QCOMPARE(model.categories(), (QStringList{u"sink.replica"_s, u"source"_s}));
        QCOMPARE(categories.count(), 2);
        QCOMPARE(model.index(0, LogModel::Level).data().toString(), u"Warning"_s);
        QCOMPARE(model.index(0, LogModel::Category).data().toString(), u"sink.replica"_s);
        QVERIFY(model.index(0, LogModel::Time).data().toString().contains(u':'));
        QVERIFY(model.index(0, LogModel::Message).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(1, LogModel::Message).data(Qt::ForegroundRole).isValid());
    }

    void proxyFiltersByLevelCategoryAndText()
    {
        LogModel model;
        LogFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({entry(1, LogLevel::Debug), entry(2, LogLevel::Info, u"pipeline"_s),
                      entry(3, LogLevel::Warning), entry(4, LogLevel::Error, u"pipeline"_s),
                      entry(12, LogLevel::Info)});
        QCOMPARE(proxy.rowCount(), 5);
        proxy.setMinimumLevel(LogLevel::Warning);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setCategory(u"pipeline"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, LogModel::Message).data().toString(), u"message 4"_s);
        proxy.setMinimumLevel(LogLevel::Debug);
        proxy.setCategory({});
        proxy.setText(u"MESSAGE 1"_s); // case-insensitive: 1 and 12
        QCOMPARE(proxy.rowCount(), 2);
        model.append({entry(13), entry(5)}); // new rows are filtered as they come
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setText(u"no such text"_s);
        QCOMPARE(proxy.rowCount(), 0);
    }

    void proxyFiltersByPipeline()
    {
        LogModel model;
        LogFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester modelTester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({entry(1, LogLevel::Info, u"source"_s, u"shop"_s),
                      entry(2, LogLevel::Info, u"source"_s, u"billing"_s),
                      entry(3, LogLevel::Warning, u"pipeline"_s, u"shop"_s),
                      entry(4, LogLevel::Info, u"topics"_s)});
        QCOMPARE(model.index(0, LogModel::Pipeline).data().toString(), u"shop"_s);
        QCOMPARE(model.index(3, LogModel::Pipeline).data().toString(), QString());
        QCOMPARE(model.headerData(LogModel::Pipeline, Qt::Horizontal).toString(), u"Pipeline"_s);
        QCOMPARE(proxy.rowCount(), 4);
        proxy.setPipeline(u"shop"_s);
        QCOMPARE(proxy.rowCount(), 2);
        QCOMPARE(proxy.index(1, LogModel::Message).data().toString(), u"message 3"_s);
        proxy.setCategory(u"pipeline"_s); // combined with the other filters
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setCategory({});
        model.append({entry(5, LogLevel::Info, u"sink"_s, u"shop"_s),
                      entry(6, LogLevel::Info, u"sink"_s, u"billing"_s)});
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setPipeline(u"billing"_s);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setPipeline(u"nobody"_s);
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setPipeline({}); // all, with the records of no pipeline
        QCOMPARE(proxy.rowCount(), 6);
    }

    void pageOffersTheOpenPipelines()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray rest = "source:\n  type: postgres\n"
                                "  dsn: \"host=127.0.0.1 port=1 dbname=x\"\n"
                                "  tables: [orders]\nsinks:\n  - name: replica\n"
                                "    type: postgres\n    dsn: \"host=127.0.0.1 port=1 dbname=y\"\n";
        QVERIFY(writeFile(dir.filePath(u"shop.yaml"_s), "pipeline: shop\n" + rest));
        QVERIFY(writeFile(dir.filePath(u"billing.yaml"_s), "pipeline: billing\n" + rest));
        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        LogModel model;
        LogPage page(&model, &pipelines);
        QComboBox *box = page.pipelineBox();
        QCOMPARE(box->count(), 1); // all pipelines
        workspace.open(dir.filePath(u"shop.yaml"_s));
        PipelineController *billing = workspace.open(dir.filePath(u"billing.yaml"_s));
        QCOMPARE(box->count(), 3);
        QCOMPARE(box->itemText(1), u"shop"_s);
        QCOMPARE(box->itemText(2), u"billing"_s);
        model.append({entry(1, LogLevel::Info, u"source"_s, u"shop"_s),
                      entry(2, LogLevel::Info, u"source"_s, u"billing"_s),
                      entry(3, LogLevel::Info, u"topics"_s)});
        QCOMPARE(page.proxy()->rowCount(), 3);
        box->setCurrentIndex(2);
        QCOMPARE(page.proxy()->rowCount(), 1);
        QCOMPARE(page.proxy()->index(0, LogModel::Pipeline).data().toString(), u"billing"_s);
        // Closing the filtered pipeline falls back to all.
        QVERIFY(workspace.close(billing));
        QCOMPARE(box->count(), 2);
        QCOMPARE(box->currentIndex(), 0);
        QCOMPARE(page.proxy()->rowCount(), 3);
    }

    void collectorCarriesTheWritersPipeline()
    {
        LogCollector collector;
        LogModel model;
        connect(&collector, &LogCollector::entriesArrived, &model, &LogModel::append);
        std::thread([] {
            log::PipelineScope scope("shop");
            log::info("source", "tagged");
        }).join();
        log::info("console", "untagged");
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, LogModel::Pipeline).data().toString(), u"shop"_s);
        QCOMPARE(model.index(0, LogModel::Message).data().toString(), u"tagged"_s);
        QCOMPARE(model.index(1, LogModel::Pipeline).data().toString(), QString());
    }

    void collectorBatchesRecordsFromEngineThreads()
    {
        LogCollector collector;
        LogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy batches(&collector, &LogCollector::entriesArrived);
        connect(&collector, &LogCollector::entriesArrived, &model, &LogModel::append);
        constexpr int kThreads = 4, kPerThread = 500;
        std::vector<std::thread> writers;
        for (int t = 0; t < kThreads; ++t) {
            writers.emplace_back([t] {
                for (int i = 0; i < kPerThread; ++i)
                    log::info("writer." + std::to_string(t), "record " + std::to_string(i));
            });
        }
        for (auto &writer : writers)
            writer.join();
        QTRY_COMPARE(model.rowCount(), kThreads * kPerThread);
        // Far fewer deliveries than records: one per event-loop pass.
        QVERIFY2(batches.count() < 10, qPrintable(QString::number(batches.count())));
        QCOMPARE(model.categories().size(), kThreads);
    }

    void collectorDropsTheOldestBeyondItsBound()
    {
        LogCollector collector;
        QSignalSpy batches(&collector, &LogCollector::entriesArrived);
        for (int i = 0; i < LogCollector::kMaxPending + 25; ++i)
            log::warning("flood", std::to_string(i));
        QTRY_COMPARE(batches.count(), 1);
        const auto entries = batches.at(0).at(0).value<QList<LogEntry>>();
        QCOMPARE(entries.size(), LogCollector::kMaxPending);
        QCOMPARE(batches.at(0).at(1).value<qsizetype>(), 25);
        QCOMPARE(entries.front().message, u"25"_s);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestLogModel)
#include "tst_log_model.moc"
