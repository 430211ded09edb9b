// The guarantees under stress: a concurrent write workload while the runner is killed with
// SIGKILL, while the snapshot is being copied, and while either server restarts. Afterwards the
// target must equal the source row for row: nothing lost, nothing applied twice.

#include "pg_cluster.h"
#include "syncline_runner.h"
#include "table_compare.h"
#include "workload.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestFaultTolerance : public QObject
{
    Q_OBJECT

private:
    PgCluster &source() { return PgCluster::sharedSource(); }
    PgCluster &target() { return PgCluster::sharedTarget(); }

    struct Fixture
    {
        QString db;
        QTemporaryDir dir;
        SynclineRunner runner{dir.path()};
        QString pipelineFile;
    };

    std::unique_ptr<Fixture> setUp(const QString &name, int batchMaxChanges = 5000)
    {
        auto f = std::make_unique<Fixture>();
        f->db = name;
        source().createDatabase(name);
        target().createDatabase(name);
        source().exec(name, Workload::createTablesSql());
        PipelineSpec spec;
        spec.name = name;
        spec.sourceDsn = source().dsn(name);
        spec.targetDsn = target().dsn(name);
        spec.tables = Workload::tables();
        spec.batchMaxChanges = batchMaxChanges;
        f->pipelineFile = f->runner.writePipeline(spec);
        return f;
    }

    void expectMatch(Fixture &f, int timeoutMs = 60000)
    {
        const QString difference =
            waitUntilTablesMatch(source(), f.db, target(), f.db, Workload::tables(), timeoutMs);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(difference + u"\n--- runner output:\n"_s + f.runner.outputTail(60)));
    }

    void stopGracefully(Fixture &f)
    {
        f.runner.terminate();
        const int code = f.runner.waitForExit(30000);
        QVERIFY2(code == 0, qPrintable(u"exit code %1\n"_s.arg(code) + f.runner.outputTail()));
    }

private slots:
    void initTestCase()
    {
        SYNCLINE_PG_CHECK(source());
        SYNCLINE_PG_CHECK(target());
    }

    void killNineDuringWorkloadLosesAndDuplicatesNothing()
    {
        std::unique_ptr<Fixture> f;
        // Small batches, so kills land between, inside and around many target commits.
        SYNCLINE_PG_CHECK(f = setUp(u"kill9"_s, 200));
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
        expectMatch(*f);
        stopGracefully(*f);
        qInfo("%lld source transactions across 6 kills", workload.committedTransactions());
    }

    void killNineDuringSnapshotStartsItOver()
    {
        std::unique_ptr<Fixture> f;
        SYNCLINE_PG_CHECK(f = setUp(u"snapkill"_s));
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
        expectMatch(*f);
        stopGracefully(*f);
    }

    void targetRestartIsRetried()
    {
        std::unique_ptr<Fixture> f;
        SYNCLINE_PG_CHECK(f = setUp(u"targetdown"_s));
        Workload workload(source().dsn(f->db), 3);
        workload.start();
        f->runner.start({u"run"_s, f->pipelineFile});
        QVERIFY2(f->runner.waitForOutput(u"streaming from slot"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QThread::msleep(500);
        SYNCLINE_PG_CHECK(target().stop());
        QVERIFY2(f->runner.waitForOutput(u"retrying in"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QThread::msleep(1500);
        SYNCLINE_PG_CHECK(target().start());
        QThread::msleep(1000);
        workload.stop();
        expectMatch(*f, 90000);
        QVERIFY(f->runner.isRunning());
        stopGracefully(*f);
    }

    void sourceRestartIsRetried()
    {
        std::unique_ptr<Fixture> f;
        SYNCLINE_PG_CHECK(f = setUp(u"sourcedown"_s));
        Workload workload(source().dsn(f->db), 5);
        workload.start();
        f->runner.start({u"run"_s, f->pipelineFile});
        QVERIFY2(f->runner.waitForOutput(u"streaming from slot"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QThread::msleep(500);
        SYNCLINE_PG_CHECK(source().restart()); // the workload reconnects and goes on
        QVERIFY2(f->runner.waitForOutput(u"retrying in"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QThread::msleep(1500);
        workload.stop();
        expectMatch(*f, 90000);
        QVERIFY(f->runner.isRunning());
        stopGracefully(*f);
    }
};

QTEST_GUILESS_MAIN(TestFaultTolerance)
#include "tst_fault_tolerance.moc"
