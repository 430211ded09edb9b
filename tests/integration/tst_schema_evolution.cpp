// Schema changes on the source while the pipeline streams under a write workload. Each case
// kills the runner (kill -9) right after the DDL, before any change uses the new shape, and
// again inside the target transaction that applies the DDL with the first such change
// (failpoint sink.schema_changed_before_commit). The target must end with the source's
// columns and rows, the DDL applied once.

#include "armed_failpoint.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "syncline_runner.h"
#include "workload.h"

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "schema/schema_history.h"
#endif

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSchema = u"CREATE TABLE users (id int PRIMARY KEY, name varchar(20) NOT NULL, "
                        "qty int NOT NULL, note text);"
                        "INSERT INTO users SELECT g, 'user' || g, g, CASE WHEN g % 2 = 0 "
                        "THEN 'even' END FROM generate_series(1, 2000) g;"_s;

// Columns as "name type(length) [not null]", in order.
const QString kColumnsSql =
    u"SELECT string_agg(column_name || ' ' || data_type || "
    "coalesce('(' || character_maximum_length || ')', '') || "
    "CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END, ', ' ORDER BY ordinal_position) "
    "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '%1'"_s;

// Each case: DDL on the source, then changes that use the new shape. "add with default":
// rows older than the column get its default on the target too, not NULL.
void addSchemaCases(const char *mode)
{
    const QString transport = QLatin1String(mode) == "kafka"_L1
                                  ? u"  type: kafka\n  brokers: embedded\n  partitions: 3\n"_s
                                  : u"  type: direct\n"_s;
    struct Case
    {
        const char *name;
        QString ddl;
        QString dml;
        QString sinkOptions;
    };
    const Case cases[] = {
        {"add nullable", u"ALTER TABLE users ADD COLUMN city text"_s,
         u"UPDATE users SET city = 'c' || id WHERE id % 3 = 0;"
         "INSERT INTO users VALUES (5001, 'new', 1, NULL, 'Oslo')"_s,
         QString()},
        {"add with default", u"ALTER TABLE users ADD COLUMN tier int NOT NULL DEFAULT 7"_s,
         u"INSERT INTO users VALUES (5001, 'new', 1, NULL, 9);"
         "UPDATE users SET tier = 8 WHERE id = 10"_s,
         QString()},
        {"drop", u"ALTER TABLE users DROP COLUMN note"_s,
         u"INSERT INTO users VALUES (5001, 'new', 1); UPDATE users SET qty = 0 WHERE id < 5"_s,
         u"    schema_changes: {drop_column: apply}\n"_s},
        {"widen varchar and int",
         u"ALTER TABLE users ALTER COLUMN name TYPE varchar(200), "
         "ALTER COLUMN qty TYPE bigint"_s,
         u"INSERT INTO users VALUES (5001, repeat('x', 150), 1099511627776, NULL);"
         "UPDATE users SET qty = qty * 1000000000 WHERE id < 50"_s,
         QString()},
        {"rename", u"ALTER TABLE users RENAME COLUMN name TO full_name"_s,
         u"UPDATE users SET full_name = 'renamed' || id WHERE id % 7 = 0;"
         "INSERT INTO users VALUES (5001, 'new', 1, NULL)"_s,
         QString()},
        {"drop not null", u"ALTER TABLE users ALTER COLUMN qty DROP NOT NULL"_s,
         u"INSERT INTO users VALUES (5001, 'new', NULL, NULL)"_s, QString()},
    };
    for (const auto &c : cases)
        QTest::addRow("%s %s", c.name, mode) << c.ddl << c.dml << c.sinkOptions << transport;
}

} // namespace

class TestSchemaEvolution : public ServerTest
{
    Q_OBJECT

private:
    std::unique_ptr<PipelineFixture> streamingPipeline(const QString &name,
                                                       const QString &sinkOptions = {})
    {
        // Full identity: the workload moves rows between keys, and with three partitions a row
        // may move to another partition, which needs the old row whole (see the README).
        auto f = PipelineFixture::create(
            name,
            kSchema + Workload::createTablesSql() + u"ALTER TABLE items REPLICA IDENTITY FULL"_s,
            QStringList{u"public.users"_s} + Workload::tables(), u"initial"_s, 200);
        if (!sinkOptions.isEmpty())
            f->setSinkOptions(sinkOptions);
        return f;
    }

    // Streams, then runs `ddl` on the source and kills the runner before any change uses the
    // new shape; runs `dml` while a runner armed at the failpoint applies it and dies inside
    // the target transaction; then streams until in sync.
    void evolveThroughCrashes(PipelineFixture &f, const QString &ddl, const QString &dml)
    {
        Workload workload(source().dsn(f.db), 7, 5);
        SYNCLINE_EXPECT_OK(f.startStreaming(120000));
        SYNCLINE_EXPECT_OK(f.waitUntilInSync(120000));
        workload.start(); // until after the last crash
        SYNCLINE_PG_CHECK(source().exec(f.db, ddl));
        QTest::qWait(300); // the Relation message is only sent with the next change
        f.runner.kill9();
        QCOMPARE(f.runner.waitForExit(30000), -2);
        {
            ArmedFailpoint armed(u"sink.schema_changed_before_commit=kill@1"_s);
            f.runner.start({u"run"_s, f.pipelineFile});
        }
        QVERIFY2(f.runner.waitForOutput(u"streaming from slot"_s, 60000),
                 qPrintable(f.runner.outputTail()));
        SYNCLINE_PG_CHECK(source().exec(f.db, dml));
        QCOMPARE(f.runner.waitForExit(120000), -2);
        QVERIFY2(f.runner.output().contains(u"failpoint sink.schema_changed_before_commit: kill"_s),
                 qPrintable(f.runner.outputTail()));
        SYNCLINE_EXPECT_OK(f.startStreaming(120000));
        QTRY_VERIFY_WITH_TIMEOUT(workload.committedTransactions() > 50, 60000);
        workload.stop();
        SYNCLINE_EXPECT_OK(f.waitUntilInSync(120000));
    }

    void compareColumns(PipelineFixture &f, const QString &table)
    {
        QCOMPARE(target().queryValue(f.db, kColumnsSql.arg(table)),
                 source().queryValue(f.db, kColumnsSql.arg(table)));
    }

private slots:
    void followsSchemaChangeAcrossCrashes_data()
    {
        QTest::addColumn<QString>("ddl");
        QTest::addColumn<QString>("dml");
        QTest::addColumn<QString>("sinkOptions");
        QTest::addColumn<QString>("transport");
        for (const char *mode : {"direct", "kafka"})
            addSchemaCases(mode);
    }
    void followsSchemaChangeAcrossCrashes()
    {
        QFETCH(QString, ddl);
        QFETCH(QString, dml);
        QFETCH(QString, sinkOptions);
        QFETCH(QString, transport);
        const QString name =
            u"se_"_s + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_');
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(name, sinkOptions));
        f->setTransport(transport);
        evolveThroughCrashes(*f, ddl, dml);
        if (QTest::currentTestFailed())
            return;
        compareColumns(*f, u"users"_s);
        QVERIFY2(!f->runner.output().contains(u"dead-lettered"_s), qPrintable(f->runner.output()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // drop_column: keep (the default) leaves the column on the target, nullable, NULL in rows
    // written after the drop; the other columns stay equal.
    void droppedColumnIsKeptByDefault()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"se_keep"_s,
                              u"CREATE TABLE t (id int PRIMARY KEY, v text, gone int NOT NULL);"
                              "INSERT INTO t SELECT g, 'v', g FROM generate_series(1, 10) g"_s,
                              {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"ALTER TABLE t DROP COLUMN gone;"
                                               "INSERT INTO t VALUES (11, 'new')"_s));
        QTRY_COMPARE_WITH_TIMEOUT(
            target().queryValue(f->db, u"SELECT count(*) || ':' || count(gone) FROM t"_s),
            u"11:10"_s, 30000);
        QCOMPARE(target().queryValue(f->db, kColumnsSql.arg(u"t"_s)),
                 u"id integer not null, v text, gone integer"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // DDL capture (on by default; the test role is a superuser): each statement is kept in
    // the schema history in its place in the stream; validate says it is installed.
    void ddlCaptureKeepsTheStatements()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(
                u"se_ddl"_s, u"CREATE TABLE t (id int PRIMARY KEY, v text)"_s, {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"ALTER TABLE t ADD COLUMN w int DEFAULT 3;"
                                               "INSERT INTO t VALUES (1, 'a', 4)"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        const QString stateDir =
            QFileInfo(f->pipelineFile).absolutePath() + u"/.syncline/"_s + f->db;
        QTRY_VERIFY_WITH_TIMEOUT(
            !syncline::SchemaHistory(syncline::SchemaHistory::fileIn(stateDir.toStdString()))
                 .ddl("public.t")
                 .empty(),
            10000);
        const auto statements =
            syncline::SchemaHistory(syncline::SchemaHistory::fileIn(stateDir.toStdString()))
                .ddl("public.t");
        QCOMPARE(statements.back().commandTag, "ALTER TABLE");
        QVERIFY(statements.back().ddl.find("ADD COLUMN w int DEFAULT 3") != std::string::npos);
        const auto validated = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(validated.second.contains(u"ddl capture: installed"_s),
                 qPrintable(validated.second));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // ALTER TYPE ... ADD VALUE on the source: the first row with the new value adds it to the
    // target's enum (created by create_tables), with no dead letter.
    void enumValueAddedIsFollowed()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"se_enum"_s,
                                        u"CREATE TYPE mood AS ENUM ('sad', 'ok');"
                                        "CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL);"
                                        "INSERT INTO t VALUES (1, 'sad'), (2, 'ok')"_s,
                                        {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"ALTER TYPE mood ADD VALUE 'happy'"_s));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (3, 'happy');"
                                               "UPDATE t SET m = 'happy' WHERE id = 1"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        QCOMPARE(target().queryValue(f->db, u"SELECT enum_range(NULL::mood)::text"_s),
                 u"{sad,ok,happy}"_s);
        QVERIFY2(!f->runner.output().contains(u"dead-lettered"_s),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A narrowing the policy refuses quarantines its table: its changes are held in order as
    // dead letters while the other tables flow; after the operator changes the target by hand
    // and replays them, the table is in sync and flows again.
    void narrowingQuarantinesOneTableUntilReleased()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(u"se_quarantine"_s));
        Workload workload(source().dsn(f->db), 5, 5);
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(120000));
        workload.start();
        SYNCLINE_PG_CHECK(source().exec(f->db, u"ALTER TABLE users ALTER COLUMN qty TYPE smallint "
                                               "USING (qty % 1000)::smallint;"
                                               "UPDATE users SET qty = 1 WHERE id <= 3;"
                                               "DELETE FROM users WHERE id = 4;"
                                               "INSERT INTO users VALUES (5001, 'n', 2, NULL)"_s));
        QVERIFY2(f->runner.waitForOutput(u"public.users is quarantined"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        // The other tables keep flowing, also inside a transaction that changes the held table
        // between rows of another (they are applied as one multi-row statement).
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"BEGIN; INSERT INTO items (id, qty) VALUES (90001, 1), (90002, 2);"
                   "UPDATE users SET qty = 7 WHERE id = 6;"
                   "INSERT INTO items (id, qty) VALUES (90003, 3), (90004, 4); COMMIT"_s));
        const long long before = workload.committedTransactions();
        QTRY_VERIFY_WITH_TIMEOUT(workload.committedTransactions() > before + 20, 60000);
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(Workload::tables(), 60000));
        QCOMPARE(target().queryValue(f->db, u"SELECT qty FROM users WHERE id = 1"_s), u"1"_s);
        QCOMPARE(target().queryValue(f->db, u"SELECT sum(qty) FROM items WHERE id > 90000"_s),
                 u"10"_s);
        // Without a retry: a held change never joins another table's statement.
        QVERIFY2(!f->runner.output().contains(u"sent together"_s),
                 qPrintable(f->runner.outputTail()));
        const auto status = SynclineRunner::runOnce({u"status"_s, f->pipelineFile});
        QVERIFY2(status.second.contains(u"public.users"_s) &&
                     status.second.contains(u"quarantined"_s),
                 qPrintable(status.second));
        const auto letters = jsonArrayIn(
            SynclineRunner::runOnce({u"dlq"_s, u"list"_s, f->pipelineFile, u"--json"_s}).second);
        QVERIFY(letters.size() >= 5);
        for (const auto &letter : letters)
            QCOMPARE(letter.toObject()[u"error_class"_s].toString(), u"schema_change"_s);
        // What the sink did is in the schema history, with the DDL to run by hand.
        const QString stateDir =
            QFileInfo(f->pipelineFile).absolutePath() + u"/.syncline/"_s + f->db;
        const auto actions =
            syncline::SchemaHistory(syncline::SchemaHistory::fileIn(stateDir.toStdString()))
                .actions("public.users");
        QVERIFY(!actions.empty());
        QCOMPARE(actions.back().outcome, "quarantined");
        QCOMPARE(actions.back().kind, "incompatible");
        QVERIFY(actions.back().statements.find("TYPE smallint") != std::string::npos);

        // The operator applies the change by hand, then releases the table.
        SYNCLINE_PG_CHECK(target().exec(f->db, u"ALTER TABLE users ALTER COLUMN qty TYPE smallint "
                                               "USING (qty % 1000)::smallint"_s));
        const auto replay = SynclineRunner::runOnce(
            {u"dlq"_s, u"replay"_s, f->pipelineFile, u"--table"_s, u"public.users"_s});
        QVERIFY2(replay.first == 0, qPrintable(replay.second));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE users SET qty = 3 WHERE id = 5"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        compareColumns(*f, u"users"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestSchemaEvolution)
#include "tst_schema_evolution.moc"
