// The Dead letters page's data side: DeadLetterService and the lazy DeadLetterModel under
// QAbstractItemModelTester on a store of 100,000 generated dead letters (opening and every
// filter well under a second), and which audit entries count as a dead letter's history.

#include "dead_letter_fixture.h"
#include "dead_letter_history.h"
#include "dead_letter_service.h"
#include "gui_test_main.h"
#include "models/dead_letter_model.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace syncline;
using namespace syncline::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr int kLetters = 100000;
constexpr qint64 kBudgetMs = 500; // "well under a second"

} // namespace

class TestDeadLetterModels : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // Applies `filter` and returns the milliseconds until the first page is in the model.
    qint64 timeFilter(DeadLetterService &service, DeadLetterModel &model,
                      const dlq::DeadLetterFilter &filter)
    {
        QSignalSpy loaded(&model, &DeadLetterModel::pageLoaded);
        QElapsedTimer timer;
        timer.start();
        service.setFilter(filter);
        if (!loaded.wait(5000))
            return -1;
        return timer.elapsed();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QElapsedTimer timer;
        timer.start();
        test::fillDeadLetters(m_dir.path(), kLetters);
        qInfo("generated %d dead letters in %lld ms", kLetters, timer.elapsed());
    }

    void opensAndFiltersHundredThousandQuickly()
    {
        DeadLetterService service;
        service.setPipeline({}, m_dir.path());
        // No QAbstractItemModelTester here: it fetches more on every insertion, which would load
        // all 200 pages (see underTheModelTester).
        DeadLetterModel model(&service);
        QSignalSpy failures(&model, &DeadLetterModel::loadFailed);

        const qint64 openMs = timeFilter(service, model, {});
        QCOMPARE(model.totalCount(), kLetters);
        QCOMPARE(model.letterAt(0)->id, 1);
        QCOMPARE(model.index(0, DeadLetterModel::Table).data().toString(), u"public.t1"_s);
        QCOMPARE(model.index(0, DeadLetterModel::ErrorClass).data().toString(),
                 u"not_null_violation"_s);
        QCOMPARE(model.index(96, DeadLetterModel::Status).data().toString(), u"Quarantined"_s);

        // Scrolling on: the next page continues after the last id.
        const int rows = model.rowCount();
        QCOMPARE(rows, DeadLetterModel::kPageSize);
        QVERIFY(model.canFetchMore({}));
        QSignalSpy loaded(&model, &DeadLetterModel::pageLoaded);
        model.fetchMore({});
        QVERIFY(!model.canFetchMore({})); // one request at a time
        QVERIFY(loaded.wait(5000));
        QCOMPARE(model.rowCount(), rows + DeadLetterModel::kPageSize);
        QCOMPARE(model.letterAt(rows)->id, rows + 1);

        dlq::DeadLetterFilter byClass;
        byClass.errorClass = "check_violation";
        const qint64 classMs = timeFilter(service, model, byClass);
        QCOMPARE(model.totalCount(), kLetters / 7);
        QCOMPARE(model.letterAt(0)->id, 7);

        dlq::DeadLetterFilter text;
        text.text = "(row 4242)";
        const qint64 textMs = timeFilter(service, model, text);
        QCOMPARE(model.totalCount(), 1);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.canFetchMore({}));

        dlq::DeadLetterFilter combined;
        combined.table = "public.t3";
        combined.statuses = {dlq::DeadLetterStatus::Quarantined};
        combined.since = "2024-01-01T10:00:00.000Z";
        const qint64 combinedMs = timeFilter(service, model, combined);
        QVERIFY(model.totalCount() > 0);
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.letterAt(row)->table, "public.t3");
            QCOMPARE(model.letterAt(row)->status, dlq::DeadLetterStatus::Quarantined);
            QVERIFY(model.letterAt(row)->deadLetteredAt >= combined.since);
        }

        dlq::DeadLetterFilter nothing;
        nothing.text = "no such text";
        const qint64 emptyMs = timeFilter(service, model, nothing);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));

        qInfo("100,000 dead letters: open %lld ms, class filter %lld ms, text filter %lld ms, "
              "table+status+time %lld ms, no match %lld ms",
              openMs, classMs, textMs, combinedMs, emptyMs);
        for (qint64 ms : {openMs, classMs, textMs, combinedMs, emptyMs}) {
            QVERIFY(ms >= 0);
            QVERIFY2(ms < kBudgetMs, qPrintable(u"%1 ms"_s.arg(ms)));
        }
        QCOMPARE(failures.count(), 0);
    }

    // The tester fetches every page as it checks each insertion: a filter of ~2,900 rows (six
    // pages), then a new filter resetting the model, then one matching nothing.
    void underTheModelTester()
    {
        DeadLetterService service;
        service.setPipeline({}, m_dir.path());
        DeadLetterModel model(&service);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        dlq::DeadLetterFilter filter;
        filter.table = "public.t3";
        filter.errorClass = "check_violation";
        service.setFilter(filter);
        for (QElapsedTimer timer; model.rowCount() < kLetters / 35 && timer.elapsed() < 10000;) {
            if (!timer.isValid())
                timer.start();
            if (model.canFetchMore({}))
                model.fetchMore({}); // as a view scrolling down
            QTest::qWait(20);
        }
        QCOMPARE(model.rowCount(), kLetters / 35);
        QVERIFY(!model.canFetchMore({}));
        filter.text = "(row 98";
        service.setFilter(filter);
        QTRY_VERIFY(model.rowCount() > 0 && !model.isLoading());
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.index(row, DeadLetterModel::Message)
                        .data()
                        .toString()
                        .contains(u"(row 98"_s));
        filter.text = "nothing like this";
        service.setFilter(filter);
        QTRY_COMPARE(model.rowCount(), 0);
        QTRY_VERIFY(!model.isLoading());
    }

    void classCountsIgnoreTheClassFilter()
    {
        DeadLetterService service;
        service.setPipeline({}, m_dir.path());
        QSignalSpy counts(&service, &DeadLetterService::countsReady);
        dlq::DeadLetterFilter filter;
        filter.errorClass = "unique_violation";
        filter.table = "public.t0";
        service.setFilter(filter);
        QVERIFY(counts.wait(5000));
        const auto result = counts.at(0).at(1).value<DeadLetterCounts>();
        QVERIFY(result.error.isEmpty());
        QCOMPARE(result.byClass.size(), 7u); // every class of the table, to switch between
        QCOMPARE(result.tables.size(), 5u);
        int sum = 0;
        for (const auto &each : result.byClass)
            sum += each.count;
        QCOMPARE(sum, kLetters / 5);
        QVERIFY(result.total > 0 && result.total < sum);
    }

    void staleResultsAreDropped()
    {
        DeadLetterService service;
        service.setPipeline({}, m_dir.path());
        DeadLetterModel model(&service);
        QSignalSpy loaded(&model, &DeadLetterModel::pageLoaded);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        dlq::DeadLetterFilter first;
        first.table = "public.t1";
        service.setFilter(first);
        dlq::DeadLetterFilter second;
        second.text = "(row 10)";
        service.setFilter(second);
        QVERIFY(loaded.wait(5000));
        // Queries run in order on one thread and answer in order: once a later one has
        // answered, every result of the first filter has arrived (and was dropped).
        QSignalSpy marker(&service, &DeadLetterService::letterLoaded);
        service.loadLetter(10);
        QVERIFY(marker.wait(5000));
        QCOMPARE(resets.count(), 1); // the first filter's counts never reached the model
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(model.totalCount(), 1);
        QCOMPARE(model.letterAt(0)->id, 10);
    }

    void aMissingStoreIsAnErrorValue()
    {
        DeadLetterService service;
        service.setPipeline({}, u"/proc/no-such-dir/state"_s);
        DeadLetterModel model(&service);
        QSignalSpy failed(&model, &DeadLetterModel::loadFailed);
        service.setFilter({});
        QVERIFY(failed.wait(5000));
        QVERIFY(!failed.at(0).at(0).toString().isEmpty());
        QCOMPARE(model.rowCount(), 0);
    }

    void auditCoversItsDeadLetters_data()
    {
        QTest::addColumn<QString>("sink");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("covers");
        QTest::addRow("all") << u""_s << u"all"_s << true;
        QTest::addRow("its id") << u"target"_s << u"id=3,7,12"_s << true;
        QTest::addRow("another id") << u""_s << u"id=71"_s << false;
        QTest::addRow("table and class")
            << u""_s << u"table=public.acct class=check_violation"_s << true;
        QTest::addRow("other table") << u""_s << u"table=public.other"_s << false;
        QTest::addRow("other sink") << u"elsewhere"_s << u"all"_s << false;
        QTest::addRow("text with spaces") << u""_s << u"text=no overdraft here id=7"_s << false;
        QTest::addRow("text found") << u""_s << u"text=violates check id=7"_s << true;
        QTest::addRow("status ignored") << u""_s << u"status=pending,held"_s << true;
        QTest::addRow("corrupt: no equals") << u""_s << u"garbage"_s << false;
        QTest::addRow("corrupt: empty") << u""_s << u""_s << true;
    }

    void auditCoversItsDeadLetters()
    {
        QFETCH(QString, sink);
        QFETCH(QString, filter);
        QFETCH(bool, covers);
        dlq::DeadLetter letter;
        letter.id = 7;
        letter.sink = "target";
        letter.table = "public.acct";
        letter.errorClass = "check_violation";
        letter.message = "new row violates check constraint";
        dlq::AuditEntry entry;
        entry.sink = sink.toStdString();
        entry.filter = filter.toStdString();
        QCOMPARE(auditCovers(entry, letter), covers);
    }
};

SYNCLINE_GUI_TEST_MAIN(TestDeadLetterModels)
#include "tst_dead_letter_models.moc"
