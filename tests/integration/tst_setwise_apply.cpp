// Set-wise apply against real servers: a batch's changes to a table whose rows are independent
// go out as one statement per table and kind, reduced to each row's last state; tables where
// order can matter (foreign keys, a second unique index, triggers) keep the source's order.
// Each case would be rejected and retried change by change ("one by one") if order were lost.

#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"

#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestSetwiseApply : public ServerTest
{
    Q_OBJECT

    // Applies `sql` on the source while the pipeline is stopped, so the runner meets it as one
    // backlog, then checks every table ends equal and nothing was retried one by one.
    void applyAsBacklog(PipelineFixture &f, const QString &sql)
    {
        SYNCLINE_EXPECT_OK(f.stopGracefully());
        SYNCLINE_PG_CHECK(source().exec(f.db, sql));
        SYNCLINE_EXPECT_OK(f.startStreaming());
        SYNCLINE_EXPECT_OK(f.waitUntilInSync(30000));
        QVERIFY2(!f.runner.output().contains(u"one by one"_s), qPrintable(f.runner.output()));
        SYNCLINE_EXPECT_OK(f.stopGracefully());
    }

private slots:
    void insertDeleteInsertAndKeySwapsEndAsOnTheSource()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"setorder"_s,
                              u"CREATE TABLE t (id int PRIMARY KEY, v text, big text);"
                              "ALTER TABLE t ALTER COLUMN big SET STORAGE EXTERNAL;"
                              "INSERT INTO t SELECT g, 'v' || g, repeat(md5(g::text), 100) "
                              "FROM generate_series(1, 100) g;"_s,
                              {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        applyAsBacklog(*f, u"BEGIN;"
                           // insert, delete, insert of one key
                           "INSERT INTO t VALUES (500, 'first', 'a');"
                           "DELETE FROM t WHERE id = 500;"
                           "INSERT INTO t VALUES (500, 'second', 'b');"
                           // a key swap through a third key, of rows the target has
                           "UPDATE t SET id = 1000 WHERE id = 1;"
                           "UPDATE t SET id = 1 WHERE id = 2;"
                           "UPDATE t SET id = 2 WHERE id = 1000;"
                           "COMMIT;"
                           // the same across transactions, with TOASTed values left out
                           "UPDATE t SET id = 1000, v = 'moving' WHERE id = 3;"
                           "UPDATE t SET id = 3 WHERE id = 4;"
                           "UPDATE t SET id = 4, v = 'moved' WHERE id = 1000;"
                           "INSERT INTO t VALUES (600, 'new', repeat('x', 5000));"
                           "UPDATE t SET v = 'changed' WHERE id = 600;"
                           "UPDATE t SET id = 601 WHERE id = 600;"
                           "DELETE FROM t WHERE id = 5; INSERT INTO t VALUES (5, 'back', NULL);"
                           "UPDATE t SET v = 'partial' WHERE id BETWEEN 10 AND 20;"
                           "DELETE FROM t WHERE id = 15;"
                           "UPDATE t SET big = 'whole' WHERE id = 16;"_s);
        QCOMPARE(target().queryValue(f->db, u"SELECT string_agg(id || ':' || v || ':' || "
                                            "coalesce(length(big), -1), ',' ORDER BY id) FROM t "
                                            "WHERE id IN (1, 2, 3, 4, 5, 500, 601)"_s),
                 u"1:v2:3200,2:v1:3200,3:v4:3200,4:moved:3200,5:back:-1,500:second:1,"
                 "601:changed:5000"_s);
    }

    // Many small transactions in one backlog: rows inserted, updated and deleted again across
    // transactions of one target transaction.
    void aBacklogOfTransactionsEndsAsOnTheSource()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(
                u"setbacklog"_s,
                u"CREATE TABLE a (id bigint PRIMARY KEY, n numeric(10,2), "
                "tags text[], at timestamptz);"
                "CREATE TABLE b (k1 int, k2 text, body text, PRIMARY KEY (k1, k2));"_s,
                {u"public.a"_s, u"public.b"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QString sql;
        for (int i = 0; i < 300; ++i)
            sql += u"BEGIN;"
                   "INSERT INTO a SELECT g, g * 1.5, ARRAY['x,y', 'q\"uote', NULL], now() "
                   "  FROM generate_series(%1 * 10 + 1, %1 * 10 + 10) g;"
                   "UPDATE a SET n = n + 1 WHERE id BETWEEN %1 * 10 - 9 AND %1 * 10 - 5;"
                   "DELETE FROM a WHERE id BETWEEN %1 * 10 - 19 AND %1 * 10 - 17;"
                   "INSERT INTO b VALUES (%1, 'k ' || %1, repeat('b', %1)), (%1, '', NULL);"
                   "UPDATE b SET k2 = 'moved' WHERE k1 = %1 - 1 AND k2 = '';"
                   "DELETE FROM b WHERE k1 = %1 - 2 AND k2 = 'k ' || (%1 - 2);"
                   "COMMIT;"_s.arg(i);
        applyAsBacklog(*f, sql);
    }

    // A foreign key: deleting the child before its parent, as the source did, must stay in
    // that order; set-wise apply would send the parent table's changes first, as the
    // transaction touched it first.
    void tablesWithForeignKeysKeepTheSourceOrder()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"setfk"_s,
                                        u"CREATE TABLE parent (id int PRIMARY KEY, v text);"
                                        "CREATE TABLE child (id int PRIMARY KEY, parent int);"
                                        "INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');"
                                        "INSERT INTO child VALUES (10, 1), (20, 2);"_s,
                                        {u"public.parent"_s, u"public.child"_s}));
        SYNCLINE_PG_CHECK(target().exec(
            f->db, u"CREATE TABLE parent (id int PRIMARY KEY, v text);"
                   "CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent);"_s));
        f->setSinkOptions(u"    on_error: stop\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        applyAsBacklog(*f, u"BEGIN;"
                           "UPDATE parent SET v = 'changed' WHERE id = 3;"
                           "DELETE FROM child WHERE id = 10; DELETE FROM parent WHERE id = 1;"
                           "INSERT INTO parent VALUES (4, 'd'); UPDATE child SET parent = 4;"
                           "DELETE FROM parent WHERE id = 2;"
                           "COMMIT;"_s);
    }

    // A second unique index: two rows trading a unique value through a third one.
    void tablesWithAnotherUniqueIndexKeepTheSourceOrder()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"setunique"_s,
                              u"CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);"
                              "INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');"_s,
                              {u"public.users"_s}));
        f->setSinkOptions(u"    on_error: stop\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"ALTER TABLE users ADD CONSTRAINT one_email UNIQUE (email);"_s));
        // The runner reads the target's indexes when it starts: applyAsBacklog restarts it.
        applyAsBacklog(*f, u"UPDATE users SET email = 'tmp' WHERE id = 1;"
                           "UPDATE users SET email = 'a@x' WHERE id = 2;"
                           "UPDATE users SET email = 'b@x' WHERE id = 1;"_s);
    }

    // Rows a batch inserts go out as a plain INSERT. A target that drifted and holds one of
    // them already refuses that set; applied change by change, the insert replaces the row.
    void anInsertedRowTheTargetAlreadyHoldsIsReplaced()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(
                u"setdrift"_s, u"CREATE TABLE t (id int PRIMARY KEY, n int);"_s, {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(target().exec(f->db, u"INSERT INTO t VALUES (37, -1);"_s));
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"INSERT INTO t SELECT g, g FROM generate_series(1, 90) g;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(30000));
        QCOMPARE(target().queryValue(f->db, u"SELECT n FROM t WHERE id = 37"_s), u"37"_s);
        QVERIFY2(f->runner.output().contains(u"one by one"_s), qPrintable(f->runner.output()));
        QVERIFY2(f->runner.output().contains(u"inserts are applied as upserts from now on"_s),
                 qPrintable(f->runner.output()));
        // A target that refused one is likely to refuse more: inserts are upserts from then
        // on, so the next collision costs no second retry.
        SYNCLINE_PG_CHECK(target().exec(f->db, u"INSERT INTO t VALUES (120, -1);"_s));
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"INSERT INTO t SELECT g, g FROM generate_series(100, 150) g;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(30000));
        QCOMPARE(f->runner.output().count(u"one by one"_s), 1);
        QVERIFY2(!f->runner.output().contains(u"dead-letter"_s), qPrintable(f->runner.output()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // The target rejects one row of a set: the transaction is applied change by change and
    // the rejected change is named.
    void aRejectedRowOfASetIsNamed()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(
                u"setreject"_s, u"CREATE TABLE t (id int PRIMARY KEY, n int);"_s, {u"public.t"_s}));
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n < 100));"_s));
        f->setSinkOptions(u"    on_error: stop\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"INSERT INTO t SELECT g, CASE g WHEN 37 THEN 500 ELSE g END "
                                 "FROM generate_series(1, 90) g;"_s));
        QCOMPARE(f->runner.waitForExit(30000), 1);
        const QString output = f->runner.output();
        QVERIFY2(output.contains(u"applying them one by one"_s), qPrintable(output));
        QVERIFY2(output.contains(u"target rejected insert on public.t (id=37)"_s),
                 qPrintable(output));
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM t"_s), u"0"_s);
    }
};

QTEST_GUILESS_MAIN(TestSetwiseApply)
#include "tst_setwise_apply.moc"
