// A change the target rejects: retried, dead-lettered with its reason while the pipeline goes
// on, later changes of its row held behind it, and replayed once by an operator.

#include "dlq_json.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "poisoned_pipeline.h"
#include "server_test.h"
#include "syncline_runner.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QTest>

#include <sqlite3.h>

using namespace syncline::test;
using namespace Qt::StringLiterals;

class TestDeadLetters : public ServerTest
{
    Q_OBJECT

private:
    QString waitForDeadLetters(PipelineFixture &f, int count, const QString &lastOp = {},
                               int timeoutMs = 60000)
    {
        QString problem;
        QJsonArray letters;
        for (QElapsedTimer timer; !timer.isValid() || timer.elapsed() < timeoutMs;
             QTest::qWait(200)) {
            if (!timer.isValid())
                timer.start();
            letters = dlqJson({u"list"_s, f.pipelineFile, u"--json"_s}, problem);
            if (!problem.isEmpty())
                return problem;
            if (letters.size() >= count &&
                (lastOp.isEmpty() ||
                 letters.last().toObject()[u"value"_s].toObject()[u"op"_s].toString() == lastOp))
                return {};
        }
        return u"expected %1 dead letters, have %2:\n%3\n--- runner:\n%4"_s.arg(count)
            .arg(letters.size())
            .arg(QString::fromUtf8(QJsonDocument(letters).toJson()), f.runner.outputTail(40));
    }

private slots:
    void poisonChangeIsDeadLetteredAndReplayedOnceAfterTheFix()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = poisonedPipeline(u"poison"_s, 1));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO acct VALUES (1, 10);"
                   "BEGIN; INSERT INTO acct VALUES (2, -5); INSERT INTO acct VALUES (3, 7); COMMIT;"
                   "UPDATE acct SET balance = -1 WHERE id = 2;" // held: same row
                   "INSERT INTO acct VALUES (4, 4);"_s));
        SYNCLINE_EXPECT_OK(waitForDeadLetters(*f, 2));
        // The pipeline went on: what came after the rejected change arrived.
        QTRY_COMPARE_WITH_TIMEOUT(
            target().queryValue(f->db, u"SELECT string_agg(id::text, ',' ORDER BY id) FROM acct"_s),
            u"1,3,4"_s, 30000);
        QVERIFY(f->runner.isRunning());

        QString problem;
        const auto letters = dlqJson({u"list"_s, f->pipelineFile, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto first = letters[0].toObject();
        QCOMPARE(first[u"status"_s].toString(), u"pending"_s);
        QCOMPARE(first[u"error_class"_s].toString(), u"check_violation"_s);
        QCOMPARE(first[u"sqlstate"_s].toString(), u"23514"_s);
        QVERIFY2(first[u"message"_s].toString().contains(u"no_overdraft"_s),
                 qPrintable(first[u"message"_s].toString()));
        QCOMPARE(first[u"attempts"_s].toInt(), 2); // the first try and max_retries: 1
        QCOMPARE(first[u"key"_s].toObject()[u"id"_s].toInt(), 2);
        QCOMPARE(first[u"value"_s].toObject()[u"op"_s].toString(), u"c"_s);
        QCOMPARE(first[u"value"_s].toObject()[u"after"_s].toObject()[u"balance"_s].toInt(), -5);
        const auto second = letters[1].toObject();
        QCOMPARE(second[u"status"_s].toString(), u"held"_s);
        QCOMPARE(second[u"held_behind"_s].toInt(), first[u"id"_s].toInt());
        QCOMPARE(second[u"value"_s].toObject()[u"op"_s].toString(), u"u"_s);

        // A dry run changes nothing; a replay before the fix fails and keeps the row held.
        auto results = dlqJson(
            {u"replay"_s, f->pipelineFile, u"--all"_s, u"--dry-run"_s, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"would apply"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"waiting"_s);
        results = dlqJson({u"replay"_s, f->pipelineFile, u"--all"_s, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"failed"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"waiting"_s);
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM acct WHERE id = 2"_s), u"0"_s);

        // The operator lets overdrafts through on the target, then replays: the row arrives
        // once, in its latest state, and replaying again applies nothing.
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"ALTER TABLE acct DROP CONSTRAINT no_overdraft;"_s));
        results = dlqJson(
            {u"replay"_s, f->pipelineFile, u"--table"_s, u"public.acct"_s, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(target().queryValue(f->db, u"SELECT balance FROM acct WHERE id = 2"_s), u"-1"_s);
        results = dlqJson(
            {u"replay"_s, f->pipelineFile, u"--all"_s, u"--status"_s, u"replayed"_s, u"--json"_s},
            problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"already applied"_s);
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) || ':' || sum(balance) FROM acct"_s),
                 u"4:20"_s);

        // The row is released: later changes of it are applied again, and all is in sync.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE acct SET balance = 2 WHERE id = 2;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync({u"public.acct"_s}, 30000));

        const auto audit = dlqJson({u"audit"_s, f->pipelineFile, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(audit.size(), 4);
        QCOMPARE(audit[0].toObject()[u"dry_run"_s].toBool(), true);
        QCOMPARE(audit[2].toObject()[u"action"_s].toString(), u"replay"_s);
        QCOMPARE(audit[2].toObject()[u"affected"_s].toInt(), 2);
        QCOMPARE(audit[2].toObject()[u"filter"_s].toString(), u"table=public.acct"_s);
        QVERIFY(audit[2].toObject()[u"actor"_s].toString().contains(u'@'));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void heldRowsStayHeldAcrossRestarts()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = poisonedPipeline(u"poison_restart"_s, 1));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct VALUES (1, -1), (2, 2);"_s));
        SYNCLINE_EXPECT_OK(waitForDeadLetters(*f, 1));
        f->runner.kill9();
        f->runner.waitForExit(10000);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE acct SET balance = 5 WHERE id = 1;"_s));
        SYNCLINE_EXPECT_OK(waitForDeadLetters(*f, 2, u"u"_s)); // the re-stream came before it
        QString problem;
        const auto letters = dlqJson({u"list"_s, f->pipelineFile, u"--json"_s}, problem);
        QCOMPARE(letters.size(), 2); // the first was not dead-lettered twice by the re-stream
        QCOMPARE(letters[1].toObject()[u"status"_s].toString(), u"held"_s);
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM acct"_s), u"1"_s);

        // Discarding the dead letters releases the row; the operator repairs it by hand.
        const auto [code, output] =
            SynclineRunner::runOnce({u"dlq"_s, u"discard"_s, f->pipelineFile, u"--all"_s});
        QVERIFY2(code == 0 && output.contains(u"discarded 2 dead letters"_s), qPrintable(output));
        SYNCLINE_PG_CHECK(target().exec(f->db, u"INSERT INTO acct VALUES (1, 5);"_s));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"UPDATE acct SET balance = 6 WHERE id = 1;"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync({u"public.acct"_s}, 30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A TRUNCATE on the source makes the table's earlier dead letters moot: they are marked
    // superseded before the truncate is applied, so no replay brings truncated rows back.
    void truncateSupersedesTheTablesDeadLetters()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = poisonedPipeline(u"poisontrunc"_s, 1));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct VALUES (1, -5);"
                                               "UPDATE acct SET balance = -3 WHERE id = 1;"
                                               "INSERT INTO acct VALUES (2, 10);"_s));
        SYNCLINE_EXPECT_OK(waitForDeadLetters(*f, 2));
        SYNCLINE_PG_CHECK(
            source().exec(f->db, u"TRUNCATE acct; INSERT INTO acct VALUES (3, 7);"_s));
        QTRY_COMPARE_WITH_TIMEOUT(
            target().queryValue(f->db, u"SELECT string_agg(id || ':' || balance, ',') FROM acct"_s),
            u"3:7"_s, 30000);

        QString problem;
        const auto letters = dlqJson({u"list"_s, f->pipelineFile, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(letters.size(), 2);
        for (const auto &letter : letters)
            QCOMPARE(letter.toObject()[u"status"_s].toString(), u"superseded"_s);
        const auto audit = dlqJson({u"audit"_s, f->pipelineFile, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(audit.size(), 1);
        QCOMPARE(audit[0].toObject()[u"action"_s].toString(), u"supersede"_s);
        QCOMPARE(audit[0].toObject()[u"affected"_s].toInt(), 2);

        // Even once the target would accept them, replaying everything brings nothing back.
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"ALTER TABLE acct DROP CONSTRAINT no_overdraft;"_s));
        const auto results =
            dlqJson({u"replay"_s, f->pipelineFile, u"--all"_s, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 0);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync({u"public.acct"_s}, 30000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // The dead-letter store is locked by another process for longer than SQLite waits: the
    // write fails with SQLITE_BUSY, and the pipeline retries instead of stopping.
    void busyDeadLetterStoreIsRetried()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = poisonedPipeline(u"busystore"_s, 1));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        const QString store = QFileInfo(f->pipelineFile).absolutePath() +
                              u"/.syncline/busystore/dead-letters.sqlite"_s;
        QVERIFY2(QFileInfo::exists(store), qPrintable(store));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(store.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct VALUES (2, -5);"_s));
        const bool busy = f->runner.waitForOutput(u"database is locked"_s, 60000);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        QVERIFY2(busy, qPrintable(f->runner.outputTail()));
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct VALUES (3, 7);"_s));
        SYNCLINE_EXPECT_OK(waitForDeadLetters(*f, 1));
        QTRY_COMPARE_WITH_TIMEOUT(target().queryValue(f->db, u"SELECT count(*) FROM acct"_s),
                                  u"1"_s, 30000);
        QVERIFY2(f->runner.isRunning(), qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void replayLoopIsQuarantined()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = poisonedPipeline(u"poison_loop"_s, 1));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct VALUES (1, -1);"_s));
        SYNCLINE_EXPECT_OK(waitForDeadLetters(*f, 1));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        QString problem;
        const QStringList replay = {u"replay"_s,       f->pipelineFile, u"--all"_s,
                                    u"--loop-guard"_s, u"2"_s,          u"--json"_s};
        QCOMPARE(dlqJson(replay, problem)[0].toObject()[u"outcome"_s].toString(), u"failed"_s);
        QCOMPARE(dlqJson(replay, problem)[0].toObject()[u"outcome"_s].toString(), u"quarantined"_s);
        // Quarantined: not tried again, even after the fix, until an operator decides.
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"ALTER TABLE acct DROP CONSTRAINT no_overdraft;"_s));
        QCOMPARE(dlqJson(replay, problem)[0].toObject()[u"outcome"_s].toString(), u"quarantined"_s);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM acct"_s), u"0"_s);
        const auto letters = dlqJson({u"list"_s, f->pipelineFile, u"--json"_s}, problem);
        QCOMPARE(letters[0].toObject()[u"status"_s].toString(), u"quarantined"_s);
        QCOMPARE(letters[0].toObject()[u"replay_count"_s].toInt(), 2);
    }

    // An operator fixes the change itself instead of the target: the edited envelope is what
    // the replay applies; an invalid edit is refused. Replays honour the rate cap.
    void editedChangeIsReplayedAtTheCappedRate()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = poisonedPipeline(u"poison_edit"_s, 1));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO acct SELECT g, -g FROM "
                                               "generate_series(1, 4) g;"_s));
        SYNCLINE_EXPECT_OK(waitForDeadLetters(*f, 4));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
        QString problem;
        const auto letters = dlqJson({u"list"_s, f->pipelineFile, u"--json"_s}, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QTemporaryFile edited;
        QVERIFY(edited.open());
        QJsonObject value = letters[0].toObject()[u"value"_s].toObject();
        QJsonObject after = value[u"after"_s].toObject();
        after[u"balance"_s] = 0;
        value[u"after"_s] = after;
        edited.write(QJsonDocument(value).toJson(QJsonDocument::Compact));
        edited.flush();
        const QString firstId = QString::number(letters[0].toObject()[u"id"_s].toInt());
        auto [code, output] =
            SynclineRunner::runOnce({u"dlq"_s, u"edit"_s, f->pipelineFile, u"--id"_s, firstId,
                                     u"--file"_s, edited.fileName()});
        QVERIFY2(code == 0, qPrintable(output));
        QTemporaryFile broken;
        QVERIFY(broken.open());
        broken.write("{\"op\":\"c\"");
        broken.flush();
        std::tie(code, output) =
            SynclineRunner::runOnce({u"dlq"_s, u"edit"_s, f->pipelineFile, u"--id"_s, firstId,
                                     u"--file"_s, broken.fileName()});
        QCOMPARE(code, 2);

        // The other three still break the constraint; only the edited one applies. Four replays
        // at two per second take at least 1.5 s.
        QElapsedTimer timer;
        timer.start();
        const auto results = dlqJson(
            {u"replay"_s, f->pipelineFile, u"--all"_s, u"--rate"_s, u"2"_s, u"--json"_s}, problem);
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(results.size(), 4);
        QCOMPARE(results[0].toObject()[u"outcome"_s].toString(), u"applied"_s);
        QCOMPARE(results[1].toObject()[u"outcome"_s].toString(), u"failed"_s);
        QVERIFY2(elapsed >= 1500, qPrintable(QString::number(elapsed)));
        QCOMPARE(
            target().queryValue(f->db, u"SELECT string_agg(id || ':' || balance, ',') FROM acct"_s),
            u"1:0"_s);
    }

    void badDlqArgumentsExitTwo()
    {
        const auto [code, output] =
            SynclineRunner::runOnce({u"dlq"_s, u"replay"_s, u"/nonexistent.yaml"_s});
        QCOMPARE(code, 2);
        QVERIFY2(output.contains(u"needs a filter, or --all"_s), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestDeadLetters)
#include "tst_dead_letters.moc"
