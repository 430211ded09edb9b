// The Redis sink's TTL per table (table_ttl) against a real redis-server: each table's keys get
// their own TTL, a table set to never has none, and the others the sink's ttl; for snapshot rows
// and for changes streamed afterwards, with one transaction that writes all three tables in one
// script call; as hashes (EXPIRE) and as JSON strings (SET EX).

#include "pipeline_fixture.h"
#include "redis_server.h"
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

private slots:
    void eachTableHasItsOwnTtl()
    {
        RedisServer redis(u"table_ttl"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"redis_table_ttl"_s,
                              u"CREATE TABLE sessions (id int PRIMARY KEY, who text);"
                              "CREATE TABLE carts (id int PRIMARY KEY, total int);"
                              "CREATE TABLE items (id int PRIMARY KEY, name text);"
                              "INSERT INTO sessions VALUES (1, 'ann');"
                              "INSERT INTO carts VALUES (1, 10);"
                              "INSERT INTO items VALUES (1, 'pen');"_s,
                              {u"public.sessions"_s, u"public.carts"_s, u"public.items"_s}));
        const QString ttls = u"    ttl: 1h\n"
                             "    table_ttl:\n"
                             "      sessions: 30m\n"
                             "      public.carts: never\n"_s;
        f->setSinks(u"  - name: cache\n    type: redis\n    url: \"%1\"\n"_s.arg(redis.url(1)) +
                    ttls +
                    u"  - name: docs\n    type: redis\n    url: \"%1\"\n    encoding: json\n"_s.arg(
                        redis.url(2)) +
                    ttls);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        // One transaction over the three tables: one script call of each sink writes them all.
        SYNCLINE_PG_CHECK(f->source().exec(f->db, u"BEGIN;"
                                                  "INSERT INTO sessions VALUES (2, 'bob');"
                                                  "UPDATE carts SET total = 20 WHERE id = 1;"
                                                  "INSERT INTO carts VALUES (2, 5);"
                                                  "INSERT INTO items VALUES (2, 'ink');"
                                                  "COMMIT"_s));
        for (const int database : {1, 2}) {
            for (const QString &key : {u"sessions:2"_s, u"carts:2"_s, u"items:2"_s})
                SYNCLINE_PG_CHECK(
                    QTRY_VERIFY_WITH_TIMEOUT(pttl(redis, key, database) != -2, 30000));
            SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
                redis.command({u"TYPE"_s, u"carts:1"_s}, database).value(0),
                database == 1 ? u"hash"_s : u"string"_s, 30000));
            for (const QString &id : {u"1"_s, u"2"_s}) {
                // Snapshot rows (1) and streamed changes (2).
                SYNCLINE_EXPECT_OK(checkTtl(redis, u"sessions:"_s + id, database, 30 * 60));
                SYNCLINE_EXPECT_OK(checkTtl(redis, u"carts:"_s + id, database, 0));
                SYNCLINE_EXPECT_OK(checkTtl(redis, u"items:"_s + id, database, 3600));
            }
        }
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestRedisTableTtl)
#include "tst_redis_table_ttl.moc"
