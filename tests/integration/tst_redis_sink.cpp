// The Redis sink against a real redis-server started here: materialize (snapshot, inserts,
// updates, key moves, TOAST, deletes, truncate) compared with the source row for row by scanning
// keys, across kill -9, through the direct and the kafka transport (rows and consumer offsets
// commit in one script call, with a compare-and-set on each offset); a key's changes merged
// within one script call; invalidate and stream mode across kill -9; stream mode appends each
// change exactly once even when a session resends what one sink already applied; changes Redis
// refuses dead-lettered and replayed; verify; a wrong password.

#include "armed_failpoint.h"
#include "dlq_json.h"
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
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

// The source's rows of `items` as the sink receives their values: id -> column -> text (NULL:
// a null QString).
using SourceRows = QMap<QString, QMap<QString, QString>>;
SourceRows itemsOnSource(PgCluster &source, const QString &db)
{
    const auto rows = source.query(
        db, u"SET timezone = UTC; SET datestyle = 'ISO, MDY'; SET extra_float_digits = 3; "
            "SELECT id::text, qty::text, note, payload::text, big, updated::text FROM items"_s);
    SourceRows byId;
    for (const auto &row : rows)
        for (qsizetype c = 0; c < kItemColumns.size(); ++c)
            byId[row[0]][kItemColumns[c]] = row[c];
    return byId;
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

    // One server for the tests that need nothing of their own: each uses its own keys.
    std::unique_ptr<RedisServer> m_shared;
    RedisServer &sharedRedis()
    {
        if (!m_shared) {
            m_shared = std::make_unique<RedisServer>(u"shared"_s);
            m_shared->start();
        }
        return *m_shared;
    }

    // Runs the workload while the runner is killed: three kill -9 at random moments, then one
    // right after a batch's script call (before the session learns it committed); then stops
    // the workload and starts the runner again.
    // `ready`: the runner's line after which it is killed (it applies changes by then).
    static void workloadAcrossKills(PipelineFixture &f, Workload &workload,
                                    const QString &ready = u"streaming from slot"_s)
    {
        workload.start();
        killNineThrice(f, ready);
        workload.stop();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(workload.committedTransactions() > 20);
        f.runner.start({u"run"_s, f.pipelineFile});
    }
    static void killNineThrice(PipelineFixture &f, const QString &ready)
    {
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < 3; ++round) {
            f.runner.start({u"run"_s, f.pipelineFile});
            QVERIFY2(f.runner.waitForOutput(ready, 60000), qPrintable(f.runner.outputTail()));
            QThread::msleep(300 + random->bounded(1200));
            QVERIFY2(f.runner.isRunning(), qPrintable(f.runner.outputTail()));
            f.runner.kill9();
        }
        ArmedFailpoint failpoint(u"redis_sink.batch_applied=kill@4"_s);
        f.runner.start({u"run"_s, f.pipelineFile});
        QVERIFY2(f.runner.waitForExit(60000) == -2, qPrintable(f.runner.outputTail()));
    }

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
        // Killed while it applies: through Kafka, once the consumer has its partitions.
        workloadAcrossKills(*f, workload,
                            kafka ? u"sink cache: assigned"_s : u"streaming from slot"_s);
        if (QTest::currentTestFailed())
            return;
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

    // One source transaction, so one script call: a key's changes are merged into its last
    // state, and a key move is applied in order (the values it carries, unchanged TOAST
    // included, are the ones written before it).
    void mergesEachKeysChangesInOrder()
    {
        RedisServer &redis = sharedRedis();
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"redis_merge"_s, Workload::createTablesSql(),
                                                      {u"public.items"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(), u"    key: \"items:{id}\"\n"_s));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO items (id, qty) VALUES (3, 3)"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"BEGIN;"
                   "INSERT INTO items (id, qty, note, big) VALUES (1, 1, 'a', repeat('t', 3000));"
                   "UPDATE items SET qty = 2 WHERE id = 1;"
                   "UPDATE items SET id = 2 WHERE id = 1;" // big unchanged: not resent
                   "INSERT INTO items (id, qty, note) VALUES (1, 10, 'b');"
                   "UPDATE items SET note = 'c' WHERE id = 2;"
                   "DELETE FROM items WHERE id = 3;"
                   "INSERT INTO items (id, qty) VALUES (3, 30);"
                   "UPDATE items SET note = NULL, qty = 31 WHERE id = 3;"
                   "INSERT INTO items (id, qty, note) VALUES (4, 4, 'gone');"
                   "DELETE FROM items WHERE id = 4;"
                   "COMMIT;"_s));
        SYNCLINE_PG_CHECK(
            SYNCLINE_EXPECT_OK(waitUntilCacheMatches(source(), f->db, redis, f->runner, 20000)));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Invalidate mode across kill -9: every key cached before the workload whose row changed
    // since is gone once the pipeline caught up (a resent DEL is harmless; a lost one leaves a
    // stale value), and the sink never writes a key.
    void invalidatesAcrossKillNine()
    {
        RedisServer &redis = sharedRedis();
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"redis_inval9"_s, Workload::createTablesSql(), {u"public.items"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(),
                              u"    mode: invalidate\n    key: \"inval9:{id}\"\n"
                              "    batch_max_changes: 20\n"_s));
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items (id, qty) SELECT g, g FROM generate_series(1, 2000) g;"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        // The application caches every row, and the sentinel row -1.
        SourceRows cachedFrom;
        SYNCLINE_PG_CHECK(cachedFrom = itemsOnSource(source(), f->db));
        QStringList mset{u"MSET"_s, u"inval9:-1"_s, u"cached"_s};
        for (const auto &id : cachedFrom.keys())
            mset << u"inval9:"_s + id << u"cached"_s;
        SYNCLINE_PG_CHECK(redis.command(mset));

        Workload workload(source().dsn(f->db), 23, 10); // slowly: some rows stay unchanged
        workloadAcrossKills(*f, workload);
        if (QTest::currentTestFailed())
            return;
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO items (id, qty) VALUES (-1, 0)"_s));
        SYNCLINE_PG_CHECK(QTRY_COMPARE_WITH_TIMEOUT(
            redis.command({u"EXISTS"_s, u"inval9:-1"_s}).value(0), u"0"_s, 60000));
        SourceRows now;
        SYNCLINE_PG_CHECK(now = itemsOnSource(source(), f->db));
        QStringList cached;
        SYNCLINE_PG_CHECK(cached = redis.keys(u"inval9:*"_s));
        int changed = 0;
        for (const QString &key : cached) {
            const QString id = key.mid(7);
            QVERIFY2(cachedFrom.contains(id), qPrintable(key + u": written by the sink"_s));
            QVERIFY2(now.value(id) == cachedFrom.value(id),
                     qPrintable(key + u": its row changed, the key is still cached"_s));
        }
        for (const auto &id : cachedFrom.keys())
            changed += now.value(id) != cachedFrom.value(id);
        QVERIFY2(changed > 20 && cached.size() > 20,
                 qPrintable(u"%1 rows changed, %2 keys left"_s.arg(changed).arg(cached.size())));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Stream mode across kill -9: the stream holds each change once, in order (positions
    // strictly increase), and replaying it from the snapshot's rows on rebuilds the table.
    void streamsEachChangeOnceAcrossKillNine()
    {
        RedisServer &redis = sharedRedis();
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"redis_stream9"_s,
                                                      Workload::createTablesSql(),
                                                      {u"public.items"_s}));
        f->setSinks(redisSink(u"log"_s, redis.url(),
                              u"    mode: stream\n    key: \"stream9.{table}\"\n"
                              "    batch_max_changes: 20\n"_s));
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"INSERT INTO items (id, qty, big) SELECT g, g, repeat('y', 3000) "
                                 "FROM generate_series(1, 100) g;"_s));
        Workload workload(source().dsn(f->db), 29);
        workloadAcrossKills(*f, workload);
        if (QTest::currentTestFailed())
            return;
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO items (id, qty) VALUES (-1, 0)"_s));
        QStringList entries;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000) {
            SYNCLINE_PG_CHECK(entries = redis.command({u"XREVRANGE"_s, u"stream9.items"_s, u"+"_s,
                                                       u"-"_s, u"COUNT"_s, u"1"_s}));
            if (entries.join(u' ').contains(u"\"id\":\"-1\""_s))
                break;
            QThread::msleep(100);
        }
        SYNCLINE_PG_CHECK(entries =
                              redis.command({u"XRANGE"_s, u"stream9.items"_s, u"-"_s, u"+"_s}));
        // Each entry: id, then field/value pairs.
        QMap<QString, QJsonObject> rebuilt;
        QString previous;
        int count = 0;
        for (qsizetype i = 0; i < entries.size();) {
            // The entry's id, then its fields, "position" last.
            QMap<QString, QString> fields;
            qsizetype j = i + 1;
            while (j + 1 < entries.size()) {
                fields[entries[j]] = entries[j + 1];
                j += 2;
                if (entries[j - 2] == u"position"_s)
                    break;
            }
            i = j;
            ++count;
            const QString position = fields.value(u"position"_s);
            QVERIFY2(
                previous < position,
                qPrintable(u"entry %1: position %2 after %3"_s.arg(count).arg(position, previous)));
            previous = position;
            const QJsonObject before =
                QJsonDocument::fromJson(fields.value(u"before"_s).toUtf8()).object();
            const QJsonObject after =
                QJsonDocument::fromJson(fields.value(u"after"_s).toUtf8()).object();
            const QString op = fields.value(u"op"_s);
            QJsonObject row;
            if (!before.isEmpty()) {
                row = rebuilt.take(before[u"id"_s].toString());
                QVERIFY2(op != u"u"_s || !row.isEmpty() || before[u"id"_s] == after[u"id"_s],
                         qPrintable(u"entry %1: a moved row the stream never had"_s.arg(count)));
            } else if (!after.isEmpty()) {
                row = rebuilt.value(after[u"id"_s].toString());
            }
            if (op == u"d"_s)
                continue;
            QVERIFY2(op == u"r"_s || op == u"c"_s || op == u"u"_s, qPrintable(op));
            for (auto it = after.begin(); it != after.end(); ++it)
                row[it.key()] = it.value();
            rebuilt[after[u"id"_s].toString()] = row;
        }
        SourceRows now;
        SYNCLINE_PG_CHECK(now = itemsOnSource(source(), f->db));
        QCOMPARE(rebuilt.size(), now.size());
        for (auto it = now.begin(); it != now.end(); ++it) {
            const QJsonObject row = rebuilt.value(it.key());
            for (const QString &column : kItemColumns) {
                const QString value = it.value().value(column);
                const QJsonValue streamed = row[column];
                QVERIFY2(value.isNull() ? streamed.isNull() : streamed.toString() == value,
                         qPrintable(u"id %1 %2: source %3, stream %4"_s.arg(
                             it.key(), column, shortened(value), shortened(streamed.toString()))));
            }
        }
        qInfo("%d stream entries, %lld source transactions across 4 kills", count,
              workload.committedTransactions());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A change Redis refuses (the key holds a string): retried, dead-lettered with Redis's
    // error, later changes of the row held behind it, other rows go on; once the key is fixed,
    // a replay applies both once, and a second replay nothing.
    void deadLettersWhatRedisRefusesAndReplaysIt()
    {
        RedisServer &redis = sharedRedis();
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(u"redis_dlq"_s,
                                        u"CREATE TABLE users (id int PRIMARY KEY, name text);"
                                        "INSERT INTO users VALUES (1, 'ann'), (2, 'bob');"_s,
                                        {u"public.users"_s}));
        f->setSinks(
            redisSink(u"cache"_s, redis.url(), u"    key: \"dlq:{id}\"\n    max_retries: 1\n"_s));
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
            (letters = dlqJson({u"list"_s, f->pipelineFile, u"--json"_s}, problem)).size() == 2,
            30000);
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
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        // Fixed by hand; the replay applies both changes, in order, once.
        SYNCLINE_PG_CHECK(redis.command({u"DEL"_s, u"dlq:1"_s}));
        auto results = dlqJson({u"replay"_s, f->pipelineFile, u"--all"_s, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(redis.command({u"HGETALL"_s, u"dlq:1"_s}),
                 (QStringList{u"id"_s, u"1"_s, u"name"_s, u"anna"_s}));
        SYNCLINE_PG_CHECK(redis.command({u"HSET"_s, u"dlq:1"_s, u"name"_s, u"by hand"_s}));
        results = dlqJson(
            {u"replay"_s, f->pipelineFile, u"--all"_s, u"--status"_s, u"replayed"_s, u"--json"_s},
            problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(redis.command({u"HGET"_s, u"dlq:1"_s, u"name"_s}).value(0), u"by hand"_s);

        // The row is released: its next change is applied.
        SYNCLINE_EXPECT_OK(f->startStreaming());
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
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"redis_verify"_s,
                              u"CREATE TABLE users (id int PRIMARY KEY, name text, note text);"
                              "INSERT INTO users SELECT g, 'user ' || g, CASE WHEN g % 3 = 0 "
                              "THEN 'note' END FROM generate_series(1, 50) g;"_s,
                              {u"public.users"_s}));
        f->setSinks(redisSink(u"cache"_s, redis.url(), u"    key: \"verify:{id}\"\n"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE users SET note = NULL WHERE id = 3;"
                                               "DELETE FROM users WHERE id = 4;"_s));
        auto [code, report] = SynclineRunner::runOnce({u"verify"_s, f->pipelineFile, u"--json"_s});
        QVERIFY2(code == 0, qPrintable(report));

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
