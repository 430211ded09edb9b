// The filter, select and route steps end to end through `syncline run` (direct transport): the
// snapshot and the stream keep only the rows that match, without the columns left out, under the
// routed names; an update that makes a row stop matching deletes it on the target (the classic
// filtered-replication bug), one that makes it match inserts it whole, and a key that moves takes
// its row along. A filter that does not parse, or reads a column the table lacks, is refused
// with the file's line and column.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pipeline_fixture.h"

#include <QProcess>
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
                           "  (4, 'paid', 5, 'd@example.com', 'n4');"
                           "CREATE TABLE events (id int PRIMARY KEY, kind text);"
                           "INSERT INTO events VALUES (5, 'early'), (150, 'late');"_s;

const QString kTransforms = u"transforms:\n"
                            "  - type: filter\n"
                            "    tables: [public.orders]\n"
                            "    where: \"status <> 'cancelled' AND amount >= 10\"\n"
                            "  - type: select\n"
                            "    tables: [public.orders]\n"
                            "    exclude: [internal_note]\n"
                            "  - type: filter\n"
                            "    tables: [public.events]\n"
                            "    where: \"id >= 100\"\n"
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

const QString kEventRows =
    u"SELECT coalesce(string_agg(id::text, ',' ORDER BY id), 'none') FROM analytics.events_copy"_s;

} // namespace

class TestTransformPipeline : public QObject
{
    Q_OBJECT

private slots:
    void filterSelectAndRouteEndToEnd_data()
    {
        QTest::addColumn<bool>("kafka");
        QTest::newRow("direct") << false;
        QTest::newRow("kafka") << true;
    }

    void filterSelectAndRouteEndToEnd()
    {
        QFETCH(bool, kafka);
        const QString name = kafka ? u"transform_steps_kafka"_s : u"transform_steps"_s;
        // Through Kafka the topics carry the routed names.
        KafkaMockCluster cluster;
        const QString prefix = u"transform_kafka"_s;
        for (const QString &topic :
             {u"._schemas"_s, u".analytics.orders_copy"_s, u".analytics.events_copy"_s})
            cluster.createTopic(prefix + topic, 1);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(name, kSchemaSql, {u"public.orders"_s}));
        f->setSourceTables({u"public.orders"_s, u"public.events"_s});
        if (kafka)
            f->setTransport(
                u"  type: kafka\n  brokers: \"%1\"\n  topic_prefix: %2\n  partitions: 1\n"
                "  properties:\n"_s.arg(cluster.bootstrap(), prefix) +
                quickGroupProperties());
        f->setTopLevel(kTransforms);
        const auto [valid, report] = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(valid == 0, qPrintable(report));
        // A filter over the key PostgreSQL 15 evaluates itself; one over other columns it cannot
        // (updates carry only the old key), so Syncline does.
        QVERIFY2(report.contains(u"filter: public.events: pushed down"_s) &&
                     report.contains(u"filter: public.orders: evaluated by Syncline (status is "
                                     "not part of the replica identity"_s),
                 qPrintable(report));
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

        QCOMPARE(f->source().queryValue(
                     f->db, u"SELECT string_agg(r.prrelid::regclass || ': ' || "
                            "coalesce(pg_get_expr(r.prqual, r.prrelid), 'none'), '; ' ORDER BY "
                            "r.prrelid::regclass::text) "
                            "FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid "
                            "WHERE p.pubname = '%1'"_s.arg(name)),
                 u"events: (id >= 100); orders: none; syncline.ddl_log: none"_s);
        SYNCLINE_EXPECT_OK(waitForTarget(*f, kEventRows, u"150"_s, 30000));
        f->source().exec(f->db, u"INSERT INTO events VALUES (7, 'x'), (170, 'y');"
                                // Leaves: PostgreSQL sends the delete of the old key.
                                "UPDATE events SET id = 50 WHERE id = 150;"
                                // Enters: PostgreSQL sends an insert.
                                "UPDATE events SET id = 105 WHERE id = 5;"_s);
        SYNCLINE_EXPECT_OK(waitForTarget(*f, kEventRows, u"105,170"_s, 30000));
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
        // Verify compares masked to masked: the source's rows through the chain (filtered, the
        // note left out, the e-mail renamed) against the routed target table.
        auto [verified, verifyReport] = SynclineRunner::runOnce({u"verify"_s, f->pipelineFile});
        QVERIFY2(verified == 0 && verifyReport.contains(u"no differences"_s),
                 qPrintable(verifyReport));
        // A row the filter keeps out, and a changed one: found by their keys.
        f->target().exec(f->db, u"INSERT INTO analytics.orders_copy VALUES "
                                "(5, 'cancelled', 50, 'e@example.com');"
                                "UPDATE analytics.orders_copy SET status = 'x' WHERE id = 2"_s);
        std::tie(verified, verifyReport) = SynclineRunner::runOnce({u"verify"_s, f->pipelineFile});
        QVERIFY2(verified == 3 && verifyReport.contains(u"2 differences"_s) &&
                     verifyReport.contains(u"extra"_s) && verifyReport.contains(u"different"_s),
                 qPrintable(verifyReport));
        f->target().exec(f->db, u"DELETE FROM analytics.orders_copy WHERE id = 5;"
                                "UPDATE analytics.orders_copy SET status = 'paid' WHERE id = 2"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        if (!kafka)
            return;
        // The routed topic carries the selected, renamed columns; the left-out one never left.
        QProcess kcat;
        kcat.start(u"kcat"_s, {u"-b"_s, cluster.bootstrap(), u"-C"_s, u"-t"_s,
                               prefix + u".analytics.orders_copy"_s, u"-o"_s, u"beginning"_s,
                               u"-e"_s, u"-q"_s});
        QVERIFY(kcat.waitForFinished(30000));
        const QByteArray messages = kcat.readAllStandardOutput();
        QVERIFY2(messages.contains("\"email\":\"g@example.com\"") &&
                     !messages.contains("internal_note") && !messages.contains("customer_email"),
                 messages.left(2000).constData());
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
