// Crash where it hurts: the runner is killed (SIGKILL, as kill -9) at named failpoints, then
// started again; the target must equal the source, with nothing lost and nothing applied twice
// (the ledger table has no key, so a change applied twice shows as a duplicate row). Each point
// runs in direct mode and through Kafka (the embedded broker, which dies with the runner).

#include "armed_failpoint.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "poisoned_pipeline.h"
#include "server_test.h"
#include "syncline_runner.h"
#include "workload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

const QString kDirect = u"  type: direct\n"_s;
const QString kKafka = u"  type: kafka\n  brokers: embedded\n"_s;

void addModes(const QString &point, int hit)
{
    QTest::addRow("%s direct", qPrintable(point)) << point << hit << kDirect;
    QTest::addRow("%s kafka", qPrintable(point)) << point << hit << kKafka;
}

} // namespace

class TestFailpoints : public ServerTest
{
    Q_OBJECT

private:
    // Starts the runner with the point armed; `meanwhile` runs once it streams, or at once
    // for a point reached before streaming. Then waits for the runner to die at the point.
    void runUntilFailpoint(PipelineFixture &f, const QString &point, int hit,
                           const std::function<void()> &meanwhile = {})
    {
        {
            ArmedFailpoint armed(u"%1=kill@%2"_s.arg(point).arg(hit));
            f.runner.start({u"run"_s, f.pipelineFile});
        }
        if (meanwhile) {
            QVERIFY2(f.runner.waitForOutput(u"streaming from slot"_s, 60000),
                     qPrintable(f.runner.outputTail()));
            meanwhile();
        }
        QCOMPARE(f.runner.waitForExit(120000), -2);
        QVERIFY2(f.runner.output().contains(u"failpoint "_s + point + u": kill"_s),
                 qPrintable(f.runner.outputTail()));
    }

    QJsonArray deadLetters(PipelineFixture &f)
    {
        return jsonArrayIn(
            SynclineRunner::runOnce({u"dlq"_s, u"list"_s, f.pipelineFile, u"--json"_s}).second);
    }

private slots:
    void pipelineKilledAtPointLosesAndDuplicatesNothing_data()
    {
        QTest::addColumn<QString>("point");
        QTest::addColumn<int>("hit");
        QTest::addColumn<QString>("transport");
        addModes(u"sink.committed_before_confirm"_s, 20); // while streaming the workload
        addModes(u"snapshot.copied_before_commit"_s, 1);
        addModes(u"snapshot.between_tables"_s, 1);
    }
    void pipelineKilledAtPointLosesAndDuplicatesNothing()
    {
        QFETCH(QString, point);
        QFETCH(int, hit);
        QFETCH(QString, transport);
        const QString name =
            u"fp_"_s +
            QString::fromLatin1(QTest::currentDataTag()).replace(u'.', u'_').replace(u' ', u'_');
        std::unique_ptr<PipelineFixture> f;
        // Small batches: many target commits while the workload runs.
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(name, Workload::createTablesSql(),
                                                      Workload::tables(), u"initial"_s, 50));
        f->setTransport(transport);
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO items (id, qty, note) SELECT g, g, 'seed' "
                   "FROM generate_series(1, 5000) g;"
                   "INSERT INTO ledger SELECT g, g, now() FROM generate_series(1, 500) g;"_s));
        Workload workload(source().dsn(f->db), 11, 5);
        workload.start(); // writes before, during and after the crash
        runUntilFailpoint(*f, point, hit);
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        QTRY_VERIFY_WITH_TIMEOUT(workload.committedTransactions() > 100, 60000);
        workload.stop();
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(120000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Killed after the dead letter is stored and before the target commits the batch that
    // skips the change: the change is dead-lettered once, and everything else applied once.
    void killedAfterDeadLetterWriteKeepsOneLetter_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("direct") << kDirect;
        QTest::newRow("kafka") << kKafka;
    }
    void killedAfterDeadLetterWriteKeepsOneLetter()
    {
        QFETCH(QString, transport);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = poisonedPipeline(u"fp_dlq_"_s + QString::fromLatin1(QTest::currentDataTag()), 0,
                                 transport));
        runUntilFailpoint(*f, u"dlq.written_before_commit"_s, 1, [&] {
            SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct VALUES (1, 10);"
                                                   "BEGIN; INSERT INTO acct VALUES (2, -5);"
                                                   "INSERT INTO acct VALUES (3, 7); COMMIT;"
                                                   "UPDATE acct SET balance = 8 WHERE id = 3;"_s));
        });
        if (QTest::currentTestFailed())
            return;
        SYNCLINE_EXPECT_OK(f->startStreaming(60000));
        QTRY_COMPARE_WITH_TIMEOUT(
            target().queryValue(f->db, u"SELECT string_agg(id || ':' || balance, ',' "
                                       "ORDER BY id) FROM acct"_s),
            u"1:10,3:8"_s, 60000);
        const auto letters = deadLetters(*f);
        QCOMPARE(letters.size(), 1);
        QCOMPARE(letters[0].toObject()[u"key"_s].toObject()[u"id"_s].toInt(), 2);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Positions left on the target by an earlier source (a restored server, a recreated slot)
    // are replaced by the new snapshot's. A sink worker that read its position before that
    // decision reported the stale one while it started, and the slot was confirmed there,
    // past changes no sink had (the failpoint holds the worker at its start to show it).
    void staleSinkPositionIsNeverConfirmed()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"fp_stale"_s,
                              u"CREATE TABLE t (id int PRIMARY KEY, v text);"
                              "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g;"_s,
                              {u"public.t"_s}));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        SYNCLINE_PG_CHECK(target().exec(f->db, u"UPDATE syncline.offsets SET lsn = 'FFFFFF/0'"_s));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"SELECT pg_drop_replication_slot('fp_stale')"_s));
        {
            ArmedFailpoint armed(u"sink_worker.starting=sleep:2000"_s);
            f->runner.start({u"run"_s, f->pipelineFile});
        }
        QVERIFY2(f->runner.waitForOutput(u"failpoint sink_worker.starting"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        const QString confirmedSafely =
            u"SELECT coalesce(bool_and(confirmed_flush_lsn <= pg_current_wal_lsn()), true) "
            "FROM pg_replication_slots WHERE slot_name = 'fp_stale'"_s;
        for (int reading = 0; reading < 25; ++reading) {
            QCOMPARE(source().queryValue(f->db, confirmedSafely), u"t"_s);
            QTest::qWait(100);
        }
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (101, 'after')"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        QCOMPARE(source().queryValue(f->db, confirmedSafely), u"t"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Killed between a replayed change's target commit and its record in the store: the
    // next replay finds the change applied (its marker committed with it) and goes on.
    void killedMidReplayAppliesEachLetterOnce()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = poisonedPipeline(u"fp_replay"_s, 0));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct VALUES (1, 10);"
                                               "INSERT INTO acct VALUES (2, -2);"
                                               "INSERT INTO acct VALUES (3, -3);"
                                               "INSERT INTO acct VALUES (4, -4);"
                                               "INSERT INTO acct VALUES (5, 5);"_s));
        QTRY_COMPARE_WITH_TIMEOUT(deadLetters(*f).size(), 3, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(target().queryValue(f->db, u"SELECT count(*) FROM acct"_s),
                                  u"2"_s, 30000);
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"ALTER TABLE acct DROP CONSTRAINT no_overdraft;"_s));
        {
            ArmedFailpoint armed(u"dlq.replay_midway=kill@2"_s);
            const auto [code, output] =
                SynclineRunner::runOnce({u"dlq"_s, u"replay"_s, f->pipelineFile, u"--all"_s});
            QVERIFY2(code != 0 && output.contains(u"failpoint dlq.replay_midway: kill"_s),
                     qPrintable(output));
        }
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM acct"_s), u"4"_s);
        const auto results =
            jsonArrayIn(SynclineRunner::runOnce(
                            {u"dlq"_s, u"replay"_s, f->pipelineFile, u"--all"_s, u"--json"_s})
                            .second);
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"applied"_s);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestFailpoints)
#include "tst_failpoints.moc"
