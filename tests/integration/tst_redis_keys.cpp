// The Redis sink's keys against a real redis-server: a composite key's values escaped so that
// two rows never share a key (snapshot, delete, truncate and verify find each row's own), and
// tables of one name in two schemas refused, before anything is written, by a template without
// {schema}; syncline validate names a placeholder that is not a key column.

#include "pipeline_fixture.h"
#include "redis_server.h"
#include "redis_sink_fixture.h"
#include "server_test.h"

#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestRedisKeys : public ServerTest
{
    Q_OBJECT

    SharedRedisServer m_shared;
    RedisServer &redis() { return m_shared.get(); }

    // A pipeline called `name` over the tables `sql` makes, into a sink "cache" at `database`.
    std::unique_ptr<PipelineFixture> cachePipeline(const QString &name, const QString &sql,
                                                   const QStringList &tables, int database,
                                                   const QString &lines = {})
    {
        return redisPipeline(name, sql, tables,
                             redisSink(u"cache"_s, redis().url(database), lines));
    }

    QString field(const QString &key, int database)
    {
        return redis().command({u"HGET"_s, key, u"v"_s}, database).value(0);
    }

private slots:
    // ('a:b','c') and ('a','b:c') of a table keyed by (a,b) once both went to tk:a:b:c.
    void keepsCompositeKeysApart()
    {
        const int db = 5;
        const QString rows = u"CREATE TABLE tk (a text, b text, v text, PRIMARY KEY (a, b));"
                             "INSERT INTO tk VALUES ('a:b', 'c', 'first'), ('a', 'b:c', "
                             "'second'), ('x\\', 'y', 'third');"_s;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = cachePipeline(u"redis_keys_escaped"_s, rows, {u"public.tk"_s}, db));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        // The snapshot: each row under its own key.
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(field(u"tk:a\\:b:c"_s, db), u"first"_s, 30000));
        SYNCLINE_PG_CHECK(QCOMPARE(field(u"tk:a:b\\:c"_s, db), u"second"_s));
        SYNCLINE_PG_CHECK(QCOMPARE(field(u"tk:x\\\\:y"_s, db), u"third"_s));
        auto [code, report] = SynclineRunner::runOnce({u"verify"_s, f->pipelineFile, u"--json"_s});
        QVERIFY2(code == 0 && report.contains(u"\"rows\": 3"_s), qPrintable(report));

        // A delete removes its row's key, not the other's.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"DELETE FROM tk WHERE a = 'a:b';"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
            redis().command({u"EXISTS"_s, u"tk:a\\:b:c"_s}, db).value(0), u"0"_s, 30000));
        SYNCLINE_PG_CHECK(QCOMPARE(field(u"tk:a:b\\:c"_s, db), u"second"_s));
        std::tie(code, report) =
            SynclineRunner::runOnce({u"verify"_s, f->pipelineFile, u"--json"_s});
        QVERIFY2(code == 0 && report.contains(u"\"rows\": 2"_s), qPrintable(report));

        // The truncate's SCAN pattern finds the escaped keys.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"TRUNCATE tk;"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
            redis().command({u"KEYS"_s, u"tk:*"_s}, db).join(u' '), QString(), 30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // public.items and other.items under {table}:{key}: one's snapshot or truncate would remove
    // the other's keys. other.* is a pattern, so only the runner (and an online validate) can see
    // it; then with {schema} both tables' rows are kept apart.
    void refusesTablesOfOneNameWithoutSchema()
    {
        const int db = 6;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = cachePipeline(u"redis_keys_schemas"_s,
                                            u"CREATE TABLE items (id int PRIMARY KEY, v text);"
                                            "CREATE SCHEMA other;"
                                            "CREATE TABLE other.items (id int PRIMARY KEY, v text);"
                                            "INSERT INTO items VALUES (1, 'public');"
                                            "INSERT INTO other.items VALUES (1, 'other');"_s,
                                            {u"public.items"_s, u"other.items"_s}, db));
        f->setSourceTables({u"public.items"_s, u"other.*"_s});
        const QString refusal = u"tables public.items and other.items have the same name, and "
                                "the key template '{table}:{key}' has no {schema}"_s;
        auto [code, output] = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(code == 2 && output.contains(refusal), qPrintable(output));
        std::tie(code, output) = SynclineRunner::runOnce({u"run"_s, f->pipelineFile});
        QVERIFY2(code == 1 && output.contains(refusal), qPrintable(output));
        SYNCLINE_PG_CHECK(QCOMPARE(redis().command({u"DBSIZE"_s}, db).value(0), u"0"_s));

        f->setSinks(
            redisSink(u"cache"_s, redis().url(db), u"    key: \"{schema}:{table}:{key}\"\n"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(
            QTRY_COMPARE_WITH_TIMEOUT(field(u"other:items:1"_s, db), u"other"_s, 30000));
        SYNCLINE_PG_CHECK(QCOMPARE(field(u"public:items:1"_s, db), u"public"_s));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // {v} is a column, not a key column: validate (online) says so at the key, as run would.
    void validateNamesAColumnThatIsNotAKey()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = cachePipeline(u"redis_keys_column"_s,
                                            u"CREATE TABLE items (id int PRIMARY KEY, v text);"_s,
                                            {u"public.items"_s}, 7,
                                            u"    key: \"{table}:{v}\"\n"_s));
        const auto [code, output] = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(code == 2 && output.contains(u"{v} is not a key column of public.items"_s) &&
                     output.contains(u"sink cache: key template '{table}:{v}'"_s),
                 qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestRedisKeys)
#include "tst_redis_keys.moc"
