// A MariaDB binary log turned into the pipeline's transactions (BinlogChanges): rows of
// captured tables become changes in commit order, other tables' transactions send nothing, large
// transactions come in bounded chunks, ALTER and TRUNCATE reach the hooks, and the capture point
// of a confirmed position resumes after exactly what was confirmed.
#include "mariadb_server.h"
#include "pg_cluster.h" // SYNCLINE_PG_CHECK, PgError

#include "source/mysql/binlog_changes.h"
#include "source/mysql/binlog_order.h"
#include "source/mysql/binlog_stream.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>

using syncline::Lsn;
using syncline::Operation;
using syncline::TableSchema;
using syncline::TransactionChunk;
using syncline::mysql::BinlogChanges;
using syncline::mysql::BinlogEvent;
using syncline::mysql::BinlogPosition;
using syncline::mysql::BinlogStream;
using syncline::mysql::CapturePoint;
using syncline::mysql::MysqlDsn;
using syncline::mysql::orderOf;
using syncline::test::MariaDbServer;
using namespace Qt::StringLiterals;

using Chunks = std::vector<std::shared_ptr<const TransactionChunk>>;

class TestMysqlChanges : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void capturedRowsBecomeTransactions();
    void largeTransactionsComeInChunks();
    void schemaChangesReachTheHooks();
    void capturePointResumesAfterWhatWasConfirmed();

private:
    MysqlDsn dsn() const { return MysqlDsn::parse(m_server->dsn().toStdString()); }
    // Where the log ends now, as the capture point a new pipeline would start from.
    CapturePoint endOfLog();
    // Reads from `start` until `count` transactions ended in chunks (or 15 s pass); what went
    // wrong is in m_readError.
    Chunks read(BinlogChanges &changes, const CapturePoint &start, int count);
    std::string m_readError;

    std::unique_ptr<MariaDbServer> m_server;
};

void TestMysqlChanges::initTestCase()
{
    m_server = std::make_unique<MariaDbServer>(u"changes"_s);
    SYNCLINE_PG_CHECK(m_server->start());
    SYNCLINE_PG_CHECK(m_server->exec(
        {}, u"CREATE DATABASE shop; "
            "CREATE TABLE shop.orders (id int NOT NULL PRIMARY KEY, note varchar(40)) "
            "ENGINE=InnoDB; "
            "CREATE TABLE shop.audit (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB"_s));
}

void TestMysqlChanges::cleanup()
{
    if (QTest::currentTestFailed() && m_server)
        qWarning("server log:\n%s", qPrintable(m_server->logTail()));
}

CapturePoint TestMysqlChanges::endOfLog()
{
    const auto status = m_server->query({}, u"SHOW MASTER STATUS"_s);
    CapturePoint point;
    point.position = {status.at(0).at(0).toStdString(), status.at(0).at(1).toULongLong()};
    point.gtidState = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s).toStdString();
    return point;
}

Chunks TestMysqlChanges::read(BinlogChanges &changes, const CapturePoint &start, int count)
{
    m_readError.clear();
    Chunks chunks;
    int ended = 0;
    try {
        BinlogStream stream(dsn(), 5401, std::chrono::milliseconds(100));
        stream.openAt(start.position);
        QElapsedTimer timer;
        timer.start();
        while (ended < count && timer.elapsed() < 15000)
            changes.handle(stream.next(), [&](std::shared_ptr<const TransactionChunk> chunk) {
                ended += chunk->isLast ? 1 : 0;
                chunks.push_back(std::move(chunk));
            });
    } catch (const std::exception &error) {
        m_readError = error.what();
    }
    if (m_readError.empty() && ended < count)
        m_readError = "only " + std::to_string(ended) + " of " + std::to_string(count) +
                      " transactions arrived within 15 s";
    return chunks;
}

void TestMysqlChanges::capturedRowsBecomeTransactions()
{
    const CapturePoint start = endOfLog();
    SYNCLINE_PG_CHECK(
        m_server->exec(u"shop"_s, u"BEGIN; INSERT INTO orders VALUES (1, 'a'), (2, 'b'); COMMIT; "
                                  "INSERT INTO audit VALUES (1); "
                                  "UPDATE orders SET note = 'c' WHERE id = 1; "
                                  "DELETE FROM orders WHERE id = 2;"_s));
    BinlogChanges changes({"shop.orders"}, start);
    const Chunks chunks = read(changes, start, 3);
    QVERIFY2(m_readError.empty(), m_readError.c_str());
    QCOMPARE(chunks.size(), std::size_t(3)); // the audit table's transaction sent nothing
    QCOMPARE(chunks[0]->events.size(), std::size_t(2));
    QCOMPARE(chunks[0]->events[0].op, Operation::Insert);
    QCOMPARE(chunks[0]->events[0].table->qualifiedName(), std::string("shop.orders"));
    QCOMPARE((*chunks[0]->events[1].after)[1].text, std::string("b"));
    QCOMPARE(chunks[1]->events.at(0).op, Operation::Update);
    QCOMPARE((*chunks[1]->events[0].before)[1].text, std::string("a"));
    QCOMPARE((*chunks[1]->events[0].after)[1].text, std::string("c"));
    QCOMPARE(chunks[2]->events.at(0).op, Operation::Delete);
    QCOMPARE((*chunks[2]->events[0].before)[0].text, std::string("2"));
    Lsn previousEnd = orderOf(start.position, 0);
    for (const auto &chunk : chunks) {
        QVERIFY(chunk->isFirst && chunk->isLast);
        QVERIFY2(chunk->commitLsn >= previousEnd, chunk->commitLsn.toString().c_str());
        QVERIFY(chunk->endLsn > chunk->commitLsn);
        previousEnd = chunk->endLsn;
    }
    QCOMPARE(changes.receivedPosition(), chunks.back()->endLsn);
    // Debezium MySQL's source block: where each transaction begins, with its GTID.
    QVERIFY(chunks[0]->binlog);
    QCOMPARE(chunks[0]->binlog->file, start.position.file);
    QCOMPARE(orderOf({chunks[0]->binlog->file, chunks[0]->binlog->position}, 0),
             chunks[0]->commitLsn);
    // A transaction begins where the event before it ended: its GTID event's own start.
    QCOMPARE(chunks[0]->commitLsn, orderOf(start.position, 0));
    QVERIFY(QString::fromStdString(chunks[0]->binlog->gtid).startsWith(u"0-1-"_s));
    QVERIFY(!changes.isInsideTransaction());
}

void TestMysqlChanges::largeTransactionsComeInChunks()
{
    const CapturePoint start = endOfLog();
    SYNCLINE_PG_CHECK(m_server->exec(
        u"shop"_s, u"INSERT INTO orders SELECT seq, 'bulk' FROM seq_1000_to_3499"_s));
    BinlogChanges changes({"shop.orders"}, start);
    const Chunks chunks = read(changes, start, 1);
    QVERIFY2(m_readError.empty(), m_readError.c_str());
    QCOMPARE(chunks.size(), std::size_t(3));
    QCOMPARE(chunks[0]->events.size(), std::size_t(1000));
    QCOMPARE(chunks[1]->events.size(), std::size_t(1000));
    QCOMPARE(chunks[2]->events.size(), std::size_t(500));
    QVERIFY(chunks[0]->isFirst && !chunks[0]->isLast);
    QVERIFY(!chunks[1]->isFirst && !chunks[1]->isLast);
    QVERIFY(!chunks[2]->isFirst && chunks[2]->isLast);
    QCOMPARE(chunks[2]->firstEventIndex, std::uint64_t(2000));
    QCOMPARE(chunks[1]->commitLsn, chunks[0]->commitLsn);
    SYNCLINE_PG_CHECK(m_server->exec(u"shop"_s, u"DELETE FROM orders WHERE id >= 1000"_s));
}

void TestMysqlChanges::schemaChangesReachTheHooks()
{
    const CapturePoint start = endOfLog();
    SYNCLINE_PG_CHECK(m_server->exec(u"shop"_s,
                                     u"INSERT INTO orders VALUES (10, 'before'); "
                                     "ALTER TABLE orders ADD COLUMN qty int NOT NULL DEFAULT 1; "
                                     "INSERT INTO orders VALUES (11, 'after', 5); "
                                     "TRUNCATE orders;"_s));
    BinlogChanges changes({"shop.orders"}, start);
    std::vector<std::vector<std::string>> versions;
    changes.setRelationHook([&](TableSchema &table, Lsn) {
        std::vector<std::string> names;
        for (const auto &column : table.columns)
            names.push_back(column.name);
        versions.push_back(names);
    });
    std::vector<std::string> ddl;
    changes.setDdlHook([&](const syncline::DdlStatement &statement, Lsn) {
        ddl.push_back(statement.commandTag + " " + statement.objectIdentity);
    });
    const Chunks chunks = read(changes, start, 3);
    QVERIFY2(m_readError.empty(), m_readError.c_str());
    QCOMPARE(versions.size(), std::size_t(2));
    QCOMPARE(versions[0], (std::vector<std::string>{"id", "note"}));
    QCOMPARE(versions[1], (std::vector<std::string>{"id", "note", "qty"}));
    QCOMPARE(ddl,
             (std::vector<std::string>{"ALTER TABLE shop.orders", "TRUNCATE TABLE shop.orders"}));
    QCOMPARE(chunks[1]->events.at(0).table->columns.size(), std::size_t(3));
    QCOMPARE((*chunks[1]->events[0].after)[2].text, std::string("5"));
    QCOMPARE(chunks[2]->events.at(0).op, Operation::Truncate);
    QCOMPARE(chunks[2]->events[0].truncatedTables.at(0)->qualifiedName(),
             std::string("shop.orders"));
    SYNCLINE_PG_CHECK(m_server->exec(u"shop"_s, u"ALTER TABLE orders DROP COLUMN qty"_s));
}

void TestMysqlChanges::capturePointResumesAfterWhatWasConfirmed()
{
    const CapturePoint start = endOfLog();
    SYNCLINE_PG_CHECK(m_server->exec(
        u"shop"_s, u"INSERT INTO orders VALUES (20, 'one'); INSERT INTO audit VALUES (20); "
                   "INSERT INTO orders VALUES (21, 'two');"_s));
    BinlogChanges changes({"shop.orders"}, start);
    const Chunks chunks = read(changes, start, 2);
    QVERIFY2(m_readError.empty(), m_readError.c_str());
    QCOMPARE(chunks.size(), std::size_t(2));
    // Confirmed through the first: capture resumes after it (and after the audit transaction
    // only if that was confirmed too, which it was not).
    const auto point = changes.pointThrough(chunks[0]->endLsn);
    QVERIFY(point.has_value());
    QCOMPARE(orderOf(point->position, 0), chunks[0]->endLsn);
    QVERIFY(QString::fromStdString(point->gtidState).contains(u'-'));
    QVERIFY(!changes.pointThrough(chunks[0]->endLsn)); // nothing newer ended there
    BinlogChanges resumed({"shop.orders"}, *point);
    const Chunks again = read(resumed, *point, 1);
    QVERIFY2(m_readError.empty(), m_readError.c_str());
    QCOMPARE((*again.at(0)->events.at(0).after)[0].text, std::string("21"));
    QCOMPARE(again[0]->commitLsn, chunks[1]->commitLsn);
    QCOMPARE(again[0]->endLsn, chunks[1]->endLsn);
}

QTEST_GUILESS_MAIN(TestMysqlChanges)
#include "tst_mysql_changes.moc"
