// The Redis sink when something goes wrong, against a real redis-server started here: the
// compare-and-set on the consumer offsets (rows and offsets commit in one script call, or not at
// all); changes Redis refuses dead-lettered and replayed; `syncline verify` finding keys changed
// by hand; a Redis restart; Redis losing acknowledged writes (warned of, but not a sink behind
// the slot after an idle runner confirmed WAL it does not capture); a value longer than the
// server reads, dead-lettered; a wrong password.

#include "dlq_cli.h"
#include "pipeline_fixture.h"
#include "redis_server.h"
#include "redis_sink_fixture.h"
#include "server_test.h"
#include "workload.h"

#include "connector/transport_offsets.h"
#include "model/table_definition.h"
#include "sink/redis/redis_sink.h"
#include "util/errors.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QThread>

using namespace syncline;
using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestRedisSinkFaults : public ServerTest
{
    Q_OBJECT

    SharedRedisServer m_shared; // for the tests that need nothing of their own
    RedisServer &sharedRedis() { return m_shared.get(); }

private slots:
    // The compare-and-set on the consumer offsets: a batch whose partition another member of the
    // group committed meanwhile writes nothing, rows included, and fails as retryable.
    void offsetsCommitWithTheRowsOrNotAtAll()
    {
        RedisServer redis(u"offsets"_s);
        SYNCLINE_PG_CHECK(redis.start());
        PostgresSinkConfig config;
        config.name = "cache";
        config.type = "redis";
        config.redis.url = redis.url().toStdString();
        config.redis.keyTemplate = "{table}:{id}";
        TableDefinition table;
        table.schema = "public";
        table.name = "t";
        table.columns = {{"id", "integer", true}, {"v", "text", false}};
        table.keyColumns = {"id"};
        RedisSink sink(config, "p");
        sink.useExternalPositions();
        sink.connect();
        sink.prepareTables({table});
        QVERIFY(sink.describeTable("public", "t"));
        QCOMPARE(sink.describeTable("public", "t")->columns.size(), std::size_t(2));
        const auto offsets = sink.transportOffsets("p", "g");
        QVERIFY(!offsets->recordSnapshot());
        sink.startStreaming();
        const std::shared_ptr<const TableSchema> schema = sink.describeTable("public", "t");
        const TopicPartition partition{"p.public.t", 0};
        const auto insert = [&](int id, std::int64_t offset) {
            auto chunk = std::make_shared<TransactionChunk>();
            chunk->isFirst = chunk->isLast = true;
            chunk->origin = "p.public.t/0";
            ChangeEvent event;
            event.table = schema;
            event.after = Row{Value::fromText(std::to_string(id)), Value::fromText("x")};
            chunk->events.push_back(std::move(event));
            chunk->offsets.push_back(offset);
            chunk->positions.push_back({0x1000, std::uint64_t(offset)});
            return chunk;
        };

        sink.apply(insert(1, 0));
        offsets->stage(partition, -1, 1, MessagePosition{0x1000, 0}, "cluster");
        sink.commitAt(Lsn(1));
        QVERIFY(sink.position() == Lsn(1));
        QCOMPARE(redis.command({u"HGET"_s, u"t:1"_s, u"v"_s}).value(0), u"x"_s);
        QCOMPARE(offsets->load("cluster").at(partition).nextOffset, std::int64_t(1));

        // Another member moved the partition to 5 meanwhile: this batch expected 1.
        SYNCLINE_PG_CHECK(redis.command({u"HSET"_s, u"syncline:p:cache:kafka:g"_s,
                                         u"p.public.t/0"_s, u"5\ncluster\n0/1000#4"_s}));
        sink.apply(insert(2, 1));
        offsets->stage(partition, 1, 2, MessagePosition{0x1000, 1}, "cluster");
        bool conflicted = false;
        try {
            sink.commitAt(Lsn(2));
        } catch (const TransientError &error) {
            conflicted = QString::fromStdString(error.what())
                             .contains(u"committed by another member of group g"_s);
        }
        QVERIFY(conflicted);
        QCOMPARE(redis.command({u"EXISTS"_s, u"t:2"_s}).value(0), u"0"_s);
        QCOMPARE(offsets->load("cluster").at(partition).nextOffset, std::int64_t(5));
        QVERIFY(offsets->partitionsAt("p.public.t", {0x1000, 4}) == std::set<int>{0});
        QVERIFY(offsets->partitionsAt("p.public.t", {0x1000, 5}).empty());
    }

    // A change Redis refuses (the key holds a string): retried, dead-lettered with Redis's
    // error, later changes of the row held behind it, other rows go on; once the key is fixed,
    // a replay while the pipeline runs applies both once, a second replay nothing, and the
    // row's next change is applied without a restart.
    void deadLettersWhatRedisRefusesAndReplaysIt()
    {
        RedisServer &redis = sharedRedis();
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = redisPipeline(u"redis_dlq"_s,
                              u"CREATE TABLE users (id int PRIMARY KEY, name text);"
                              "INSERT INTO users VALUES (1, 'ann'), (2, 'bob');"_s,
                              {u"public.users"_s},
                              redisSink(u"cache"_s, redis.url(),
                                        u"    key: \"dlq:{id}\"\n    max_retries: 1\n"_s)));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(redis.command({u"SET"_s, u"dlq:1"_s, u"not a hash"_s}));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE users SET name = 'anne' WHERE id = 1;"
                                               "UPDATE users SET name = 'bobby' WHERE id = 2;"
                                               "INSERT INTO users VALUES (3, 'cy');"
                                               "UPDATE users SET name = 'anna' WHERE id = 1;"_s));
        // The pipeline went on: the changes of other rows arrived.
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
            redis.command({u"HGET"_s, u"dlq:3"_s, u"name"_s}).value(0), u"cy"_s, 30000));
        QString problem;
        QJsonArray letters;
        QTRY_VERIFY_WITH_TIMEOUT(
            (letters = dlqJson({u"list"_s, f->pipelineFile}, problem)).size() == 2, 30000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(redis.command({u"HGET"_s, u"dlq:2"_s, u"name"_s}).value(0), u"bobby"_s);
        QCOMPARE(redis.command({u"GET"_s, u"dlq:1"_s}).value(0), u"not a hash"_s);
        QVERIFY(f->runner.isRunning());
        const auto first = letters[0].toObject();
        QCOMPARE(first[u"status"_s].toString(), u"pending"_s);
        QVERIFY2(first[u"message"_s].toString().contains(u"WRONGTYPE"_s),
                 qPrintable(first[u"message"_s].toString()));
        QCOMPARE(first[u"attempts"_s].toInt(), 2); // the first try and max_retries: 1
        QCOMPARE(first[u"key"_s].toObject()[u"id"_s].toInt(), 1);
        QCOMPARE(first[u"value"_s].toObject()[u"after"_s].toObject()[u"name"_s].toString(),
                 u"anne"_s);
        const auto second = letters[1].toObject();
        QCOMPARE(second[u"status"_s].toString(), u"held"_s);
        QCOMPARE(second[u"value"_s].toObject()[u"after"_s].toObject()[u"name"_s].toString(),
                 u"anna"_s);

        // Fixed by hand; the replay, while the pipeline runs, applies both changes, in order,
        // once.
        SYNCLINE_PG_CHECK(redis.command({u"DEL"_s, u"dlq:1"_s}));
        auto results = dlqJson({u"replay"_s, f->pipelineFile, u"--all"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(redis.command({u"HGETALL"_s, u"dlq:1"_s}),
                 (QStringList{u"id"_s, u"1"_s, u"name"_s, u"anna"_s}));
        SYNCLINE_PG_CHECK(redis.command({u"HSET"_s, u"dlq:1"_s, u"name"_s, u"by hand"_s}));
        results = dlqJson({u"replay"_s, f->pipelineFile, u"--all"_s, u"--status"_s, u"replayed"_s},
                          problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(redis.command({u"HGET"_s, u"dlq:1"_s, u"name"_s}).value(0), u"by hand"_s);

        // The running pipeline sees the row released: its next change is applied.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE users SET name = 'ana' WHERE id = 1"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
            redis.command({u"HGET"_s, u"dlq:1"_s, u"name"_s}).value(0), u"ana"_s, 30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // syncline verify compares the cache with the source key by key: equal, then a key changed
    // and a key deleted by hand are both reported.
    void verifiesTheCacheAgainstTheSource()
    {
        RedisServer &redis = sharedRedis();
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = redisPipeline(u"redis_verify"_s,
                              u"CREATE TABLE users (id int PRIMARY KEY, name text, note text);"
                              "INSERT INTO users SELECT g, 'user ' || g, CASE WHEN g % 3 = 0 "
                              "THEN 'note' END FROM generate_series(1, 50) g;"_s,
                              {u"public.users"_s},
                              redisSink(u"cache"_s, redis.url(), u"    key: \"verify:{id}\"\n"_s) +
                                  redisSink(u"feed"_s, redis.url(),
                                            u"    mode: stream\n    key: \"verifyfeed\"\n"_s)));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE users SET note = NULL WHERE id = 3;"
                                               "DELETE FROM users WHERE id = 4;"_s));
        // The stream sink keeps no rows: left out, and the cache equal.
        auto [code, report] = SynclineRunner::runOnce({u"verify"_s, f->pipelineFile, u"--json"_s});
        QVERIFY2(code == 0, qPrintable(report));
        QVERIFY2(report.contains(u"sink feed: not compared (a redis sink in invalidate or stream "
                                 "mode keeps no rows)"_s),
                 qPrintable(report));
        std::tie(code, report) =
            SynclineRunner::runOnce({u"verify"_s, f->pipelineFile, u"--sink"_s, u"feed"_s});
        QVERIFY2(code == 2 && report.contains(u"sink feed cannot be compared"_s),
                 qPrintable(report));

        SYNCLINE_PG_CHECK(redis.command({u"HSET"_s, u"verify:7"_s, u"name"_s, u"by hand"_s}));
        SYNCLINE_PG_CHECK(redis.command({u"DEL"_s, u"verify:8"_s}));
        std::tie(code, report) =
            SynclineRunner::runOnce({u"verify"_s, f->pipelineFile, u"--json"_s});
        QVERIFY2(code == 3, qPrintable(report));
        QVERIFY2(report.contains(u"\"missing\": 1"_s) && report.contains(u"\"different\": 1"_s) &&
                     report.contains(u"{\"key\": \"verify:7\"}, \"kind\": \"different\""_s) &&
                     report.contains(u"{\"key\": \"verify:8\"}, \"kind\": \"missing\""_s),
                 qPrintable(report));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void followsARedisRestart()
    {
        RedisServer redis(u"restart"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = redisItemsPipeline(u"redis_restart"_s,
                                                 redisSink(u"cache"_s, redis.url(),
                                                           u"    key: \"{table}:{id}\"\n"_s)));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        Workload workload(source().dsn(f->db), 5, 2);
        workload.start();
        QThread::msleep(800);
        SYNCLINE_PG_CHECK(redis.stop()); // a clean shutdown: the append-only file is synced
        QThread::msleep(1500);
        SYNCLINE_PG_CHECK(redis.start());
        QThread::msleep(800);
        workload.stop();
        SYNCLINE_PG_CHECK(
            SYNCLINE_EXPECT_OK(waitUntilCacheMatches(source(), f->db, redis, f->runner, 90000)));
        QVERIFY2(f->runner.isRunning(), qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Redis lost acknowledged writes (appendfsync everysec and a crash): its position went back
    // behind the slot's. The session says so instead of going on silently.
    void warnsWhenRedisLostWrites()
    {
        RedisServer redis(u"lost"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = redisPipeline(
                u"redis_lost"_s,
                u"CREATE TABLE t (id int PRIMARY KEY); CREATE TABLE other (id int);"_s,
                {u"public.t"_s}, redisSink(u"cache"_s, redis.url(), {})));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (1)"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(redis.keys(u"t:*"_s).size(), 1, 20000));
        // Idle, the runner confirms the slot past WAL it does not capture: the sink then stands
        // behind the slot, and nothing was lost.
        QString walEnd;
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO other VALUES (1)"_s));
        SYNCLINE_PG_CHECK(walEnd = source().queryValue(f->db, u"SELECT pg_current_wal_lsn()"_s));
        const QString slotPassedIt =
            u"SELECT bool_and(confirmed_flush_lsn >= '%1') FROM pg_replication_slots "
            "WHERE database = current_database()"_s.arg(walEnd);
        SYNCLINE_PG_CHECK(
            QTRY_COMPARE_WITH_TIMEOUT(source().queryValue(f->db, slotPassedIt), u"t"_s, 20000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QVERIFY2(!f->runner.output().contains(u"stands at"_s), qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        // Redis lost the sink's writes (its position is older than what it had applied).
        SYNCLINE_PG_CHECK(redis.command(
            {u"SET"_s, u"syncline:redis_lost:cache:position"_s, u"0000000000000001"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QVERIFY2(
            f->runner.output().contains(u"sink cache stands at 0/1, behind what it had applied"_s),
            qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A value longer than the server reads (proto-max-bulk-len) would break the connection:
    // it is dead-lettered before anything is sent, the pipeline goes on, and a replay writes it
    // once the server takes it.
    void deadLettersAValueTooLongForTheServer()
    {
        RedisServer redis(u"bulk"_s);
        SYNCLINE_PG_CHECK(redis.start());
        SYNCLINE_PG_CHECK(
            redis.command({u"CONFIG"_s, u"SET"_s, u"proto-max-bulk-len"_s, u"1mb"_s}));
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = redisPipeline(u"redis_bulk"_s,
                              u"CREATE TABLE docs (id int PRIMARY KEY, body text);"_s,
                              {u"public.docs"_s},
                              redisSink(u"cache"_s, redis.url(), u"    key: \"docs:{id}\"\n"_s)));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"INSERT INTO docs VALUES (2, repeat('x', 2000000))"_s));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO docs VALUES (3, 'after')"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
            redis.command({u"HGET"_s, u"docs:3"_s, u"body"_s}).value(0), u"after"_s, 30000));
        QString problem;
        const QJsonArray letters = dlqJson({u"list"_s, f->pipelineFile}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(letters.size(), 1);
        const QString message = letters[0].toObject()[u"message"_s].toString();
        QVERIFY2(message.contains(u"a value of 2000000 bytes is over the 1048576 bytes"_s),
                 qPrintable(message));
        QVERIFY(f->runner.isRunning());

        SYNCLINE_PG_CHECK(
            redis.command({u"CONFIG"_s, u"SET"_s, u"proto-max-bulk-len"_s, u"512mb"_s}));
        const QJsonArray results = dlqJson({u"replay"_s, f->pipelineFile, u"--all"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(redis.command({u"HSTRLEN"_s, u"docs:2"_s, u"body"_s}).value(0), u"2000000"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void wrongPasswordIsAClearError()
    {
        RedisServer redis(u"password"_s, u"s3cret-pass"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = redisPipeline(u"redis_auth"_s, u"CREATE TABLE t (id int PRIMARY KEY);"_s,
                              {u"public.t"_s},
                              redisSink(u"cache"_s, redis.urlWithPassword(u"wrong-pass"_s), {})));
        auto [code, output] = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(code != 0, qPrintable(output));
        QVERIFY2(output.contains(u"sink cache: redis://127.0.0.1:"_s) &&
                     output.contains(u"Redis refused the password"_s),
                 qPrintable(output));
        QVERIFY2(!output.contains(u"wrong-pass"_s), qPrintable(output));

        f->setSinks(redisSink(u"cache"_s, redis.urlWithPassword({}), {}));
        std::tie(code, output) = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(code != 0 && output.contains(u"Redis requires a password"_s), qPrintable(output));

        f->setSinks(redisSink(u"cache"_s, redis.url(), {}));
        std::tie(code, output) = SynclineRunner::runOnce({u"validate"_s, f->pipelineFile});
        QVERIFY2(code == 0, qPrintable(output));
        QVERIFY2(!output.contains(u"s3cret-pass"_s), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestRedisSinkFaults)
#include "tst_redis_sink_faults.moc"
