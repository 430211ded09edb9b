// Errors that say nothing about the change (a deadlock, a lock timeout) are retried without
// limit, with backoff, and never dead-letter the change, even with max_retries: 0.

#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <thread>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestTransientErrors : public ServerTest
{
    Q_OBJECT

private:
    std::unique_ptr<PipelineFixture> pipeline(const QString &name)
    {
        auto f = PipelineFixture::create(name,
                                         u"CREATE TABLE acct (id int PRIMARY KEY, balance int);"
                                         "INSERT INTO acct VALUES (1, 10), (2, 20);"_s,
                                         {u"public.acct"_s});
        f->setSinkOptions(u"    max_retries: 0\n"_s);
        return f;
    }

    QString deadLetters(PipelineFixture &f)
    {
        const auto [code, output] =
            SynclineRunner::runOnce({u"dlq"_s, u"list"_s, f.pipelineFile, u"--json"_s});
        const qsizetype start = output.startsWith(u'[') ? 0 : output.indexOf(u"\n["_s) + 1;
        const auto letters = QJsonDocument::fromJson(output.mid(start).toUtf8()).array();
        return letters.isEmpty() ? QString() : output;
    }

    // Waits for the runner to report the retry (the positive signal that the error happened),
    // then for the change to arrive; nothing may be dead-lettered on the way.
    void expectRetriedThenApplied(PipelineFixture &f, const QString &sqlstate,
                                  const QString &expected, std::thread &blocker)
    {
        QVERIFY2(f.runner.waitForOutput(u"SQLSTATE "_s + sqlstate, 30000),
                 qPrintable(f.runner.outputTail()));
        blocker.join();
        QTRY_COMPARE_WITH_TIMEOUT(
            target().queryValue(f.db, u"SELECT string_agg(id || ':' || balance, ',' "
                                      "ORDER BY id) FROM acct"_s),
            expected, 60000);
        QVERIFY2(!f.runner.output().contains(u"dead-lettered"_s), qPrintable(f.runner.output()));
        const QString letters = deadLetters(f);
        QVERIFY2(letters.isEmpty(), qPrintable(letters));
        SYNCLINE_EXPECT_OK(f.stopGracefully());
    }

private slots:
    void lockTimeoutIsRetried()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = pipeline(u"locktimeout"_s));
        SYNCLINE_PG_CHECK(target().exec(
            u"postgres"_s, u"ALTER DATABASE locktimeout SET lock_timeout = '200ms'"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        // Someone holds row 1 for four seconds: the sink's update times out on its lock (a row
        // lock: a table lock would already stop the statement's PREPARE, a control statement).
        std::thread blocker([&] {
            target().exec(f->db, u"BEGIN; SELECT * FROM acct WHERE id = 1 FOR UPDATE; "
                                 "SELECT pg_sleep(4); COMMIT;"_s);
        });
        QTest::qWait(300);
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE acct SET balance = 12 WHERE id = 1"_s));
        expectRetriedThenApplied(*f, u"55P03"_s, u"1:12,2:20"_s, blocker);
    }

    // The sink updates row 1 and then waits for row 2, which another session holds while it
    // waits for row 1. The sink's deadlock_timeout runs out last but before the other
    // session's, so the server cancels the sink's statement (40P01).
    void deadlockIsRetried()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = pipeline(u"deadlock"_s));
        SYNCLINE_PG_CHECK(
            target().exec(u"postgres"_s, u"ALTER DATABASE deadlock SET deadlock_timeout = '2s'"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        std::thread blocker([&] {
            try {
                target().exec(f->db, u"SET deadlock_timeout = '20s'; BEGIN;"
                                     "UPDATE acct SET balance = 0 WHERE id = 1;"
                                     "SELECT pg_sleep(1.5);"
                                     "UPDATE acct SET balance = 0 WHERE id = 2;"
                                     "SELECT pg_sleep(0.5); ROLLBACK;"_s);
            } catch (const PgError &) {
                // Should the server pick this session instead, the sink has nothing to retry
                // and the test fails below for want of the 40P01 line.
            }
        });
        QTest::qWait(300);
        // The sink locks row 2 (a delete), then waits for row 1, which the blocker holds while
        // it waits for row 2. Set-wise apply sends a table's deletes before its upserts, so the
        // source transaction deletes first, as the sink will.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"BEGIN; DELETE FROM acct WHERE id = 2;"
                                               "UPDATE acct SET balance = 11 WHERE id = 1;"
                                               "COMMIT;"_s));
        expectRetriedThenApplied(*f, u"40P01"_s, u"1:11"_s, blocker);
    }
};

QTEST_GUILESS_MAIN(TestTransientErrors)
#include "tst_transient_errors.moc"
