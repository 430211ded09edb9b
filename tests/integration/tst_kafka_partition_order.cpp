// Per-table order across the partitions of a topic: a truncate reaches every partition and
// is applied only once all of them got to it, even when two runners of one consumer group
// share them; rows of a table without a key all travel in partition 0.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "table_compare.h"
#include "workload.h"

#include <QTemporaryDir>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kPartitions = 6;

// Rows on every partition before and after each truncate.
QString insertsAroundTruncates(int first)
{
    return u"INSERT INTO items (id, qty) SELECT g, g FROM generate_series(%1, %1 + 599) g;"
           "TRUNCATE items;"
           "INSERT INTO items (id, qty) SELECT g, g FROM generate_series(%1 + 600, %1 + 899) g;"
           "INSERT INTO ledger SELECT g, g, now() FROM generate_series(%1, %1 + 99) g;"
           "TRUNCATE items, ledger;"
           "INSERT INTO items (id, qty) SELECT g, g FROM generate_series(%1 + 900, %1 + 1199) g;"
           "INSERT INTO ledger SELECT g, g, now() FROM generate_series(%1, %1 + 49) g;"_s.arg(
               first);
}

} // namespace

class TestKafkaPartitionOrder : public ServerTest
{
    Q_OBJECT

private slots:
    void truncateWaitsForEveryPartition()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = kafkaPipeline(u"ktruncate"_s, kafka, kPartitions));
        f->setSinkOptions(u"    group: ktruncate-shared\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        // A backlog: the sink reads it in large fetches, one batch per partition at a time, so
        // a partition's later changes come before another's earlier ones.
        SYNCLINE_PG_CHECK(source().exec(f->db, insertsAroundTruncates(1)));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));

        // A second runner in the group takes half of the partitions: whoever holds partition 0
        // applies each truncate once the other's partitions got there too.
        QTemporaryDir otherDir;
        SynclineRunner other(otherDir.path());
        other.start({u"run"_s, groupMemberPipeline(other, *f, kafka, u"ktruncate-shared"_s,
                                                   Workload::tables())});
        QVERIFY2(other.waitForOutput(u"assigned"_s, 60000), qPrintable(other.outputTail()));
        SYNCLINE_PG_CHECK(source().exec(f->db, insertsAroundTruncates(10000)));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        SYNCLINE_EXPECT_OK(stopStillRunning(other));
    }

    // The snapshot's rows of a keyless table and its later changes, read by another consumer
    // group into a target of its own: in one partition, a delete never overtakes the insert
    // of its row.
    void keylessRowsStayInOnePartition()
    {
        KafkaMockCluster kafka;
        const QString schema = u"CREATE TABLE tally (k int, v int);"
                               "ALTER TABLE tally REPLICA IDENTITY FULL;"
                               "INSERT INTO tally SELECT g, g FROM generate_series(1, 8000) g;"_s;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = kafkaPipeline(u"ktally"_s, kafka, kPartitions, 5000, schema, {u"public.tally"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        // The last rows of the snapshot change first. (The mock broker keeps 5 MB per
        // partition: these 8,000 rows fit.)
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"DELETE FROM tally WHERE k > 7900;"
                                 "UPDATE tally SET v = -v WHERE k BETWEEN 7800 AND 7900;"
                                 "INSERT INTO tally SELECT g, g FROM generate_series(1, 50) g;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());

        std::unique_ptr<PipelineFixture> other;
        SYNCLINE_PG_CHECK(other = PipelineFixture::create(u"ktally_other"_s, {}, {}));
        SYNCLINE_PG_CHECK(target().exec(other->db, u"CREATE TABLE tally (k int, v int)"_s));
        other->setTransport(consumerOnlyTransport(kafka, u"ktally"_s, {u"public.tally"_s}));
        other->removeSource();
        other->runner.start({u"run"_s, other->pipelineFile});
        QString difference;
        SYNCLINE_PG_CHECK(difference = waitUntilTablesMatch(source(), f->db, target(), other->db,
                                                            {u"public.tally"_s}, 60000));
        QVERIFY2(difference.isEmpty(), qPrintable(difference + other->runner.outputTail()));
        SYNCLINE_EXPECT_OK(other->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestKafkaPartitionOrder)
#include "tst_kafka_partition_order.moc"
