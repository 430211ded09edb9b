// An update that moves a row to another key travels as a delete and a create (as Debezium
// sends it). Where both land in one partition, Syncline's sink applies them together as the
// update they were, so that the TOASTed values the update did not touch (which the create
// cannot carry without REPLICA IDENTITY FULL) are kept: whatever comes between the two
// halves' arrival (an idle moment, another topic's message, a drain, a rebalance).

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// body is stored out of line, uncompressed, and is NOT NULL: a create half applied alone
// fails on it.
const QString kSchema =
    u"CREATE TABLE docs (id int PRIMARY KEY, title text NOT NULL, body text NOT NULL);"
    "ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;"
    "CREATE TABLE notes (id int PRIMARY KEY, doc int);"
    "INSERT INTO docs SELECT g, 'doc ' || g, repeat(md5(g::text), 100) "
    "FROM generate_series(1, 40) g;"_s;
const QStringList kTables = {u"public.docs"_s, u"public.notes"_s};
// Each message its own produce request, so that the broker's delay parts the two halves.
const QString kOneMessagePerRequest = u"    batch.num.messages: 1\n"_s;

// Moves doc `id` to a new key and, in the same transaction, writes to the other topic.
QString keyMove(int id)
{
    return u"BEGIN; UPDATE docs SET id = id + 1000, title = title || ' moved' WHERE id = %1;"
           "INSERT INTO notes VALUES (%1, %1 + 1000); COMMIT;"_s.arg(id);
}

// A change of public.docs (id, title) as Syncline's emitter writes it, the row JSON or null.
QByteArray docEvent(const char *op, const QByteArray &before, const QByteArray &after)
{
    return "{\"before\":" + before + ",\"after\":" + after +
           ",\"source\":{\"name\":\"kmix\",\"db\":\"postgres\",\"schema\":\"public\","
           "\"table\":\"docs\",\"snapshot\":\"false\",\"ts_ms\":1700000000000,\"txId\":1,\"lsn\":"
           "1000},\"op\":\"" +
           op + "\",\"ts_ms\":1700000000000}";
}

QByteArray doc(int id, const char *title)
{
    return "{\"id\":" + QByteArray::number(id) + ",\"title\":\"" + title + "\"}";
}

} // namespace

class TestKafkaKeyMoves : public ServerTest
{
    Q_OBJECT

private:
    // The mock broker answers a fetch with one producer batch per partition: the snapshot's
    // rows are read before the broker is slowed down.
    QString startAndCatchUp(PipelineFixture &f)
    {
        QString problem = f.startStreaming();
        if (problem.isEmpty() && !f.runner.waitForOutput(u"assigned"_s, 60000))
            problem = u"the sink was not assigned its partitions:\n"_s + f.runner.outputTail();
        QThread::msleep(1000);
        return problem;
    }

private slots:
    // The broker answers late, so the sink reads a delete half, then nothing for a while
    // (its idle commit), then the create half, then the other topic's insert.
    void halvesArrivingApartAreAppliedTogether()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = kafkaPipeline(u"kmove"_s, kafka, 1, 5000, kSchema, kTables, kOneMessagePerRequest));
        f->setSinkOptions(u"    max_retries: 0\n"_s);
        SYNCLINE_EXPECT_OK(startAndCatchUp(*f));
        kafka.setBrokerRoundTrip(1, 300);
        for (int id = 1; id <= 4; ++id)
            SYNCLINE_PG_CHECK(source().exec(f->db, keyMove(id)));
        SYNCLINE_EXPECT_OK(waitForTarget(*f, u"SELECT count(*) FROM notes"_s, u"4"_s, 60000));
        // (generous: under a full parallel test run, the 300 ms round trips of one message per
        // request stretched this past 10 s once, the other topic's insert having come first)
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        kafka.setBrokerRoundTrip(1, 0);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // The same, while the runner is stopped (drained) and a second member joins and leaves
    // the sink's consumer group (rebalances) at random moments between two halves.
    void halvesSurviveDrainsAndRebalances()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"kmovegroup"_s, kafka, 1, 5000, kSchema, kTables,
                                            kOneMessagePerRequest));
        f->setSinkOptions(u"    max_retries: 0\n    group: kmovegroup-shared\n"_s);
        QTemporaryDir otherDir;
        SynclineRunner other(otherDir.path());
        const QString otherFile =
            groupMemberPipeline(other, *f, kafka, u"kmovegroup-shared"_s, kTables,
                                u"    max_retries: 0\n"_s, kOneMessagePerRequest);

        SYNCLINE_EXPECT_OK(startAndCatchUp(*f));
        kafka.setBrokerRoundTrip(1, 200);
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < 6; ++round) {
            SYNCLINE_PG_CHECK(source().exec(f->db, keyMove(round + 1)));
            QThread::msleep(200 + random->bounded(600));
            if (round % 2 == 0) {
                SYNCLINE_EXPECT_OK(f->stopGracefully());
                SYNCLINE_EXPECT_OK(f->startStreaming(60000));
            } else if (other.isRunning()) {
                SYNCLINE_EXPECT_OK(stopStillRunning(other));
            } else {
                other.start({u"run"_s, otherFile});
                QVERIFY2(other.waitForOutput(u"assigned"_s, 60000), qPrintable(other.outputTail()));
            }
        }
        SYNCLINE_EXPECT_OK(waitForTarget(*f, u"SELECT count(*) FROM notes"_s, u"6"_s, 60000));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(10000));
        kafka.setBrokerRoundTrip(1, 0);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        if (other.isRunning())
            SYNCLINE_EXPECT_OK(stopStillRunning(other));
    }

    // Partition 0's delete half is read, then partition 1's whole key move, then partition 0's
    // create half. The second delete half used to take the first one's place: row 1 was never
    // deleted and 1001 came as a plain insert.
    void anotherPartitionsKeyMoveBetweenTheHalves()
    {
        KafkaMockCluster kafka;
        const QString topic = u"kmix.public.docs"_s;
        kafka.createTopic(topic, 2);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"kmix"_s, {}, {}));
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"CREATE TABLE docs (id int PRIMARY KEY, title text NOT NULL)"_s));
        f->setTransport(consumerOnlyTransport(kafka, u"kmix"_s, {u"public.docs"_s}));
        f->removeSource();
        f->setSinkOptions(u"    max_retries: 0\n"_s);
        auto send = [&](int partition, int key, const QByteArray &value, const char *keyMove) {
            QList<std::pair<QByteArray, QByteArray>> headers;
            if (keyMove)
                headers.append(std::pair<QByteArray, QByteArray>("syncline.key_move", keyMove));
            kafka.produce(topic, "{\"id\":" + QByteArray::number(key) + '}', value, headers,
                          partition);
        };
        send(0, 1, docEvent("c", "null", doc(1, "one")), nullptr);
        send(1, 2, docEvent("c", "null", doc(2, "two")), nullptr);
        f->runner.start({u"run"_s, f->pipelineFile});
        SYNCLINE_EXPECT_OK(waitForTarget(*f, u"SELECT count(*) FROM docs"_s, u"2"_s, 60000));

        send(0, 1, docEvent("d", doc(1, "one"), "null"), "delete");
        QThread::msleep(1500); // read and held
        send(1, 2, docEvent("d", doc(2, "two"), "null"), "delete");
        send(1, 1002, docEvent("c", "null", doc(1002, "two")), "create");
        SYNCLINE_EXPECT_OK(
            waitForTarget(*f, u"SELECT count(*) FROM docs WHERE id = 1002"_s, u"1"_s, 30000));
        send(0, 1001, docEvent("c", "null", doc(1001, "one")), "create");
        SYNCLINE_EXPECT_OK(
            waitForTarget(*f, u"SELECT count(*) FROM docs WHERE id = 1001"_s, u"1"_s, 30000));
        SYNCLINE_EXPECT_OK(waitForTarget(
            *f, u"SELECT string_agg(id::text, ',' ORDER BY id) FROM docs"_s, u"1001,1002"_s, 5000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestKafkaKeyMoves)
#include "tst_kafka_key_moves.moc"
