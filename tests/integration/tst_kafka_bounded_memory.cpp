// Bounded memory through Kafka: the backlog of rows of 1-5 MB that tst_bounded_memory streams
// directly, through Kafka instead. Every queue and buffer on the way is budgeted in bytes: the
// producer's queue, the consumer's prefetch and fetches, the chunks and batches the sink
// gathers. The runner's peak RSS (VmHWM) must stay under 300 MiB.

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "large_row_backlog.h"
#include "pg_cluster.h"
#include "process_memory.h"

#include <QSet>
#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

void report(const char *how, const LargeRowBacklog &run)
{
    qInfo("%d rows of 1-5 MB (and %d updates of them) %s in %.1f s; runner peak RSS %ld MiB",
          run.rows, run.updates, how, run.seconds, run.peakKib / 1024);
}

} // namespace

class TestKafkaBoundedMemory : public QObject
{
    Q_OBJECT

private slots:
    // The embedded broker lives in the runner, so its memory counts too.
    void throughTheEmbeddedBrokerStaysUnder300MiB()
    {
        LargeRowBacklog run;
        SYNCLINE_PG_CHECK(run = streamLargeRowBacklog(
                              {u"kbigembedded"_s, u"  type: kafka\n  brokers: embedded\n"_s}));
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        report("through the embedded broker", run);
        QVERIFY2(run.peakKib > 0 && (!kPeakRssIsChecked || run.peakKib < 300 * 1024),
                 qPrintable(u"peak RSS %1 MiB"_s.arg(run.peakKib / 1024)));
    }

    // A broker that takes messages more slowly than the source sends them: what waits for it
    // is the producer's to hold. (The mock broker keeps 5 MB per partition: one row each.)
    void throughASlowBrokerStaysUnder300MiB()
    {
        constexpr int kPartitions = 150;
        KafkaMockCluster kafka;
        kafka.createTopic(u"kbigslow.public.blobs"_s, kPartitions);
        kafka.createTopic(u"kbigslow._schemas"_s, 1);
        QList<int> ids;
        QSet<int> partitions;
        for (int id = 1; partitions.size() < kPartitions; ++id)
            if (const int partition = KafkaMockCluster::partitionOf(
                    "{\"id\":" + QByteArray::number(id) + '}', kPartitions);
                !partitions.contains(partition)) {
                partitions.insert(partition);
                ids << id;
            }
        kafka.setBrokerRoundTrip(1, 100);
        LargeRowBacklog run;
        SYNCLINE_PG_CHECK(
            run = streamLargeRowBacklog(
                {u"kbigslow"_s,
                 u"  type: kafka\n  brokers: \"%1\"\n  partitions: %2\n  properties:\n"_s
                         .arg(kafka.bootstrap())
                         .arg(kPartitions) +
                     quickGroupProperties(),
                 ids, false}));
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        report("through a slow broker", run);
        QVERIFY2(run.peakKib > 0 && (!kPeakRssIsChecked || run.peakKib < 300 * 1024),
                 qPrintable(u"peak RSS %1 MiB"_s.arg(run.peakKib / 1024)));
    }
};

QTEST_GUILESS_MAIN(TestKafkaBoundedMemory)
#include "tst_kafka_bounded_memory.moc"
