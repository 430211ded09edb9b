// The Redis sink's TTL per table (table_ttl) against a real redis-server: each table's keys get
// their own TTL, a table set to never has none, and the others the sink's ttl; for snapshot rows
// (script calls that read the stored positions), for a transaction of plain writes to all three
// tables (one MULTI/EXEC per sink) and for one with a key move (a fast script call); as hashes
// (EXPIRE) and as JSON strings (SET EX). A key of a never table that an earlier setting gave a
// TTL loses it when written (PERSIST), on both ways.

#include "pipeline_fixture.h"
#include "redis_server.h"
#include "redis_sink_fixture.h"
#include "server_test.h"

#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestRedisTableTtl : public ServerTest
{
    Q_OBJECT

    // PTTL of `key` in milliseconds: -1 without a TTL, -2 when there is no such key.
    static qint64 pttl(RedisServer &redis, const QString &key, int database)
    {
        return redis.command({u"PTTL"_s, key}, database).value(0).toLongLong();
    }

    // Whether `key`'s TTL is of `seconds` (0: none), less what passed since it was written.
    static QString checkTtl(RedisServer &redis, const QString &key, int database, int seconds)
    {
        const qint64 left = pttl(redis, key, database);
        const qint64 whole = redis.command({u"TTL"_s, key}, database).value(0).toLongLong();
        const bool good = seconds == 0
                              ? left == -1 && whole == -1
                              : left > (seconds - 120) * 1000LL && left <= seconds * 1000LL &&
                                    whole <= seconds && whole > seconds - 120;
        return good ? QString()
                    : u"%1 (db %2): PTTL %3, TTL %4; expected %5 s"_s.arg(key)
                          .arg(database)
                          .arg(left)
                          .arg(whole)
                          .arg(seconds);
    }

    // Waits for `keys` in both sinks' databases: empty once they are, else the one missing.
    static QString waitForKeys(RedisServer &redis, const QStringList &keys)
    {
        for (const int database : {1, 2})
            for (const QString &key : keys)
                if (!QTest::qWaitFor([&] { return pttl(redis, key, database) != -2; }, 30000))
                    return u"%1 (db %2) was not written"_s.arg(key).arg(database);
        return {};
    }

private slots:
    void eachTableHasItsOwnTtl()
    {
        RedisServer redis(u"table_ttl"_s);
        SYNCLINE_PG_CHECK(redis.start());
        const QString ttls = u"    ttl: 1h\n"
                             "    table_ttl:\n"
                             "      sessions: 30m\n"
                             "      public.carts: never\n"_s;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = redisPipeline(
                u"redis_table_ttl"_s,
                u"CREATE TABLE sessions (id int PRIMARY KEY, who text);"
                "CREATE TABLE carts (id int PRIMARY KEY, total int);"
                "CREATE TABLE items (id int PRIMARY KEY, name text);"
                "INSERT INTO sessions VALUES (1, 'ann');"
                "INSERT INTO carts VALUES (1, 10);"
                "INSERT INTO items VALUES (1, 'pen');"_s,
                {u"public.sessions"_s, u"public.carts"_s, u"public.items"_s},
                redisSink(u"cache"_s, redis.url(1), ttls) +
                    redisSink(u"docs"_s, redis.url(2), u"    encoding: json\n"_s + ttls)));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        // carts:1 and carts:2 as a sink with `ttl: 1h` alone left them: the writes below
        // (a MULTI/EXEC, a script call) drop the TTL.
        auto expireByHand = [&](const QString &key) {
            for (const int database : {1, 2})
                if (redis.command({u"EXPIRE"_s, key, u"3600"_s}, database).value(0) != u"1"_s)
                    return u"%1 (db %2) is not there to expire"_s.arg(key).arg(database);
            return QString();
        };
        SYNCLINE_EXPECT_OK(waitForKeys(redis, {u"carts:1"_s}));
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(expireByHand(u"carts:1"_s)));
        // Each transaction writes the three tables, in one MULTI/EXEC or script call per sink.
        // `id`'s keys are in both sinks' databases once it returns; Redis counts the commands
        // from there.
        auto commit = [&](const QString &statements, const QString &id) {
            redis.command({u"CONFIG"_s, u"RESETSTAT"_s});
            f->source().exec(f->db, u"BEGIN;"_s + statements + u"COMMIT"_s);
            return waitForKeys(redis, {u"sessions:"_s + id, u"carts:"_s + id, u"items:"_s + id});
        };
        // Plain writes: a MULTI/EXEC.
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(commit(u"INSERT INTO sessions VALUES (2, 'bob');"
                                                    "UPDATE carts SET total = 20 WHERE id = 1;"
                                                    "INSERT INTO carts VALUES (2, 5);"
                                                    "INSERT INTO items VALUES (2, 'ink');"_s,
                                                    u"2"_s)));
        SYNCLINE_PG_CHECK(QCOMPARE(redis.calls(u"exec"_s), 2));
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(expireByHand(u"carts:2"_s)));
        // A key move, which only the script does: a fast call (no stored position read).
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(commit(u"INSERT INTO sessions VALUES (3, 'cy');"
                                                    "INSERT INTO carts VALUES (3, 7);"
                                                    "UPDATE carts SET total = 6 WHERE id = 2;"
                                                    "UPDATE items SET id = 3 WHERE id = 2;"_s,
                                                    u"3"_s)));
        SYNCLINE_PG_CHECK(QCOMPARE(redis.calls(u"exec"_s), 0));
        SYNCLINE_PG_CHECK(QCOMPARE(redis.calls(u"evalsha"_s), 2));
        SYNCLINE_PG_CHECK(QCOMPARE(redis.calls(u"hmget"_s), 0));
        for (const int database : {1, 2}) {
            SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
                redis.command({u"TYPE"_s, u"carts:1"_s}, database).value(0),
                database == 1 ? u"hash"_s : u"string"_s, 30000));
            // Snapshot rows (1), a MULTI/EXEC (2; items:2 moved to items:3 later) and a
            // script call (3).
            for (const QString &id : {u"1"_s, u"2"_s, u"3"_s}) {
                SYNCLINE_EXPECT_OK(checkTtl(redis, u"sessions:"_s + id, database, 30 * 60));
                SYNCLINE_EXPECT_OK(checkTtl(redis, u"carts:"_s + id, database, 0));
                if (id != u"2"_s)
                    SYNCLINE_EXPECT_OK(checkTtl(redis, u"items:"_s + id, database, 3600));
            }
        }
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestRedisTableTtl)
#include "tst_redis_table_ttl.moc"
