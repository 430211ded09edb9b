// The guarantees under stress: a concurrent write workload while the runner is killed with
// SIGKILL, while the snapshot is being copied, and while either server restarts. Afterwards the
// target must equal the source row for row: nothing lost, nothing applied twice.

#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "syncline_runner.h"
#include "table_compare.h"
#include "workload.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestFaultTolerance : public ServerTest
{
    Q_OBJECT

private slots:
    void killNineDuringWorkloadLosesAndDuplicatesNothing()
    {
        std::unique_ptr<PipelineFixture> f;
        // Small batches, so kills land between, inside and around many target commits.
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"kill9"_s, Workload::createTablesSql(),
                                                      Workload::tables(), u"initial"_s, 200));
        SYNCLINE_PG_CHECK(source().exec(
            f->db,
            u"INSERT INTO items (id, qty, note) SELECT g, g, 'seed' FROM generate_series(1, 1000) g;"_s));
        Workload workload(source().dsn(f->db), 42);
        workload.start();
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < 6; ++round) {
            f->runner.start({u"run"_s, f->pipelineFile});
            QVERIFY2(f->runner.waitForOutput(u"streaming from slot"_s, 60000),
                     qPrintable(f->runner.outputTail()));
            QThread::msleep(300 + random->bounded(1500));
            QVERIFY2(f->runner.isRunning(), qPrintable(f->runner.outputTail()));
            f->runner.kill9();
        }
        workload.stop();
        QVERIFY(workload.committedTransactions() > 100);
        f->runner.start({u"run"_s, f->pipelineFile});
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        qInfo("%lld source transactions across 6 kills", workload.committedTransactions());
    }

    void killNineDuringSnapshotStartsItOver()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(u"snapkill"_s, Workload::createTablesSql(),
                                                      Workload::tables()));
        SYNCLINE_PG_CHECK(source().exec(
            f->db,
            u"INSERT INTO items (id, qty, note, big) SELECT g, g, 'seed', repeat('x', 500) FROM generate_series(10000, 309999) g;"_s));
        f->runner.start({u"run"_s, f->pipelineFile});
        QVERIFY2(f->runner.waitForOutput(u"copying public.items"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QThread::msleep(300);
        f->runner.kill9();
        QVERIFY2(!f->runner.output().contains(u"copied"_s),
                 "the snapshot finished before the kill; make the table bigger");
        SYNCLINE_PG_CHECK(source().exec(
            f->db,
            u"DELETE FROM items WHERE id % 10 = 0; INSERT INTO ledger VALUES (1, 1, now());"_s));

        Workload workload(source().dsn(f->db), 7);
        workload.start(); // writes during the second snapshot must be neither lost nor doubled
        f->runner.start({u"run"_s, f->pipelineFile});
        QVERIFY2(f->runner.waitForOutput(u"starting the snapshot over"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QVERIFY2(f->runner.waitForOutput(u"streaming from slot"_s, 120000),
                 qPrintable(f->runner.outputTail()));
        QThread::msleep(1000);
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(60000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void serverOutageIsRetried_data()
    {
        QTest::addColumn<bool>("sourceDown");
        QTest::newRow("target down") << false;
        QTest::newRow("source down") << true;
    }
    void serverOutageIsRetried()
    {
        QFETCH(bool, sourceDown);
        const QString name = sourceDown ? u"sourcedown"_s : u"targetdown"_s;
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(name, Workload::createTablesSql(), Workload::tables()));
        PgCluster &server = sourceDown ? source() : target();
        Workload workload(source().dsn(f->db), 3);
        workload.start(); // reconnects by itself while the source is down
        SYNCLINE_EXPECT_OK(f->startStreaming());
        QThread::msleep(500);
        SYNCLINE_PG_CHECK(server.stop());
        QVERIFY2(f->runner.waitForOutput(u"retrying in"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QThread::msleep(1500);
        SYNCLINE_PG_CHECK(server.start());
        QThread::msleep(1000);
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(90000));
        QVERIFY(f->runner.isRunning());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestFaultTolerance)
#include "tst_fault_tolerance.moc"
