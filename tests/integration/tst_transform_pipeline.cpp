// The filter, select and route steps end to end through `syncline run` (direct transport): the
// snapshot and the stream keep only the rows that match, without the columns left out, under the
// routed names; an update that makes a row stop matching deletes it on the target (the classic
// filtered-replication bug), one that makes it match inserts it whole, and a key that moves takes
// its row along. A filter that does not parse, or reads a column the table lacks, is refused
// with the file's line and column.

#include "kafka_pipeline.h"
#include "pipeline_fixture.h"

#include <QRegularExpression>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSchemaSql = u"CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, "
                           "  amount numeric(10,2), customer_email text, internal_note text);"
                           "INSERT INTO orders VALUES (1, 'paid', 10, 'a@example.com', 'n1'),"
                           "  (2, 'cancelled', 20, 'b@example.com', 'n2'),"
                           "  (3, 'paid', 30, 'c@example.com', 'n3'),"
                           "  (4, 'paid', 5, 'd@example.com', 'n4');"_s;

const QString kTransforms = u"transforms:\n"
                            "  - type: filter\n"
                            "    tables: [public.orders]\n"
                            "    where: \"status <> 'cancelled' AND amount >= 10\"\n"
                            "  - type: select\n"
                            "    tables: [public.orders]\n"
                            "    exclude: [internal_note]\n"
                            "  - type: route\n"
                            "    tables: [\"public.*\"]\n"
                            "    to: \"analytics.{table}_copy\"\n"
                            "  - type: route\n"
                            "    columns: [orders_copy.customer_email]\n"
                            "    to: email\n"_s;

// Every row of the routed target table, "id,status,amount,email;..." in id order.
const QString kTargetRows =
    u"SELECT coalesce(string_agg(concat_ws(',', id, status, amount, email), ';' ORDER BY id), "
    "'none') FROM analytics.orders_copy"_s;

} // namespace

class TestTransformPipeline : public QObject
{
    Q_OBJECT

private slots:
    void filterSelectAndRouteEndToEnd()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"transform_steps"_s, kSchemaSql, {u"public.orders"_s}));
        f->setTopLevel(kTransforms);
        const auto [valid, report] = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(valid == 0, qPrintable(report));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        // The snapshot: matching rows only, without the note, under the routed names.
        SYNCLINE_EXPECT_OK(waitForTarget(
            *f, kTargetRows, u"1,paid,10.00,a@example.com;3,paid,30.00,c@example.com"_s, 30000));
        QCOMPARE(f->target().queryValue(
                     f->db, u"SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                            "information_schema.columns WHERE table_schema = 'analytics' AND "
                            "table_name = 'orders_copy'"_s),
                 u"id,status,amount,email"_s);
        QCOMPARE(f->target().queryValue(f->db, u"SELECT to_regclass('public.orders') IS NULL"_s),
                 u"t"_s);

        f->source().exec(f->db,
                         u"INSERT INTO orders VALUES (5, 'cancelled', 50, 'e@example.com', 'x');"
                         "INSERT INTO orders VALUES (6, 'paid', 60, 'f@example.com', 'x');"
                         // Stops matching: must leave the target.
                         "UPDATE orders SET status = 'cancelled' WHERE id = 1;"
                         // Starts matching: must arrive whole.
                         "UPDATE orders SET status = 'paid' WHERE id = 2;"
                         // A key that moves, matching before and after.
                         "UPDATE orders SET id = 7 WHERE id = 3;"
                         // A key that moves and starts matching.
                         "UPDATE orders SET id = 8, amount = 80 WHERE id = 4;"
                         // Matches, then deleted.
                         "UPDATE orders SET amount = 61 WHERE id = 6;"
                         "DELETE FROM orders WHERE id = 6;"
                         // Never matches: its delete finds nothing, harmlessly.
                         "DELETE FROM orders WHERE id = 5;"
                         "INSERT INTO orders VALUES (9, 'paid', 90, 'g@example.com', 'x');"_s);
        SYNCLINE_EXPECT_OK(waitForTarget(*f, kTargetRows,
                                         u"2,paid,20.00,b@example.com;7,paid,30.00,c@example.com;"
                                         "8,paid,80.00,d@example.com;9,paid,90.00,g@example.com"_s,
                                         30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void badFiltersAreRefusedWithTheirPlace()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"transform_bad"_s, kSchemaSql, {u"public.orders"_s}));
        // The predicate's own mistake, pointed at within the line.
        f->setTopLevel(u"transforms:\n"
                       "  - type: filter\n"
                       "    where: \"amount > 10 AND status =\"\n"_s);
        auto [code, report] =
            SynclineRunner::runOnce({u"validate"_s, u"--offline"_s, f->pipelineFile});
        QCOMPARE(code, 2);
        // Column 37: the end of the predicate.
        QVERIFY2(report.contains(QRegularExpression(
                     u"\\.yaml:\\d+:37: error: filter: expected a column or a value at the end"_s)),
                 qPrintable(report));
        f->runner.start({u"run"_s, f->pipelineFile});
        QCOMPARE(f->runner.waitForExit(60000), 2);

        // A column the table does not have: found once the source's tables are known.
        f->setTopLevel(u"transforms:\n"
                       "  - type: filter\n"
                       "    where: \"state = 'paid'\"\n"_s);
        std::tie(code, report) = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QCOMPARE(code, 2);
        QVERIFY2(report.contains(QRegularExpression(
                     u"\\.yaml:\\d+:5: error: public.orders: the filter reads a column the table "
                     "does not have: state"_s)),
                 qPrintable(report));

        // A select that would leave out the key.
        f->setTopLevel(u"transforms:\n"
                       "  - type: select\n"
                       "    include: [status, amount]\n"_s);
        std::tie(code, report) = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QCOMPARE(code, 2);
        QVERIFY2(report.contains(u"select leaves out id, a key column of public.orders"_s),
                 qPrintable(report));
    }
};

QTEST_GUILESS_MAIN(TestTransformPipeline)
#include "tst_transform_pipeline.moc"
