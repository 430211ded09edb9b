// What a Kafka sink applies is decided by source positions (header syncline.position): nothing
// from before the snapshot its target holds, and a change streamed from the consistent point
// on is never taken for a snapshot row that was applied already.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray header(const KafkaMockCluster::Message &message, const QByteArray &name)
{
    for (const auto &[key, value] : message.headers)
        if (key == name)
            return value;
    return {};
}

// "0/16B3748#5" -> (lsn, index), comparable.
std::pair<quint64, quint64> position(const QByteArray &text)
{
    const auto hash = text.indexOf('#');
    const auto slash = text.indexOf('/');
    return {(text.left(slash).toULongLong(nullptr, 16) << 32) |
                text.mid(slash + 1, hash - slash - 1).toULongLong(nullptr, 16),
            text.mid(hash + 1).toULongLong()};
}

QByteArray lsnText(quint64 lsn)
{
    return QByteArray::number(lsn >> 32, 16).toUpper() + '/' +
           QByteArray::number(lsn & 0xffffffffULL, 16).toUpper();
}

} // namespace

class TestKafkaPositions : public ServerTest
{
    Q_OBJECT

private slots:
    // After a re-snapshot, a sink in a new consumer group reads the topics from their start:
    // the previous generation's truncate must not empty the fresh copy, nor its inserts
    // duplicate the rows of a table without a key.
    void newGroupAfterResnapshotSkipsOlderHistory()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"kresnap"_s, kafka, 1));
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items (id, qty) SELECT g, g FROM generate_series(1, 50) g"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"TRUNCATE items;"
                   "INSERT INTO items (id, qty) SELECT g, g FROM generate_series(1000, 1009) g;"
                   "INSERT INTO ledger SELECT g, g, now() FROM generate_series(1, 5) g;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        // Rows the next snapshot copies, which the old history knows nothing of.
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items (id, qty) SELECT g, g FROM generate_series(2000, 2009) g;"
                   "SELECT pg_drop_replication_slot('kresnap');"_s));
        f->setSinkOptions(u"    group: kresnap-second\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QVERIFY2(f->runner.output().contains(u"start over from a new slot"_s),
                 qPrintable(f->runner.outputTail()));
        // One partition per topic: once these arrive, everything before them was read.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO items (id, qty) VALUES (3000, 1);"
                                               "INSERT INTO ledger VALUES (-1, 0, now());"_s));
        SYNCLINE_EXPECT_OK(
            waitForTarget(*f, u"SELECT count(*) FROM items WHERE id = 3000"_s, u"1"_s, 30000));
        SYNCLINE_EXPECT_OK(
            waitForTarget(*f, u"SELECT count(*) FROM ledger WHERE item = -1"_s, u"1"_s, 30000));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(5000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A transaction that commits exactly at the slot's consistent point is streamed with
    // positions from there on. Its messages must sort after every snapshot row, or a consumer
    // group that applied those rows skips it as produced twice.
    void snapshotRowsSortBelowTheConsistentPoint()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"kcpoint"_s, kafka, 1));
        SYNCLINE_PG_CHECK(source().exec(f->db,
                                        u"INSERT INTO items (id, qty, note) SELECT g, g, 'seed' "
                                        "FROM generate_series(1, 200) g"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        const QString topic = u"kcpoint.public.items"_s;
        auto messages = kafka.readAll(topic);
        QCOMPARE(messages.size(), 200);
        const quint64 consistentPoint = quint64(QJsonDocument::fromJson(messages[0].value)
                                                    .object()[u"source"_s]
                                                    .toObject()[u"lsn"_s]
                                                    .toDouble());
        QVERIFY(consistentPoint > 0);
        const QByteArray atConsistentPoint = lsnText(consistentPoint) + "#0";
        // That transaction, as the source would have produced it.
        auto event = QJsonDocument::fromJson(messages[0].value).object();
        auto after = event[u"after"_s].toObject();
        after[u"id"_s] = 8000;
        after[u"note"_s] = u"committed at the consistent point"_s;
        event[u"after"_s] = after;
        event[u"op"_s] = u"c"_s;
        auto sourceBlock = event[u"source"_s].toObject();
        sourceBlock[u"snapshot"_s] = u"false"_s;
        event[u"source"_s] = sourceBlock;
        kafka.produce(topic, "{\"id\":8000}", QJsonDocument(event).toJson(QJsonDocument::Compact),
                      {{"syncline.position", atConsistentPoint}});

        // Another consumer group, applying the topic to a target of its own.
        std::unique_ptr<PipelineFixture> other;
        SYNCLINE_PG_CHECK(other = PipelineFixture::create(u"kcpoint_other"_s, {}, {}));
        SYNCLINE_PG_CHECK(target().exec(
            other->db, u"CREATE TABLE items (id bigint PRIMARY KEY, qty int NOT NULL, note text, "
                       "payload jsonb, big text, updated timestamptz NOT NULL DEFAULT now())"_s));
        other->setTransport(consumerOnlyTransport(kafka, u"kcpoint"_s, {u"public.items"_s}));
        other->removeSource();
        other->runner.start({u"run"_s, other->pipelineFile});
        SYNCLINE_EXPECT_OK(waitForTarget(*other, u"SELECT count(*) FROM items"_s, u"201"_s, 30000));
        SYNCLINE_EXPECT_OK(
            waitForTarget(*other, u"SELECT count(*) FROM items WHERE id = 8000"_s, u"1"_s, 1000));
        SYNCLINE_EXPECT_OK(other->stopGracefully());
        for (const auto &message : messages)
            QVERIFY2(position(header(message, "syncline.position")) < position(atConsistentPoint),
                     QByteArray(header(message, "syncline.position") + " is not below " +
                                atConsistentPoint)
                         .constData());
    }
};

QTEST_GUILESS_MAIN(TestKafkaPositions)
#include "tst_kafka_positions.moc"
