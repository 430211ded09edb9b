// The redis and http sinks in pipelines without a source, through Kafka: their tables come from
// the schema history topic the source's pipeline announces them in. A Redis cache fed only from
// the topics equals the source. Two runners sharing an http sink's consumer group hand the
// partitions to each other as they stop, are killed with -9 and come back, and the receiver,
// deduping by idempotency key, sees every change once and in order per key. A change Redis
// refused is replayed with the table's shape read from the schema history topic.

#include "dlq_cli.h"
#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pipeline_fixture.h"
#include "redis_server.h"
#include "redis_sink_fixture.h"
#include "webhook_receiver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSchemaSql = countedItemsSql(10);
const QString kSecretVariable = u"SYNCLINE_TEST_GROUP_SECRET"_s;

// The pipeline without a source that consumes `prefix`'s items topic into `sinks`.
QString sinkOnlyPipeline(SynclineRunner &runner, KafkaMockCluster &cluster, const QString &name,
                         const QString &prefix, const QString &sinks)
{
    PipelineSpec spec;
    spec.name = name;
    spec.sinks = sinks;
    spec.transport = consumerOnlyTransport(cluster, prefix, {u"public.items"_s});
    return runner.writePipeline(spec);
}

// A runner in a directory of its own, with sinkOnlyPipeline() written there.
struct SinkOnlyRunner
{
    SinkOnlyRunner(KafkaMockCluster &cluster, const QString &name, const QString &prefix,
                   const QString &sinks)
        : runner(dir.path()), file(sinkOnlyPipeline(runner, cluster, name, prefix, sinks))
    {}

    // Starts it; false when its sink `sink` was not given partitions within a minute.
    bool startAndWaitForPartitions(const QString &sink)
    {
        runner.start({u"run"_s, file});
        return runner.waitForOutput(u"sink "_s + sink + u": assigned"_s, 60000);
    }

    QTemporaryDir dir; // before the runner, which works in it
    SynclineRunner runner;
    const QString file;
};

// The source's pipeline of kSchemaSql's items through `cluster`, on `partitions` partitions.
std::unique_ptr<PipelineFixture> itemsThroughKafka(const QString &name, KafkaMockCluster &cluster,
                                                   int partitions)
{
    return kafkaPipeline(name, cluster, partitions, 5000, kSchemaSql, {u"public.items"_s});
}

} // namespace

class TestKafkaGroupSinks : public QObject
{
    Q_OBJECT

    std::unique_ptr<WebhookReceiver> m_receiver; // a new one for each test

    // The http sink "hook" posting to this test's receiver, in consumer group `group`.
    QString hookSink(const QString &group, const QString &moreLines = {}) const
    {
        return u"  - name: hook\n    type: http\n    url: \"%1\"\n    secret: ${%2}\n"
               "    group: %3\n"_s.arg(m_receiver->url(), kSecretVariable, group) +
               moreLines;
    }

private slots:
    void init()
    {
        qputenv(kSecretVariable.toUtf8(), "whsec_group");
        m_receiver = std::make_unique<WebhookReceiver>(u"whsec_group"_s);
        QString problem;
        QVERIFY2(m_receiver->start(&problem), qPrintable(problem));
    }

    void redisCacheFedOnlyFromTheTopics()
    {
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = itemsThroughKafka(u"kgredis"_s, cluster, 2));
        RedisServer redis(u"kgredis"_s);
        SYNCLINE_PG_CHECK(redis.start());
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(
            f->source().query(f->db, u"UPDATE items SET n = n + 1, note = 'streamed' WHERE id <= 5;"
                                     "DELETE FROM items WHERE id = 10;"_s));

        SinkOnlyRunner cache(cluster, u"kgredis_cache"_s, u"kgredis"_s,
                             redisSink(u"cache"_s, redis.url(),
                                       u"    key: \"{table}:{id}\"\n    max_retries: 1\n"_s));
        QVERIFY2(cache.startAndWaitForPartitions(u"cache"_s),
                 qPrintable(cache.runner.outputTail()));
        SYNCLINE_PG_CHECK(f->source().query(f->db, u"UPDATE items SET n = 7 WHERE id = 6"_s));
        const auto cached = [&] {
            QStringList lines;
            for (int id = 1; id <= 10; ++id) {
                const QStringList fields =
                    redis.command({u"HMGET"_s, u"items:%1"_s.arg(id), u"n"_s, u"note"_s});
                if (!fields.value(0).isNull())
                    lines << u"%1|%2|%3"_s.arg(id).arg(fields[0], fields[1]);
            }
            return lines;
        };
        QStringList expected;
        for (const QStringList &row :
             f->source().query(f->db, u"SELECT id, n, note FROM items ORDER BY id"_s))
            expected << row.join(u'|');
        QTRY_COMPARE_WITH_TIMEOUT(cached(), expected, 30000);

        // Redis keeps no table definitions, and without a source the replay reads the table's
        // shape from the schema history topic: a change Redis refused is replayed once fixed.
        SYNCLINE_PG_CHECK(redis.command({u"SET"_s, u"items:3"_s, u"not a hash"_s}));
        SYNCLINE_PG_CHECK(f->source().query(f->db, u"UPDATE items SET n = 33 WHERE id = 3;"
                                                   "UPDATE items SET n = 44 WHERE id = 4"_s));
        QString problem;
        QTRY_COMPARE_WITH_TIMEOUT(dlqJson({u"list"_s, cache.file}, problem).size(), 1, 30000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QTRY_COMPARE_WITH_TIMEOUT(redis.command({u"HGET"_s, u"items:4"_s, u"n"_s}).value(0),
                                  u"44"_s, 30000);
        cache.runner.terminate();
        QCOMPARE(cache.runner.waitForExit(30000), 0);

        SYNCLINE_PG_CHECK(redis.command({u"DEL"_s, u"items:3"_s}));
        const QJsonArray results = dlqJson({u"replay"_s, cache.file, u"--all"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(redis.command({u"HGET"_s, u"items:3"_s, u"n"_s}).value(0), u"33"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void twoRunnersShareAnHttpSinksGroup()
    {
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = itemsThroughKafka(u"kghttp"_s, cluster, 3));
        WebhookReceiver &receiver = *m_receiver;
        const QString sink =
            hookSink(u"kghttp-hook"_s, u"    batch_size: 20\n    max_in_flight: 4\n"_s);
        f->setSinks(sink);
        SinkOnlyRunner other(cluster, u"kghttp_other"_s, u"kghttp"_s, sink);

        SYNCLINE_EXPECT_OK(f->startStreaming());
        QVERIFY2(other.startAndWaitForPartitions(u"hook"_s), qPrintable(other.runner.outputTail()));
        for (int step = 1; step <= 160; ++step) {
            SYNCLINE_PG_CHECK(f->source().query(
                f->db, u"UPDATE items SET n = n + 1 WHERE id = %1"_s.arg(step % 10 + 1)));
            QTest::qWait(20);
            if (step == 40) { // the first runner leaves: its partitions go to the other
                SYNCLINE_EXPECT_OK(f->stopGracefully());
                SYNCLINE_EXPECT_OK(f->startStreaming());
            }
            if (step == 80) { // the other dies mid-request, unannounced
                other.runner.kill9();
                QVERIFY2(other.startAndWaitForPartitions(u"hook"_s),
                         qPrintable(other.runner.outputTail()));
            }
            if (step == 120) {
                f->runner.kill9();
                SYNCLINE_EXPECT_OK(f->startStreaming(60000));
            }
        }
        QList<QStringList> rows;
        SYNCLINE_PG_CHECK(rows = f->source().query(f->db, u"SELECT id, n FROM items"_s));
        (void)QTest::qWaitFor([&] { return lastValuesArrived(receiver, rows); }, 90000);

        // Per key 0, 1, 2, ...: nothing lost, nothing twice, nothing out of order.
        const auto arrived = nValuesById(receiver);
        for (const QStringList &row : rows) {
            QList<int> expected;
            for (int n = 0; n <= row[1].toInt(); ++n)
                expected.append(n);
            if (arrived.value(row[0].toInt()) != expected) {
                qWarning() << "key" << row[0] << arrived.value(row[0].toInt());
                for (const auto &change : receiver.changes())
                    if (change[u"after"_s].toObject()[u"id"_s].toInt() == row[0].toInt())
                        qWarning() << change[u"after"_s].toObject()[u"n"_s].toInt()
                                   << change[u"position"_s].toString();
            }
            QCOMPARE(arrived.value(row[0].toInt()), expected);
        }
        // Both members sent some: the other had partitions, and so did the first after it.
        QVERIFY2(other.runner.output().contains(u"assigned kghttp.public.items["_s),
                 qPrintable(other.runner.outputTail()));
        QCOMPARE(receiver.stats()[u"bad_signature"_s].toInt(), 0);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        other.runner.terminate();
        QCOMPARE(other.runner.waitForExit(30000), 0);
    }

    // The http sink records its offsets in its own runner's state directory. A member that gets
    // a partition back after another member sent further goes on from the offsets the group
    // committed to Kafka, not from its own older record: it sends nothing again.
    void aMemberGoesOnFromWhereTheGroupGot()
    {
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = itemsThroughKafka(u"kgturns"_s, cluster, 2));
        WebhookReceiver &receiver = *m_receiver;
        const QString sink = hookSink(u"kgturns-hook"_s);
        SinkOnlyRunner a(cluster, u"kgturns_a"_s, u"kgturns"_s, sink);
        SinkOnlyRunner b(cluster, u"kgturns_b"_s, u"kgturns"_s, sink);
        SYNCLINE_EXPECT_OK(f->startStreaming()); // its own sink is the postgres one

        // Each member alone in turn, for one round of updates: A, then B, then A again.
        const auto round = [&](SinkOnlyRunner &member) -> QString {
            if (!member.startAndWaitForPartitions(u"hook"_s))
                return u"not assigned:\n"_s + member.runner.outputTail();
            f->source().query(f->db, u"UPDATE items SET n = n + 1"_s);
            QList<QStringList> rows = f->source().query(f->db, u"SELECT id, n FROM items"_s);
            if (!QTest::qWaitFor([&] { return lastValuesArrived(receiver, rows); }, 60000))
                return u"not every change arrived:\n"_s + member.runner.outputTail();
            member.runner.terminate();
            return member.runner.waitForExit(30000) == 0 ? QString() : member.runner.outputTail();
        };
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(round(a)));
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(round(b)));
        const int duplicatesBefore = receiver.stats()[u"duplicates"_s].toInt();
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(round(a)));
        QCOMPARE(receiver.stats()[u"duplicates"_s].toInt(), duplicatesBefore);
        QVERIFY2(a.runner.output().contains(u"goes on from offset"_s),
                 qPrintable(a.runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestKafkaGroupSinks)
#include "tst_kafka_group_sinks.moc"
