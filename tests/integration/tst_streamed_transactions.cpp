// Large transactions applied while they are still in progress on the source (pgoutput
// streaming): the source's logical_decoding_work_mem is set to its 64 kB minimum, so a few
// thousand rows make a transaction "large". Each test holds a source transaction open and
// looks at the target meanwhile: the sink's second connection ("in progress") has applied its
// rows uncommitted, and they appear with the source's commit, or never after a rollback.

#include "armed_failpoint.h"
#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "syncline_runner.h"

#include <QTest>

#include <libpq-fe.h>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// A source session whose transaction the test opens, extends and ends when it chooses.
class SourceSession
{
public:
    explicit SourceSession(const QString &dsn) : m_conn(PQconnectdb(dsn.toUtf8().constData())) {}
    ~SourceSession() { PQfinish(m_conn); }
    SourceSession(const SourceSession &) = delete;
    SourceSession &operator=(const SourceSession &) = delete;

    // Empty on success, else the server's message.
    QString exec(const QString &sql)
    {
        PGresult *result = PQexec(m_conn, sql.toUtf8().constData());
        const auto status = PQresultStatus(result);
        const QString error = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                                  ? QString()
                                  : QString::fromUtf8(PQerrorMessage(m_conn));
        PQclear(result);
        return error;
    }

private:
    PGconn *m_conn;
};

const QString kSchema = u"CREATE TABLE t (id int PRIMARY KEY, v text);"
                        "CREATE TABLE ledger (n int, note text);"
                        "ALTER TABLE ledger REPLICA IDENTITY FULL;"_s;

// Target sessions of the sink's in-progress connection that hold an open transaction which
// has written (it has a transaction id). Pipelined statements leave it 'active' until a sync.
QString inProgressSessions(const QString &db)
{
    return u"SELECT count(*) FROM pg_stat_activity WHERE datname = '%1' AND application_name "
           "LIKE '%(in progress)' AND backend_xid IS NOT NULL"_s.arg(db);
}

} // namespace

class TestStreamedTransactions : public ServerTest
{
    Q_OBJECT

    std::unique_ptr<PipelineFixture> streamingPipeline(const QString &name)
    {
        auto f = PipelineFixture::create(name, kSchema, {u"public.t"_s, u"public.ledger"_s});
        // Read by the walsender when it connects: set before the runner starts.
        source().exec(f->db,
                      u"ALTER DATABASE %1 SET logical_decoding_work_mem = '64kB'"_s.arg(f->db));
        return f;
    }

    // Opens a source transaction that runs `sql`, and waits until the target holds its rows,
    // uncommitted.
    void beginLargeTransaction(PipelineFixture &f, SourceSession &session, const QString &sql)
    {
        QCOMPARE(session.exec(u"BEGIN; "_s + sql), QString());
        waitForInProgressApply(f);
    }

    void waitForInProgressApply(PipelineFixture &f)
    {
        QTRY_VERIFY2_WITH_TIMEOUT(target().queryValue(f.db, inProgressSessions(f.db)) == u"1"_s,
                                  qPrintable(f.runner.outputTail()), 60000);
        QVERIFY(f.runner.output().contains(u"while it is in progress on the source"_s));
    }

    void waitUntilNothingInProgress(PipelineFixture &f)
    {
        QTRY_COMPARE_WITH_TIMEOUT(target().queryValue(f.db, inProgressSessions(f.db)), u"0"_s,
                                  10000);
    }

private slots:
    void largeTransactionIsAppliedBeforeItCommits()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(u"stream_commit"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SourceSession session(source().dsn(f->db));
        beginLargeTransaction(
            *f, session, u"INSERT INTO t SELECT g, 'big' || g FROM generate_series(1, 20000) g"_s);
        // Transactions committed meanwhile are applied in their place, around it.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO ledger VALUES (1, 'meanwhile')"_s));
        QTRY_COMPARE_WITH_TIMEOUT(target().queryValue(f->db, u"SELECT count(*) FROM ledger"_s),
                                  u"1"_s, 30000);
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM t"_s), u"0"_s);
        QCOMPARE(session.exec(u"UPDATE t SET v = 'changed' WHERE id <= 100;"
                              "DELETE FROM t WHERE id > 19990;"
                              "INSERT INTO t SELECT g, 'more' || g FROM generate_series(20001, "
                              "25000) g; COMMIT"_s),
                 QString());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        waitUntilNothingInProgress(*f);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    void rolledBackTransactionLeavesNothing()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(u"stream_abort"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SourceSession session(source().dsn(f->db));
        beginLargeTransaction(
            *f, session, u"INSERT INTO t SELECT g, 'big' || g FROM generate_series(1, 20000) g"_s);
        QCOMPARE(session.exec(u"ROLLBACK"_s), QString());
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (1, 'after')"_s));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        QCOMPARE(target().queryValue(f->db, u"SELECT string_agg(id || v, ',') FROM t"_s),
                 u"1after"_s);
        waitUntilNothingInProgress(*f);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A subtransaction whose rows were applied rolls back: the in-progress apply cannot take
    // back part of its transaction, so the session restarts and applies it at its commit.
    void rolledBackSubtransactionIsAppliedAtCommit()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(u"stream_subxact"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SourceSession session(source().dsn(f->db));
        beginLargeTransaction(*f, session,
                              u"INSERT INTO t SELECT g, 'kept' || g "
                              "FROM generate_series(1, 10000) g; SAVEPOINT s;"
                              "INSERT INTO t SELECT g, 'gone' || g "
                              "FROM generate_series(10001, 30000) g"_s);
        QCOMPARE(session.exec(u"ROLLBACK TO SAVEPOINT s;"
                              "INSERT INTO t SELECT g, 'late' || g "
                              "FROM generate_series(40001, 40100) g"_s),
                 QString());
        QVERIFY2(
            f->runner.waitForOutput(u"the session restarts to apply it at its commit"_s, 30000),
            qPrintable(f->runner.outputTail()));
        QCOMPARE(session.exec(u"COMMIT"_s), QString());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM t"_s), u"10100"_s);
        // Once it is applied, the session restarts, and the next large transaction streams.
        QVERIFY2(f->runner.waitForOutput(u"to stream large transactions again"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        beginLargeTransaction(
            *f, session, u"INSERT INTO ledger SELECT g, 'x' FROM generate_series(1, 20000) g"_s);
        QCOMPARE(session.exec(u"COMMIT"_s), QString());
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A unique index only the target has: a transaction committed meanwhile waits on the target
    // for a row the one in progress holds, which it never waited for on the source. The sink
    // gives up waiting and the session applies the large transaction at its commit, where the
    // target rejects one of the two rows: it is dead-lettered, and nothing hangs.
    void targetOnlyUniqueIndexDoesNotHang()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(u"stream_unique"_s));
        f->setSinkOptions(u"    max_retries: 0\n"_s);
        SYNCLINE_EXPECT_OK(f->startStreaming());
        SYNCLINE_PG_CHECK(target().exec(f->db, u"CREATE UNIQUE INDEX t_v ON t (v)"_s));
        SourceSession session(source().dsn(f->db));
        beginLargeTransaction(
            *f, session, u"INSERT INTO t SELECT g, 'big' || g FROM generate_series(1, 20000) g"_s);
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (30000, 'big1')"_s));
        QVERIFY2(f->runner.waitForOutput(u"waited 10s for target rows"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        QCOMPARE(session.exec(u"COMMIT"_s), QString());
        QTRY_COMPARE_WITH_TIMEOUT(target().queryValue(f->db, u"SELECT count(*) FROM t"_s),
                                  u"20000"_s, 60000);
        QCOMPARE(target().queryValue(f->db, u"SELECT v FROM t WHERE id = 30000"_s), u"big1"_s);
        const auto letters = jsonArrayIn(
            SynclineRunner::runOnce({u"dlq"_s, u"list"_s, f->pipelineFile, u"--json"_s}).second);
        QCOMPARE(letters.size(), 1);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A large transaction commits inside the window of a chunk copied while streaming: its
    // changes to the chunk's rows came before the window, and the chunk's read could not see
    // them, so the chunk must be read again. (Its older rows overwrote the transaction's.)
    void commitInsideACopyWindowReadsTheChunkAgain()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(u"stream_window"_s));
        SYNCLINE_PG_CHECK(source().exec(
            f->db, u"INSERT INTO t SELECT g, 'old' || g FROM generate_series(1, 100) g"_s));
        {
            ArmedFailpoint armed(u"snapshot.incremental_chunk_copied=sleep:4000"_s);
            SYNCLINE_EXPECT_OK(f->startStreaming());
        }
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        SourceSession session(source().dsn(f->db));
        beginLargeTransaction(
            *f, session,
            u"UPDATE t SET v = 'new' || id WHERE id <= 50;"
            "INSERT INTO ledger SELECT g, 'x' FROM generate_series(1, 20000) g"_s);
        const auto requested =
            SynclineRunner::runOnce({u"snapshot"_s, f->pipelineFile, u"--table"_s, u"public.t"_s});
        QVERIFY2(requested.first == 0, qPrintable(requested.second));
        QVERIFY2(f->runner.waitForOutput(u"failpoint snapshot.incremental_chunk_copied"_s, 30000),
                 qPrintable(f->runner.outputTail()));
        QCOMPARE(session.exec(u"COMMIT"_s), QString());
        QVERIFY2(f->runner.waitForOutput(u"incremental snapshot of public.t done"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync());
        QCOMPARE(target().queryValue(f->db, u"SELECT count(*) FROM t WHERE v LIKE 'new%'"_s),
                 u"50"_s);
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // Killed while a large transaction is half applied, or right after its target commit:
    // the next session applies it once (ledger has no key: a second apply would duplicate).
    void killedMidStreamAppliesOnce_data()
    {
        QTest::addColumn<QString>("point");
        QTest::newRow("chunk applied") << u"sink.streamed_chunk_applied=kill@3"_s;
        QTest::newRow("committed") << u"sink.streamed_committed_before_confirm=kill"_s;
    }
    void killedMidStreamAppliesOnce()
    {
        QFETCH(QString, point);
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = streamingPipeline(
                              u"stream_kill_"_s +
                              QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_')));
        {
            ArmedFailpoint armed(point);
            f->runner.start({u"run"_s, f->pipelineFile});
        }
        QVERIFY2(f->runner.waitForOutput(u"streaming from slot"_s, 60000),
                 qPrintable(f->runner.outputTail()));
        SourceSession session(source().dsn(f->db));
        QCOMPARE(session.exec(u"BEGIN; INSERT INTO ledger SELECT g, 'row' || g "
                              "FROM generate_series(1, 30000) g"_s),
                 QString());
        if (point.startsWith(u"sink.streamed_committed"_s))
            QCOMPARE(session.exec(u"COMMIT"_s), QString());
        QCOMPARE(f->runner.waitForExit(120000), -2);
        QVERIFY2(f->runner.output().contains(u"failpoint "_s + point.section(u'=', 0, 0)),
                 qPrintable(f->runner.outputTail()));
        if (!point.startsWith(u"sink.streamed_committed"_s))
            QCOMPARE(session.exec(u"INSERT INTO ledger VALUES (0, 'after the kill'); COMMIT"_s),
                     QString());
        SYNCLINE_EXPECT_OK(f->startStreaming(120000));
        // Committed after the large one: once it is on the target, so is all that came before.
        SYNCLINE_PG_CHECK(source().exec(f->db, u"INSERT INTO t VALUES (1, 'marker')"_s));
        QTRY_COMPARE_WITH_TIMEOUT(target().queryValue(f->db, u"SELECT count(*) FROM t"_s), u"1"_s,
                                  120000);
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(120000));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }
};

QTEST_GUILESS_MAIN(TestStreamedTransactions)
#include "tst_streamed_transactions.moc"
