// The redis and http sinks in pipelines without a source, through Kafka: their tables come from
// the schema history topic the source's pipeline announces them in. A Redis cache fed only from
// the topics equals the source. Two runners sharing an http sink's consumer group hand the
// partitions to each other as they stop, are killed with -9 and come back, and the receiver,
// deduping by idempotency key, sees every change once and in order per key.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pipeline_fixture.h"
#include "redis_server.h"
#include "webhook_receiver.h"

#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSchemaSql =
    u"CREATE TABLE items (id int PRIMARY KEY, n int NOT NULL, note text);"
    "INSERT INTO items SELECT g, 0, 'snapshot' FROM generate_series(1, 10) g;"_s;
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
        SYNCLINE_PG_CHECK(
            f = kafkaPipeline(u"kgredis"_s, cluster, 2, 5000, kSchemaSql, {u"public.items"_s}));
        RedisServer redis(u"kgredis"_s);
        SYNCLINE_PG_CHECK(redis.start());
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(
            f->source().query(f->db, u"UPDATE items SET n = n + 1, note = 'streamed' WHERE id <= 5;"
                                     "DELETE FROM items WHERE id = 10;"_s));

        QTemporaryDir dir;
        SynclineRunner cache(dir.path());
        cache.start(
            {u"run"_s,
             sinkOnlyPipeline(cache, cluster, u"kgredis_cache"_s, u"kgredis"_s,
                              u"  - name: cache\n    type: redis\n"
                              "    url: \"%1\"\n    key: \"{table}:{id}\"\n"_s.arg(redis.url()))});
        QVERIFY2(cache.waitForOutput(u"sink cache: assigned"_s, 60000),
                 qPrintable(cache.outputTail()));
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
        cache.terminate();
        QCOMPARE(cache.waitForExit(30000), 0);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void twoRunnersShareAnHttpSinksGroup()
    {
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = kafkaPipeline(u"kghttp"_s, cluster, 3, 5000, kSchemaSql, {u"public.items"_s}));
        WebhookReceiver &receiver = *m_receiver;
        const QString sink =
            hookSink(u"kghttp-hook"_s, u"    batch_size: 20\n    max_in_flight: 4\n"_s);
        f->setSinks(sink);
        QTemporaryDir otherDir;
        SynclineRunner other(otherDir.path());
        const QString otherFile =
            sinkOnlyPipeline(other, cluster, u"kghttp_other"_s, u"kghttp"_s, sink);

        SYNCLINE_EXPECT_OK(f->startStreaming());
        other.start({u"run"_s, otherFile});
        QVERIFY2(other.waitForOutput(u"sink hook: assigned"_s, 60000),
                 qPrintable(other.outputTail()));
        const auto restartOther = [&] {
            other.start({u"run"_s, otherFile});
            return other.waitForOutput(u"sink hook: assigned"_s, 60000);
        };
        for (int step = 1; step <= 160; ++step) {
            SYNCLINE_PG_CHECK(f->source().query(
                f->db, u"UPDATE items SET n = n + 1 WHERE id = %1"_s.arg(step % 10 + 1)));
            QTest::qWait(20);
            if (step == 40) { // the first runner leaves: its partitions go to the other
                SYNCLINE_EXPECT_OK(f->stopGracefully());
                SYNCLINE_EXPECT_OK(f->startStreaming());
            }
            if (step == 80) { // the other dies mid-request, unannounced
                other.kill9();
                QVERIFY2(restartOther(), qPrintable(other.outputTail()));
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
        QVERIFY2(other.output().contains(u"assigned kghttp.public.items["_s),
                 qPrintable(other.outputTail()));
        QCOMPARE(receiver.stats()[u"bad_signature"_s].toInt(), 0);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        other.terminate();
        QCOMPARE(other.waitForExit(30000), 0);
    }

    // The http sink records its offsets in its own runner's state directory. A member that gets
    // a partition back after another member sent further goes on from the offsets the group
    // committed to Kafka, not from its own older record: it sends nothing again.
    void aMemberGoesOnFromWhereTheGroupGot()
    {
        KafkaMockCluster cluster;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = kafkaPipeline(u"kgturns"_s, cluster, 2, 5000, kSchemaSql, {u"public.items"_s}));
        WebhookReceiver &receiver = *m_receiver;
        const QString sink = hookSink(u"kgturns-hook"_s);
        QTemporaryDir dirA, dirB;
        SynclineRunner a(dirA.path()), b(dirB.path());
        const QString fileA = sinkOnlyPipeline(a, cluster, u"kgturns_a"_s, u"kgturns"_s, sink);
        const QString fileB = sinkOnlyPipeline(b, cluster, u"kgturns_b"_s, u"kgturns"_s, sink);
        SYNCLINE_EXPECT_OK(f->startStreaming()); // its own sink is the postgres one

        // Each member alone in turn, for one round of updates: A, then B, then A again.
        const auto round = [&](SynclineRunner &member, const QString &file) -> QString {
            member.start({u"run"_s, file});
            if (!member.waitForOutput(u"sink hook: assigned"_s, 60000))
                return u"not assigned:\n"_s + member.outputTail();
            f->source().query(f->db, u"UPDATE items SET n = n + 1"_s);
            QList<QStringList> rows = f->source().query(f->db, u"SELECT id, n FROM items"_s);
            if (!QTest::qWaitFor([&] { return lastValuesArrived(receiver, rows); }, 60000))
                return u"not every change arrived:\n"_s + member.outputTail();
            member.terminate();
            return member.waitForExit(30000) == 0 ? QString() : member.outputTail();
        };
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(round(a, fileA)));
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(round(b, fileB)));
        const int duplicatesBefore = receiver.stats()[u"duplicates"_s].toInt();
        SYNCLINE_PG_CHECK(SYNCLINE_EXPECT_OK(round(a, fileA)));
        QCOMPARE(receiver.stats()[u"duplicates"_s].toInt(), duplicatesBefore);
        QVERIFY2(a.output().contains(u"goes on from offset"_s), qPrintable(a.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestKafkaGroupSinks)
#include "tst_kafka_group_sinks.moc"
