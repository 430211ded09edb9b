// The Redis sink against a real redis-server started here: materialize (snapshot, inserts,
// updates, key moves, TOAST, deletes, truncate) compared with the source row for row by scanning
// keys, across kill -9, through the direct and the kafka transport (rows and consumer offsets
// commit in one script call, with a compare-and-set on each offset); stream mode appends each
// change exactly once even when a session resends what one sink already applied; invalidate; a
// wrong password.

#include "armed_failpoint.h"
#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pipeline_fixture.h"
#include "redis_server.h"
#include "server_test.h"
#include "workload.h"

#include "connector/transport_offsets.h"
#include "model/table_definition.h"
#include "sink/redis/redis_sink.h"
#include "util/errors.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QThread>

using namespace syncline;
using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QStringList kItemColumns{u"id"_s, u"qty"_s, u"note"_s, u"payload"_s, u"big"_s, u"updated"_s};

QString shortened(const QString &text)
{
    return text.size() > 60 ? text.left(60) + u"..."_s : text;
}

// The first difference between `items` on the source and the hashes items:<id>, or "".
QString differenceFromSource(PgCluster &source, const QString &db, RedisServer &redis)
{
    // The session settings the pipeline pins, so that values read as the sink received them.
    const auto rows = source.query(
        db, u"SET timezone = UTC; SET datestyle = 'ISO, MDY'; SET extra_float_digits = 3; "
            "SELECT id::text, qty::text, note, payload::text, big, updated::text FROM items"_s);
    QSet<QString> expectedKeys;
    for (const auto &row : rows) {
        const QString key = u"items:"_s + row[0];
        expectedKeys.insert(key);
        const QStringList flat = redis.command({u"HGETALL"_s, key});
        QHash<QString, QString> fields;
        for (qsizetype i = 0; i + 1 < flat.size(); i += 2)
            fields.insert(flat[i], flat[i + 1]);
        for (qsizetype c = 0; c < kItemColumns.size(); ++c) {
            const QString &column = kItemColumns[c];
            if (row[c].isNull() ? fields.contains(column) : fields.value(column) != row[c])
                return u"%1 %2: source %3, redis %4"_s.arg(
                    key, column, row[c].isNull() ? u"NULL"_s : shortened(row[c]),
                    fields.contains(column) ? shortened(fields.value(column)) : u"absent"_s);
        }
        if (fields.size() != qsizetype(std::count_if(row.begin(), row.end(),
                                                     [](const QString &v) { return !v.isNull(); })))
            return key + u": extra fields "_s + QStringList(fields.keys()).join(u',');
    }
    const QStringList keys = redis.keys(u"items:*"_s);
    const QSet<QString> found(keys.begin(), keys.end());
    if (found != expectedKeys) {
        const QSet<QString> extra = found - expectedKeys, missing = expectedKeys - found;
        return u"keys differ: %1 extra (%2), %3 missing (%4)"_s.arg(extra.size())
            .arg(QStringList(extra.values()).mid(0, 5).join(u' '))
            .arg(missing.size())
            .arg(QStringList(missing.values()).mid(0, 5).join(u' '));
    }
    return {};
}

QString waitUntilCacheMatches(PgCluster &source, const QString &db, RedisServer &redis,
                              SynclineRunner &runner, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    QString difference;
    while (timer.elapsed() < timeoutMs) {
        difference = differenceFromSource(source, db, redis);
        if (difference.isEmpty())
            return {};
        QThread::msleep(200);
    }
    return difference + u"\n--- runner output:\n"_s + runner.outputTail(40);
}

QString redisSink(const QString &name, const QString &url, const QString &lines)
{
    return u"  - name: %1\n    type: redis\n    url: \"%2\"\n"_s.arg(name, url) + lines;
}

} // namespace

class TestRedisSink : public ServerTest
{
    Q_OBJECT

private slots:
    void materializesTheSourceAcrossKillNine_data()
    {
        QTest::addColumn<bool>("kafka");
        QTest::newRow("direct") << false;
        // Three partitions on the mock cluster the test hosts, so it outlives the runner; key
        // moves and the truncate cross partitions (a key move between two partitions carries
        // the values an update left out only with REPLICA IDENTITY FULL: README, Through Kafka).
        QTest::newRow("kafka") << true;
    }

    void materializesTheSourceAcrossKillNine()
    {
        QFETCH(bool, kafka);
        RedisServer redis(u"materialize"_s);
        SYNCLINE_PG_CHECK(redis.start());
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        if (kafka)
            SYNCLINE_PG_CHECK(f = kafkaPipeline(u"redis_kafka"_s, cluster, 3, 5000,
                                                Workload::createTablesSql() +
                                                    u"ALTER TABLE items REPLICA IDENTITY FULL;"_s,
                                                {u"public.items"_s}));
        else
            SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"redis_mat"_s,
                                                          Workload::createTablesSql(),
                                                          {u"public.items"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(),
                              u"    mode: materialize\n    key: \"{table}:{id}\"\n"
                              "    batch_max_changes: 50\n"_s));
        // Through Kafka, smaller and paced: the mock broker keeps 5 MB per partition.
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items (id, qty, note, big) SELECT g, g, 'seed', "
                   "repeat('x', %1) FROM generate_series(1, 500) g;"_s.arg(kafka ? 300 : 3000)));
        Workload workload(source().dsn(f->db), 17, kafka ? 10 : 0);
        workload.start();
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < 3; ++round) {
            f->runner.start({u"run"_s, f->pipelineFile});
            // Killed while it applies: through Kafka, once the consumer has its partitions.
            QVERIFY2(f->runner.waitForOutput(
                         kafka ? u"sink cache: assigned"_s : u"streaming from slot"_s, 60000),
                     qPrintable(f->runner.outputTail()));
            QThread::msleep(300 + random->bounded(1200));
            QVERIFY2(f->runner.isRunning(), qPrintable(f->runner.outputTail()));
            f->runner.kill9();
        }
        {
            // Right after a batch's script call, before the session learns it committed.
            ArmedFailpoint failpoint(u"redis_sink.batch_applied=kill@4"_s);
            f->runner.start({u"run"_s, f->pipelineFile});
            QVERIFY2(f->runner.waitForExit(60000) == -2, qPrintable(f->runner.outputTail()));
        }
        workload.stop();
        QVERIFY(workload.committedTransactions() > 20);
        f->runner.start({u"run"_s, f->pipelineFile});
        SYNCLINE_PG_CHECK(
            SYNCLINE_EXPECT_OK(waitUntilCacheMatches(source(), f->db, redis, f->runner, 90000)));

        SYNCLINE_PG_CHECK(source().exec(f->db,
                                        u"TRUNCATE items;"
                                        "INSERT INTO items (id, qty) VALUES (1, 10), (2, 20);"
                                        "UPDATE items SET note = 'after' WHERE id = 2;"_s));
        SYNCLINE_PG_CHECK(
            SYNCLINE_EXPECT_OK(waitUntilCacheMatches(source(), f->db, redis, f->runner)));
        if (kafka) {
            // The group's offsets, beside the rows under the sink's prefix.
            QStringList offsets;
            SYNCLINE_PG_CHECK(offsets = redis.command({u"HKEYS"_s, u"syncline:redis_kafka:cache:"
                                                                   "kafka:syncline.redis_kafka."
                                                                   "cache"_s}));
            QVERIFY2(offsets.contains(u"redis_kafka.public.items/2"_s),
                     qPrintable(offsets.join(u' ')));
        }
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        qInfo("%lld source transactions across 4 kills", workload.committedTransactions());
    }

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

    // Two sinks: one ahead of the other when the runner dies, so the next session resends to
    // it what it applied already. Its stream must hold each change once, in order.
    void streamsEachChangeOnceWhenResent()
    {
        RedisServer redis(u"stream"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"redis_stream"_s,
                              u"CREATE TABLE events (id int PRIMARY KEY, v int NOT NULL);"
                              "INSERT INTO events SELECT g, 0 FROM generate_series(1, 20) g;"_s,
                              {u"public.events"_s}));
        f->setSinks(redisSink(u"fast"_s, redis.url(),
                              u"    mode: stream\n    key: \"fast.{table}\"\n"
                              "    batch_max_changes: 1\n"_s) +
                    redisSink(u"slow"_s, redis.url(),
                              u"    mode: stream\n    key: \"slow.{table}\"\n"
                              "    batch_max_changes: 1000\n"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        const int changes = 300;
        for (int i = 0; i < changes; ++i)
            SYNCLINE_PG_CHECK(source().exec(
                f->db, u"UPDATE events SET v = v + 1 WHERE id = %1"_s.arg(i % 20 + 1)));
        const auto position = [&](const QString &sink) {
            return redis.command({u"GET"_s, u"syncline:redis_stream:"_s + sink + u":position"_s})
                .first();
        };
        bool resent = false;
        for (int round = 0; round < 5 && !resent; ++round) {
            ArmedFailpoint failpoint(u"redis_sink.batch_applied=kill@%1"_s.arg(3 + round * 7));
            f->runner.start({u"run"_s, f->pipelineFile});
            if (f->runner.waitForExit(60000) != -2)
                break; // everything applied before the failpoint's hit
            QString fast, slow;
            SYNCLINE_PG_CHECK(fast = position(u"fast"_s));
            SYNCLINE_PG_CHECK(slow = position(u"slow"_s));
            resent = fast != slow;
        }
        QVERIFY2(resent, "the sinks never stood at different positions when the runner died");
        f->runner.start({u"run"_s, f->pipelineFile});
        for (const QString stream : {u"fast.events"_s, u"slow.events"_s}) {
            QElapsedTimer timer;
            timer.start();
            QString length;
            while (timer.elapsed() < 60000) {
                SYNCLINE_PG_CHECK(length = redis.command({u"XLEN"_s, stream}).first());
                if (length.toInt() >= 20 + changes)
                    break;
                QThread::msleep(100);
            }
            QThread::msleep(500); // a duplicate would show up after the last change
            SYNCLINE_PG_CHECK(length = redis.command({u"XLEN"_s, stream}).first());
            QCOMPARE(length.toInt(), 20 + changes);
            QStringList entries;
            SYNCLINE_PG_CHECK(entries = redis.command({u"XRANGE"_s, stream, u"-"_s, u"+"_s}));
            QStringList positions;
            for (qsizetype i = 0; i + 1 < entries.size(); ++i)
                if (entries[i] == u"position"_s)
                    positions << entries[i + 1];
            QCOMPARE(positions.size(), 20 + changes);
            for (qsizetype i = 1; i < positions.size(); ++i)
                QVERIFY2(positions[i - 1] < positions[i], qPrintable(positions[i]));
        }
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void followsARedisRestart()
    {
        RedisServer redis(u"restart"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"redis_restart"_s,
                                                      Workload::createTablesSql(),
                                                      {u"public.items"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(), u"    key: \"{table}:{id}\"\n"_s));
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

    void materializesJsonWithTtl()
    {
        RedisServer redis(u"json"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(
                u"redis_json"_s,
                u"CREATE TABLE docs (id int PRIMARY KEY, title text, body text);"
                "ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;"
                "INSERT INTO docs VALUES (1, 'a \"quoted\" title', repeat('b', 5000)),"
                "  (2, NULL, 'short');"_s,
                {u"public.docs"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(3),
                              u"    key: \"doc:{id}\"\n    encoding: json\n    ttl: 1h\n"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        const auto value = [&](const QString &key) {
            return redis.command({u"GET"_s, key}, 3).first();
        };
        QString doc;
        SYNCLINE_PG_CHECK(doc = value(u"doc:2"_s));
        QCOMPARE(doc, u"{\"id\":\"2\",\"title\":null,\"body\":\"short\"}"_s);
        // The body is not resent (unchanged TOAST): the stored one stays.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE docs SET title = 'new' WHERE id = 1"_s));
        const QString expected =
            u"{\"id\":\"1\",\"title\":\"new\",\"body\":\""_s + QString(5000, u'b') + u"\"}"_s;
        SYNCLINE_PG_CHECK(
            QTRY_COMPARE_WITH_TIMEOUT(value(u"doc:1"_s).size(), expected.size(), 20000));
        QString ttl;
        SYNCLINE_PG_CHECK(ttl = redis.command({u"TTL"_s, u"doc:1"_s}, 3).first());
        QVERIFY2(ttl.toInt() > 3500 && ttl.toInt() <= 3600, qPrintable(ttl));
        SYNCLINE_PG_CHECK(doc = value(u"doc:1"_s));
        QVERIFY2(doc.contains(u"\"title\":\"new\""_s) && doc.contains(QString(5000, u'b')),
                 qPrintable(doc.left(80)));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Redis lost acknowledged writes (appendfsync everysec and a crash): its position went back
    // behind the slot's. The session says so instead of going on silently.
    void warnsWhenRedisLostWrites()
    {
        RedisServer redis(u"lost"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"redis_lost"_s,
                                                      u"CREATE TABLE t (id int PRIMARY KEY);"_s,
                                                      {u"public.t"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(), {}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (1)"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(redis.keys(u"t:*"_s).size(), 1, 20000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        SYNCLINE_PG_CHECK(redis.command(
            {u"SET"_s, u"syncline:redis_lost:cache:position"_s, u"0000000000000001"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QVERIFY2(f->runner.output().contains(u"sink cache stands at 0/1, behind what slot"_s),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void invalidatesKeys()
    {
        RedisServer redis(u"invalidate"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"redis_inval"_s,
                              u"CREATE TABLE users (id int PRIMARY KEY, name text);"
                              "INSERT INTO users VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');"_s,
                              {u"public.users"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(), u"    mode: invalidate\n"_s));
        SYNCLINE_PG_CHECK(redis.command({u"SET"_s, u"users:1"_s, u"stale"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QStringList cached;
        SYNCLINE_PG_CHECK(cached = redis.keys(u"users:*"_s));
        QVERIFY(cached.isEmpty()); // the snapshot invalidates the table
        for (const QString id : {u"1"_s, u"2"_s, u"3"_s})
            SYNCLINE_PG_CHECK(redis.command({u"SET"_s, u"users:"_s + id, u"cached"_s}));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE users SET name = 'anne' WHERE id = 1;"
                                               "DELETE FROM users WHERE id = 2;"_s));
        SYNCLINE_PG_CHECK(
            QTRY_COMPARE_WITH_TIMEOUT(redis.keys(u"users:*"_s), QStringList{u"users:3"_s}, 20000));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"TRUNCATE users"_s));
        SYNCLINE_PG_CHECK(QTRY_VERIFY_WITH_TIMEOUT(redis.keys(u"users:*"_s).isEmpty(), 20000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void wrongPasswordIsAClearError()
    {
        RedisServer redis(u"password"_s, u"s3cret-pass"_s);
        SYNCLINE_PG_CHECK(redis.start());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"redis_auth"_s,
                                                      u"CREATE TABLE t (id int PRIMARY KEY);"_s,
                                                      {u"public.t"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.urlWithPassword(u"wrong-pass"_s), {}));
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

QTEST_GUILESS_MAIN(TestRedisSink)
#include "tst_redis_sink.moc"
