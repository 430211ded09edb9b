// The Kafka transport killed at named points (SYNCLINE_FAILPOINTS) under a write workload, then
// run again: every row of the target equals the source, nothing lost and nothing applied twice
// (the workload appends to a keyless table, where a duplicate shows).

#include "kafka_mock.h"
#include "kafka_pipeline.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "workload.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// Starts the runner with the failpoint armed (the child inherits the environment).
void startArmed(SynclineRunner &runner, const QStringList &arguments, const QByteArray &failpoint)
{
    qputenv("SYNCLINE_FAILPOINTS", failpoint);
    runner.start(arguments);
    qunsetenv("SYNCLINE_FAILPOINTS");
}

// Empty once the runner died at the point, else what happened.
QString waitForDeathAt(SynclineRunner &runner, const QString &point)
{
    if (runner.waitForExit(60000) != -2)
        return u"the runner did not die:\n"_s + runner.outputTail();
    if (!runner.output().contains(u"failpoint "_s + point + u": kill"_s))
        return u"the runner died elsewhere than at "_s + point + u":\n"_s + runner.outputTail();
    return {};
}

// The workload's tables on `partitions` partitions, with rows to start from. The workload moves
// rows to other keys, and so between partitions: replica identity full gives a move's create
// half the values it did not change.
std::unique_ptr<PipelineFixture> seededPipeline(const QString &name, KafkaMockCluster &kafka,
                                                int partitions)
{
    auto f = kafkaPipeline(name, kafka, partitions, 200);
    f->source().exec(f->db,
                     u"ALTER TABLE items REPLICA IDENTITY FULL;"
                     "INSERT INTO items (id, qty) SELECT g, g FROM generate_series(1, 300) g"_s);
    return f;
}

} // namespace

class TestKafkaCrashPoints : public ServerTest
{
    Q_OBJECT

private slots:
    // Kafka acknowledged a transaction's every message; the slot is not confirmed past it yet.
    void killedAfterKafkaAcknowledgedBeforeConfirm()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = seededPipeline(u"kackcrash"_s, kafka, 3));
        Workload workload(f->source().dsn(f->db), 21, 3);
        workload.start();
        startArmed(f->runner, {u"run"_s, f->pipelineFile}, "kafka.acked_before_confirm=kill@200");
        SYNCLINE_EXPECT_OK(waitForDeathAt(f->runner, u"kafka.acked_before_confirm"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QThread::msleep(1000);
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A second runner joins the sink's consumer group; the first, which has its assignment,
    // dies in the rebalance after its partitions were revoked (and what it read committed),
    // before it is given new ones.
    void killedInTheMiddleOfARebalance()
    {
        KafkaMockCluster kafka;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = seededPipeline(u"krebalance"_s, kafka, 4));
        f->setSinkOptions(u"    group: krebalance-shared\n"_s);
        QTemporaryDir otherDir;
        SynclineRunner other(otherDir.path());
        const QString otherFile =
            groupMemberPipeline(other, *f, kafka, u"krebalance-shared"_s, Workload::tables());

        Workload workload(f->source().dsn(f->db), 22, 3);
        workload.start();
        startArmed(f->runner, {u"run"_s, f->pipelineFile}, "kafka.rebalance_midway=kill");
        QVERIFY2(f->runner.waitForOutput(u"assigned"_s, 60000), qPrintable(f->runner.outputTail()));
        QThread::msleep(1000);
        other.start({u"run"_s, otherFile});
        SYNCLINE_EXPECT_OK(waitForDeathAt(f->runner, u"kafka.rebalance_midway"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QThread::msleep(1000);
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        SYNCLINE_EXPECT_OK(stopStillRunning(other));
    }
};

QTEST_GUILESS_MAIN(TestKafkaCrashPoints)
#include "tst_kafka_crash_points.moc"
