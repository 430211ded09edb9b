// brokers: embedded keeps about 5 MB per partition, and its producer waits while the sinks are
// 2 MB behind. The broker outlives the pipeline's sessions, and so must that count: a session
// restarted while the broker still holds what the last one produced must not add its own 2 MB
// on top, or the broker drops what the sinks still need.

#include "kafka_pipeline.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <libpq-fe.h>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestKafkaEmbeddedBacklog : public ServerTest
{
    Q_OBJECT

private slots:
    void backlogCountOutlivesSessions()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"kbacklogs"_s,
                              u"CREATE TABLE public.blobs (id int PRIMARY KEY, body text);"_s,
                              {u"public.blobs"_s}));
        f->setTransport(u"  type: kafka\n  brokers: embedded\n  properties:\n"_s +
                        quickGroupProperties());
        SYNCLINE_EXPECT_OK(f->startStreaming());

        // The sink waits on this lock while the producer fills the broker up to its budget.
        PGconn *lock = PQconnectdb(f->target().dsn(f->db).toUtf8().constData());
        QCOMPARE(PQstatus(lock), CONNECTION_OK);
        PQclear(PQexec(lock, "BEGIN; LOCK TABLE blobs IN ACCESS EXCLUSIVE MODE"));
        // About 10 MB (4 KB rows of md5 text, which JSON carries as is).
        SYNCLINE_PG_CHECK(f->source().exec(f->db, u"INSERT INTO blobs SELECT g, "
                                                  "repeat(md5(g::text), 128) "
                                                  "FROM generate_series(1, 2500) g"_s));
        // Each time the sink's connections are cut, the session fails and the next one streams
        // the transaction again from the slot.
        for (int session = 2; session <= 4; ++session) {
            QThread::msleep(2000);
            SYNCLINE_PG_CHECK(
                f->target().exec(f->db, u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                        "WHERE application_name LIKE 'syncline%'"_s));
            QElapsedTimer timer;
            timer.start();
            while (f->runner.output().count(u"streaming from slot"_s) < session &&
                   timer.elapsed() < 30000)
                QThread::msleep(100);
            QVERIFY2(f->runner.isRunning(), qPrintable(f->runner.outputTail()));
        }
        QThread::msleep(2000);
        PQclear(PQexec(lock, "COMMIT"));
        PQfinish(lock);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestKafkaEmbeddedBacklog)
#include "tst_kafka_embedded_backlog.moc"
