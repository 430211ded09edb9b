// The Validate page's data: the per-table results, the differences of one table and one
// difference as source row beside target row (corrupt and one-sided rows too), each under
// QAbstractItemModelTester; choosing what to repair; and the progress line.

#include "gui_test_main.h"
#include "models/difference_model.h"
#include "models/row_comparison_model.h"
#include "models/verify_result_model.h"
#include "repair_selection.h"
#include "verify_result_fixture.h"
#include "widgets/verify_progress_panel.h"

#include <QAbstractItemModelTester>
#include <QProgressBar>

Q_DECLARE_METATYPE(std::optional<std::string>)

using namespace syncline;
using namespace syncline::ui;
using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

int rowNamed(const RowComparisonModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (cell(model, row, RowComparisonModel::Name) == name)
            return row;
    return -1;
}

verify::Difference differenceOf(std::optional<std::string> source,
                                std::optional<std::string> target)
{
    verify::Difference difference;
    difference.table = "public.t";
    difference.keyColumns = {"id"};
    difference.key = {"1"};
    difference.sourceRow = std::move(source);
    difference.targetRow = std::move(target);
    return difference;
}

} // namespace

class TestVerifyModels : public QObject
{
    Q_OBJECT

private slots:
    void resultModelShowsEachTable()
    {
        VerifyResultModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto results = sampleVerifyResults();
        for (const auto &result : results) // as a run delivers them
            model.addResult(result);
        model.addResult(nullptr); // ignored
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(VerifyResultModel::ColumnCount));
        QCOMPARE(cell(model, 0, VerifyResultModel::Table), u"public.items"_s);
        QCOMPARE(cell(model, 0, VerifyResultModel::Sink), u"replica"_s);
        QCOMPARE(model.index(0, VerifyResultModel::Compared).data().toString().remove(u','),
                 u"6000"_s);
        QCOMPARE(cell(model, 0, VerifyResultModel::Missing), u"1"_s);
        QVERIFY(cell(model, 0, VerifyResultModel::Outcome).startsWith(u"3 difference"_s));
        QCOMPARE(model.index(0, 0).data(VerifyResultModel::DifferenceCountRole).toLongLong(), 3);
        QCOMPARE(cell(model, 1, VerifyResultModel::Outcome), u"Equal"_s);
        QVERIFY(cell(model, 2, VerifyResultModel::Outcome).contains(u"no primary key"_s));
        QCOMPARE(cell(model, 2, VerifyResultModel::Compared), QString()); // not compared
        QVERIFY(model.index(2, VerifyResultModel::Outcome).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.differenceCount(), 3);
        QCOMPARE(model.resultAt(1), results[1]);
        QVERIFY(!model.resultAt(3));
        QVERIFY(!model.headerData(VerifyResultModel::Rate, Qt::Horizontal).toString().isEmpty());

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.differenceCount(), 0);
        model.setResults(results);
        QCOMPARE(model.rowCount(), 3);
    }

    void differenceModelListsOneTable()
    {
        DifferenceModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const auto results = sampleVerifyResults();
        model.setResult(results[0]);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, DifferenceModel::Kind), u"Missing on the target"_s);
        QCOMPARE(cell(model, 0, DifferenceModel::Key), u"id = 2500"_s);
        QCOMPARE(cell(model, 0, DifferenceModel::Repair), u"Insert from the source"_s);
        QCOMPARE(cell(model, 1, DifferenceModel::Repair), u"Delete"_s);
        QCOMPARE(cell(model, 2, DifferenceModel::Kind), u"Different"_s);
        QCOMPARE(model.differenceAt(2)->key.front(), "5000");
        QVERIFY(!model.differenceAt(3));
        model.setResult(results[1]); // equal: nothing
        QCOMPARE(model.rowCount(), 0);
        model.clear();
        QVERIFY(!model.result());

        verify::Difference composite = differenceOf({}, {});
        composite.keyColumns = {"a", "b"};
        composite.key = {"x", "2"};
        QCOMPARE(DifferenceModel::keyText(composite), u"a = x, b = 2"_s);
    }

    void rowComparisonHighlightsTheDifferingColumns()
    {
        RowComparisonModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto results = sampleVerifyResults();
        model.setDifference(results[0]->differences[2]);
        // The key first, then the other columns.
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(cell(model, 0, RowComparisonModel::Name), u"id (key)"_s);
        QCOMPARE(model.changedColumns(), QStringList{u"note"_s});
        QCOMPARE(cell(model, rowNamed(model, u"qty"_s), RowComparisonModel::Source), u"53"_s);
        const int note = rowNamed(model, u"note"_s);
        QVERIFY(note > 0);
        QCOMPARE(cell(model, note, RowComparisonModel::Source), u"seed"_s);
        QCOMPARE(cell(model, note, RowComparisonModel::Target), u"corrupt"_s);
        QVERIFY(model.index(note, 0).data(RowComparisonModel::ChangedRole).toBool());
        QVERIFY(model.index(note, RowComparisonModel::Target).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, RowComparisonModel::Target).data(Qt::BackgroundRole).isValid());
        QVERIFY(model.index(0, 0).data(RowComparisonModel::KeyRole).toBool());
        QCOMPARE(cell(model, rowNamed(model, u"payload"_s), RowComparisonModel::Source),
                 u"{\"g\":5000}"_s);

        model.setDifference(results[0]->differences[1]); // extra: NULL shows as NULL
        QCOMPARE(cell(model, rowNamed(model, u"note"_s), RowComparisonModel::Target), u"NULL"_s);
        QCOMPARE(cell(model, rowNamed(model, u"note"_s), RowComparisonModel::Source),
                 u"(no row)"_s);
    }

    void rowComparisonOfOddRows_data()
    {
        QTest::addColumn<std::optional<std::string>>("source");
        QTest::addColumn<std::optional<std::string>>("target");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QString>("sourceText"); // of the column "id"
        QTest::addColumn<QString>("targetText");
        QTest::addColumn<QStringList>("changed");
        using O = std::optional<std::string>;
        QTest::addRow("missing on the target")
            << O(R"({"id": 1, "v": "a"})") << O() << 2 << u"1"_s << u"(no row)"_s << QStringList();
        QTest::addRow("extra on the target")
            << O() << O(R"({"id": 1, "v": null})") << 2 << u"(no row)"_s << u"1"_s << QStringList();
        QTest::addRow("a column only one side has")
            << O(R"({"id": 1, "v": 1.5})") << O(R"({"id": 1, "w": true})") << 3 << u"1"_s << u"1"_s
            << QStringList(); // not compared: no highlight
        QTest::addRow("corrupt source JSON") << O(R"({"id": 1, )") << O(R"({"id": 1})") << 1
                                             << u"(no row)"_s << u"1"_s << QStringList();
        QTest::addRow("not an object")
            << O("[1, 2]") << O("42") << 1 << u"(no row)"_s << u"(no row)"_s << QStringList();
        QTest::addRow("NULL beside a value")
            << O(R"({"id": 1, "v": null})") << O(R"({"id": 1, "v": 0})") << 2 << u"1"_s << u"1"_s
            << QStringList{u"v"_s};
    }

    void rowComparisonOfOddRows()
    {
        QFETCH(std::optional<std::string>, source);
        QFETCH(std::optional<std::string>, target);
        QFETCH(int, rows);
        QFETCH(QString, sourceText);
        QFETCH(QString, targetText);
        QFETCH(QStringList, changed);
        RowComparisonModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDifference(differenceOf(source, target));
        QCOMPARE(model.rowCount(), rows);
        QCOMPARE(cell(model, 0, RowComparisonModel::Source), sourceText);
        QCOMPARE(cell(model, 0, RowComparisonModel::Target), targetText);
        QCOMPARE(model.changedColumns(), changed);
        QCOMPARE(model.hasSource(), sourceText != u"(no row)"_s);
        QCOMPARE(model.hasTarget(), targetText != u"(no row)"_s);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void longValuesAreShortenedInCells()
    {
        RowComparisonModel model;
        const std::string big(20000, 'x');
        model.setDifference(
            differenceOf(R"({"id": 1, "big": ")" + big + R"("})", R"({"id": 1, "big": "y"})"));
        const int row = rowNamed(model, u"big"_s);
        const QString shown = model.index(row, RowComparisonModel::Source).data().toString();
        QVERIFY(shown.size() < 1000);
        QVERIFY(shown.endsWith(u'…'));
        QVERIFY(
            model.index(row, RowComparisonModel::Source).data(Qt::ToolTipRole).toString().size() <
            5000);
        QCOMPARE(model.changedColumns(), QStringList{u"big"_s}); // compared whole
    }

    void repairTakesWhatWasChosen()
    {
        const auto results = sampleVerifyResults();
        const auto all = everyDifference(results);
        QCOMPARE(all.size(), 1u); // the equal and the failed table have nothing to repair
        QCOMPARE(all[0].table, "public.items");
        QCOMPARE(repairRowCount(all), 3);

        const auto chosen = onlyDifferences(*results[0], {2, 0, 2, 7, -1});
        QCOMPARE(chosen.differences.size(), 2u);
        QCOMPARE(chosen.differences[0].key.front(), "2500");
        QCOMPARE(chosen.differences[1].key.front(), "5000");
        QCOMPARE(chosen.missing, 1);
        QCOMPARE(chosen.extra, 0);
        QCOMPARE(chosen.different, 1);
        QCOMPARE(chosen.differenceCount(), 2);
        QCOMPARE(onlyDifferences(*results[0], {}).differenceCount(), 0);
    }

    void progressTellsRowsRateAndTimeLeft()
    {
        VerifyProgress progress;
        progress.rowsCompared = 1000;
        progress.rowsEstimated = 5000;
        progress.seconds = 2;
        progress.sink = u"replica"_s;
        progress.table = u"public.items"_s;
        const QString text = VerifyProgressPanel::progressText(progress);
        QVERIFY2(text.contains(u"of about"_s) && text.contains(u"500/s"_s) &&
                     text.contains(u"ETA 8 s"_s) && text.contains(u"public.items on replica"_s),
                 qPrintable(text));
        progress.rowsEstimated = 0; // unknown: no ETA
        QVERIFY(!VerifyProgressPanel::progressText(progress).contains(u"ETA"_s));

        VerifyProgressPanel panel;
        panel.start(u"Planning"_s);
        QVERIFY(!panel.isHidden());
        QCOMPARE(panel.bar()->maximum(), 0); // busy
        panel.beginPass(5000);
        panel.setProgress(progress);
        progress.rowsEstimated = 5000;
        panel.setProgress(progress);
        QCOMPARE(panel.bar()->value(), panel.bar()->maximum() / 5);
        progress.rowsCompared = 9000; // more than estimated: full, never beyond
        panel.setProgress(progress);
        QCOMPARE(panel.bar()->value(), panel.bar()->maximum());
        panel.finish();
        QVERIFY(panel.isHidden());
    }
};

SYNCLINE_GUI_TEST_MAIN(TestVerifyModels)
#include "tst_verify_models.moc"
