// The Dashboard's Kafka consumer lag: the per-partition model (under QAbstractItemModelTester),
// its parsing of the engine's "sink topic[partition]" keys, and the lag chart and table shown
// only for pipelines with the kafka transport.

#include "gui_test_main.h"
#include "models/consumer_lag_model.h"
#include "models/pipeline_list_model.h"
#include "pages/dashboard_page.h"
#include "pipeline_controller.h"
#include "pipeline_workspace.h"
#include "settings.h"
#include "widgets/chart_panel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

class TestConsumerLagModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &yaml)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(yaml);
        return path;
    }

private slots:
    void parsesKeys_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("sink");
        QTest::addColumn<QString>("topic");
        QTest::addColumn<int>("partition");
        QTest::addRow("plain") << u"replica shop.public.orders[3]"_s << u"replica"_s
                               << u"shop.public.orders"_s << 3;
        QTest::addRow("two digits") << u"r t[12]"_s << u"r"_s << u"t"_s << 12;
        QTest::addRow("no sink") << u"t[1]"_s << QString() << u"t"_s << 1;
        QTest::addRow("no partition") << u"r t"_s << u"r"_s << u"t"_s << -1;
        QTest::addRow("not a number") << u"r t[x]"_s << u"r"_s << u"t[x]"_s << -1;
        QTest::addRow("negative") << u"r t[-1]"_s << u"r"_s << u"t[-1]"_s << -1;
        QTest::addRow("unclosed") << u"r t[1"_s << u"r"_s << u"t[1"_s << -1;
        QTest::addRow("only brackets") << u"r [1]"_s << u"r"_s << u"[1]"_s << -1;
        QTest::addRow("empty") << QString() << QString() << QString() << -1;
    }

    void parsesKeys()
    {
        QFETCH(QString, key);
        const ConsumerLagModel::Row row = ConsumerLagModel::parse(key.toStdString(), 7);
        QTEST(row.sink, "sink");
        QTEST(row.topic, "topic");
        QTEST(row.partition, "partition");
        QCOMPARE(row.lag, 7);
    }

    void rowsSortedAndLagUpdatedInPlace()
    {
        ConsumerLagModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setLag({{"b t[0]", 1}, {"a t[10]", 5}, {"a t[2]", 3}, {"a s[0]", 0}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(ConsumerLagModel::ColumnCount));
        const auto cell = [&model](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(cell(0, ConsumerLagModel::Topic), u"s"_s);
        QCOMPARE(cell(1, ConsumerLagModel::Partition), u"2"_s); // numerically: 2 before 10
        QCOMPARE(cell(2, ConsumerLagModel::Partition), u"10"_s);
        QCOMPARE(cell(2, ConsumerLagModel::Lag), u"5"_s);
        QCOMPARE(cell(3, ConsumerLagModel::Sink), u"b"_s);
        QVERIFY(model.index(0, ConsumerLagModel::Lag).data(Qt::TextAlignmentRole).toInt() &
                Qt::AlignRight);
        QCOMPARE(model.headerData(ConsumerLagModel::Lag, Qt::Horizontal).toString(),
                 u"Lag (messages)"_s);

        // Same partitions: only the changed lag cells, no reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setLag({{"b t[0]", 1}, {"a t[10]", 50}, {"a t[2]", 30}, {"a s[0]", 0}});
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(changes.at(0).at(0).toModelIndex(), model.index(1, ConsumerLagModel::Lag));
        QCOMPARE(changes.at(0).at(1).toModelIndex(), model.index(2, ConsumerLagModel::Lag));
        QCOMPARE(cell(2, ConsumerLagModel::Lag), u"50"_s);
        model.setLag({{"b t[0]", 1}, {"a t[10]", 50}, {"a t[2]", 30}, {"a s[0]", 0}});
        QCOMPARE(changes.count(), 1); // nothing changed, nothing said

        // A rebalance moved partitions: the rows are replaced.
        model.setLag({{"a t[2]", 4}});
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(0, ConsumerLagModel::Lag), u"4"_s);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void dashboardShowsConsumerLagOnlyWithKafka()
    {
        QVERIFY(m_dir.isValid());
        const QByteArray sinks = "sinks:\n  - name: replica\n    type: postgres\n"
                                 "    dsn: \"host=127.0.0.1 port=1 dbname=x\"\n";
        const QString direct =
            write(u"direct.yaml"_s, "pipeline: direct\nsource:\n  type: postgres\n"
                                    "  dsn: \"host=127.0.0.1 port=1 dbname=x\"\n"
                                    "  tables: [orders]\n" +
                                        sinks);
        const QString kafka =
            write(u"kafka.yaml"_s, "pipeline: viakafka\ntransport:\n  type: kafka\n"
                                   "  brokers: embedded\n  tables: [orders]\n" +
                                       sinks);
        PipelineWorkspace workspace;
        PipelineListModel pipelines(&workspace);
        Settings settings;
        PipelineController *directPipeline = workspace.open(direct);
        PipelineController *kafkaPipeline = workspace.open(kafka);
        QVERIFY(directPipeline->isLoaded());
        QVERIFY(kafkaPipeline->isLoaded());
        QVERIFY(!directPipeline->usesKafka());
        QVERIFY(kafkaPipeline->usesKafka());

        DashboardPage page(&pipelines, &settings);
        page.resize(1000, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.charts().size(), 5);
        page.setPipeline(directPipeline);
        QVERIFY(page.consumerLagChart()->isHidden());
        QVERIFY(!page.consumerLagTable()->isVisible());
        page.setPipeline(kafkaPipeline);
        QVERIFY(page.consumerLagChart()->isVisible());
        QVERIFY(page.consumerLagTable()->isVisible());
        QCOMPARE(page.consumerLagTable()->model(), page.consumerLagModel());
        QCOMPARE(page.consumerLagChart()->lines().size(), 1);
        QCOMPARE(page.consumerLagChart()->lines().first().metric, Metric::ConsumerLagMessages);

        // The summed series is drawn like the others; a hidden chart is skipped.
        const auto source = [](Metric metric, std::int64_t sinceMs) {
            std::vector<SeriesPoint> points;
            for (int i = 0; i < 10; ++i)
                points.push_back({sinceMs + i * 1000,
                                  metric == Metric::ConsumerLagMessages ? double(100 - i) : 1.0});
            return points;
        };
        const qint64 nowMs = 1'700'000'000'000;
        page.redraw(source, nowMs);
        QCOMPARE(page.consumerLagChart()->lineSeries(0)->count(), 10);
        QCOMPARE(page.consumerLagChart()->lineSeries(0)->at(0).y(), 100.0);
        page.setPipeline(directPipeline);
        page.consumerLagChart()->lineSeries(0)->clear();
        page.redraw(source, nowMs);
        QCOMPARE(page.consumerLagChart()->lineSeries(0)->count(), 0);
        QCOMPARE(page.charts().first()->lineSeries(0)->count(), 10);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestConsumerLagModel)
#include "tst_consumer_lag_model.moc"
