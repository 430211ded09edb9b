// The Log page's data: the engine's log reaches the GUI thread in batches, the model keeps a
// bounded ring, and the proxy filters by level, category and text. All under
// QAbstractItemModelTester.

#include "gui_test_main.h"
#include "log_collector.h"
#include "models/log_filter_proxy.h"
#include "models/log_model.h"
#include "util/log.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <thread>
#include <vector>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

LogEntry entry(int n, LogLevel level = LogLevel::Info, const QString &category = u"source"_s)
{
    return {1'700'000'000'000 + n, level, category, u"message %1"_s.arg(n)};
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
