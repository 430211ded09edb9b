// Reading a MariaDB binary log: events in commit order with their positions, TABLE_MAP
// metadata, resuming at a file position or after a GTID, following a rotation, and a purged
// log refused with a clear error.
#include "mariadb_server.h"
#include "mysql_type_matrix.h"
#include "pg_cluster.h" // SYNCLINE_PG_CHECK, PgError

#include "source/mysql/binlog_stream.h"
#include "source/mysql/binlog_table.h"
#include "source/mysql/postgres_types.h"
#include "source/mysql/row_images.h"
#include "util/errors.h"

#include <QElapsedTimer>
#include <QTest>

#include <functional>
#include <memory>

using syncline::PermanentError;
using syncline::mysql::BinlogEvent;
using syncline::mysql::BinlogPosition;
using syncline::mysql::BinlogStream;
using syncline::mysql::BinlogTable;
using syncline::mysql::decodeRowImages;
using syncline::mysql::MysqlDsn;
using syncline::test::MariaDbServer;
using namespace Qt::StringLiterals;
using Kind = BinlogEvent::Kind;

namespace {

// What a test keeps of one event: the stream's views die with the next event.
struct Seen
{
    Kind kind;
    std::string gtid;      // Gtid
    std::string table;     // TableMap
    std::string statement; // Query
    BinlogPosition next;
};

// Reads events until `done` holds for the last one (or 15 s pass); heartbeats are skipped.
std::vector<Seen> readUntil(BinlogStream &stream, const std::function<bool(const Seen &)> &done)
{
    std::vector<Seen> seen;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000) {
        const BinlogEvent &event = stream.next();
        if (event.kind == Kind::Heartbeat)
            continue;
        Seen one{event.kind, {}, {}, std::string(event.statement), event.next};
        if (event.kind == Kind::Gtid)
            one.gtid = event.gtid.toString();
        if (event.kind == Kind::TableMap)
            one.table = BinlogTable::fromEvent(*event.raw).qualifiedName();
        seen.push_back(one);
        if (done(seen.back()))
            return seen;
    }
    throw std::runtime_error("the expected event did not arrive within 15 s");
}

// The GTID of the first transaction the stream reads.
QString firstGtid(BinlogStream &stream)
{
    std::string gtid;
    readUntil(stream, [&](const Seen &event) {
        gtid = event.gtid;
        return event.kind == Kind::Gtid;
    });
    return QString::fromStdString(gtid);
}

// The kinds of the events of transactions that changed `table`, from their GTID to their end.
std::vector<std::vector<Kind>> transactionsOf(const std::vector<Seen> &seen,
                                              const std::string &table)
{
    std::vector<std::vector<Kind>> transactions;
    std::vector<Kind> current;
    bool touches = false;
    for (const auto &event : seen) {
        if (event.kind == Kind::Gtid) {
            current.clear();
            touches = false;
        }
        if (event.kind == Kind::Other)
            continue;
        current.push_back(event.kind);
        touches = touches || event.table == table;
        if (event.kind == Kind::Xid && touches)
            transactions.push_back(current);
    }
    return transactions;
}

} // namespace

class TestMysqlBinlog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void transactionsArriveInCommitOrder();
    void tableMapDescribesTheColumns();
    void resumesAtAPositionOrAfterAGtid();
    void followsARotation();
    void rowsDecodeToPostgresText();
    void decodedRowsLoadIntoPostgres();
    void purgedLogIsRefusedClearly();

private:
    MysqlDsn dsn() const { return MysqlDsn::parse(m_server->dsn().toStdString()); }
    std::unique_ptr<MariaDbServer> m_server;
    // rowsDecodeToPostgresText's table and first row, loaded into PostgreSQL by the next test.
    std::optional<BinlogTable> m_types;
    syncline::Row m_typesRow;
};

void TestMysqlBinlog::initTestCase()
{
    m_server = std::make_unique<MariaDbServer>(u"binlog"_s);
    SYNCLINE_PG_CHECK(m_server->start());
    SYNCLINE_PG_CHECK(m_server->exec(
        {}, u"CREATE DATABASE shop; "
            "CREATE TABLE shop.orders (id int unsigned NOT NULL, line smallint NOT NULL, "
            "  note varchar(40), amount decimal(12,2), size enum('small','medium','large'), "
            "  tags set('red','green','blue'), at datetime(6), PRIMARY KEY (line, id)) "
            "ENGINE=InnoDB"_s));
}

void TestMysqlBinlog::cleanup()
{
    if (QTest::currentTestFailed() && m_server)
        qWarning("server log:\n%s", qPrintable(m_server->logTail()));
}

void TestMysqlBinlog::transactionsArriveInCommitOrder()
{
    SYNCLINE_PG_CHECK(m_server->exec(
        u"shop"_s,
        u"BEGIN; INSERT INTO orders (id, line, note) VALUES (1, 1, 'a'), (2, 1, 'b'); COMMIT; "
        "UPDATE orders SET note = 'c' WHERE id = 1; DELETE FROM orders WHERE id = 2;"_s));
    BinlogStream stream(dsn(), 5401);
    stream.openAt({});
    int xids = 0;
    std::vector<Seen> seen;
    try {
        seen = readUntil(stream,
                         [&](const Seen &event) { return event.kind == Kind::Xid && ++xids == 3; });
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
    const auto transactions = transactionsOf(seen, "shop.orders");
    QCOMPARE(transactions.size(), std::size_t(3));
    QCOMPARE(transactions[0],
             (std::vector{Kind::Gtid, Kind::TableMap, Kind::WriteRows, Kind::Xid}));
    QCOMPARE(transactions[1],
             (std::vector{Kind::Gtid, Kind::TableMap, Kind::UpdateRows, Kind::Xid}));
    QCOMPARE(transactions[2],
             (std::vector{Kind::Gtid, Kind::TableMap, Kind::DeleteRows, Kind::Xid}));
    // The CREATE TABLE came before, as a standalone statement.
    const auto ddl = std::find_if(seen.begin(), seen.end(), [](const Seen &event) {
        return event.kind == Kind::Query && event.statement.find("CREATE TABLE") == 0;
    });
    QVERIFY(ddl != seen.end());
    // Positions only grow within a file.
    for (std::size_t i = 1; i < seen.size(); ++i)
        if (seen[i].next.file == seen[i - 1].next.file)
            QVERIFY2(seen[i].next.offset >= seen[i - 1].next.offset,
                     (seen[i - 1].next.toString() + " then " + seen[i].next.toString()).c_str());
    QCOMPARE(QString::fromStdString(seen.back().next.file), u"binlog.000001"_s);
}

void TestMysqlBinlog::tableMapDescribesTheColumns()
{
    SYNCLINE_PG_CHECK(m_server->exec(u"shop"_s, u"INSERT INTO orders (id, line, size, tags) "
                                                "VALUES (7, 2, 'large', 'red,blue')"_s));
    const QString gtid = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);
    BinlogStream stream(dsn(), 5402);
    stream.openAt({});
    std::optional<BinlogTable> table;
    QElapsedTimer timer;
    timer.start();
    bool inLast = false;
    while (!table && timer.elapsed() < 15000) {
        const BinlogEvent &event = stream.next();
        if (event.kind == Kind::Gtid)
            inLast = event.gtid.toString() == gtid.toStdString();
        if (inLast && event.kind == Kind::TableMap)
            table = BinlogTable::fromEvent(*event.raw);
    }
    QVERIFY(table);
    QCOMPARE(QString::fromStdString(table->qualifiedName()), u"shop.orders"_s);
    QVERIFY(table->hasColumnNames);
    QCOMPARE(table->columns.size(), std::size_t(7));
    QStringList names;
    for (const auto &column : table->columns)
        names << QString::fromStdString(column.name);
    QCOMPARE(names, (QStringList{u"id"_s, u"line"_s, u"note"_s, u"amount"_s, u"size"_s, u"tags"_s,
                                 u"at"_s}));
    const auto &columns = table->columns;
    QCOMPARE(columns[0].keyPosition, 1); // PRIMARY KEY (line, id)
    QCOMPARE(columns[1].keyPosition, 0);
    QCOMPARE(columns[2].keyPosition, -1);
    QCOMPARE(columns[0].isUnsigned, std::optional(true));
    QCOMPARE(columns[1].isUnsigned, std::optional(false));
    QVERIFY(!columns[0].nullable);
    QVERIFY(columns[2].nullable);
    QCOMPARE(columns[2].meta, 160u); // varchar(40) in utf8mb4: bytes
    QCOMPARE(columns[3].meta, 12u);  // decimal(12,2)
    QCOMPARE(columns[3].meta2, 2u);
    QCOMPARE(columns[4].values, (std::vector<std::string>{"small", "medium", "large"}));
    QCOMPARE(columns[5].values, (std::vector<std::string>{"red", "green", "blue"}));
    QCOMPARE(columns[6].meta, 6u); // datetime(6): fractional digits
}

void TestMysqlBinlog::resumesAtAPositionOrAfterAGtid()
{
    SYNCLINE_PG_CHECK(m_server->exec(u"shop"_s, u"INSERT INTO orders (id, line) VALUES (20, 3); "
                                                "INSERT INTO orders (id, line) VALUES (21, 3)"_s));
    const QString last = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);
    // Where the transaction before the last one ends, found by reading from the start.
    BinlogStream reader(dsn(), 5403);
    reader.openAt({});
    std::string previousGtid;
    std::string lastGtidSeen;
    BinlogPosition afterPrevious;
    std::vector<Seen> seen;
    try {
        seen = readUntil(reader, [&](const Seen &event) {
            if (event.kind == Kind::Gtid) {
                previousGtid = lastGtidSeen;
                lastGtidSeen = event.gtid;
            }
            return event.kind == Kind::Gtid && event.gtid == last.toStdString();
        });
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
    for (auto it = seen.rbegin() + 1; it != seen.rend(); ++it)
        if (it->kind == Kind::Xid) {
            afterPrevious = it->next;
            break;
        }
    QVERIFY(!afterPrevious.file.empty());
    reader.close();

    BinlogStream byPosition(dsn(), 5404);
    byPosition.openAt(afterPrevious);
    QCOMPARE(firstGtid(byPosition), last);

    BinlogStream byGtid(dsn(), 5405);
    byGtid.openAfterGtids(previousGtid);
    QCOMPARE(firstGtid(byGtid), last);
}

void TestMysqlBinlog::followsARotation()
{
    const QString fileBefore = m_server->query({}, u"SHOW MASTER STATUS"_s).value(0).value(0);
    SYNCLINE_PG_CHECK(m_server->exec({}, u"FLUSH BINARY LOGS"_s));
    SYNCLINE_PG_CHECK(m_server->exec(u"shop"_s, u"INSERT INTO orders (id, line) VALUES (30, 4)"_s));
    const QList<QStringList> status = m_server->query({}, u"SHOW MASTER STATUS"_s);
    const QString fileAfter = status.value(0).value(0);
    const qulonglong offsetAfter = status.value(0).value(1).toULongLong();
    QVERIFY(fileAfter != fileBefore);
    const QString last = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);

    BinlogStream stream(dsn(), 5406);
    stream.openAt({fileBefore.toStdString(), 4});
    bool inLast = false;
    std::vector<Seen> seen;
    try {
        seen = readUntil(stream, [&](const Seen &event) {
            if (event.kind == Kind::Gtid)
                inLast = event.gtid == last.toStdString();
            return inLast && event.kind == Kind::Xid;
        });
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
    // The transaction ends in the new file, within what the server has written of it (a
    // checkpoint event may follow it).
    const BinlogPosition end = seen.back().next;
    QCOMPARE(QString::fromStdString(end.file), fileAfter);
    QVERIFY(end.offset > 4 && end.offset <= offsetAfter);
    // And reading from there starts with the next transaction.
    SYNCLINE_PG_CHECK(m_server->exec(u"shop"_s, u"INSERT INTO orders (id, line) VALUES (31, 4)"_s));
    const QString next = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);
    BinlogStream resumed(dsn(), 5408);
    resumed.openAt(end);
    QCOMPARE(firstGtid(resumed), next);
}

// Every type family, as the PostgreSQL text of the type it maps to; BINARY(n) keeps its
// trailing zero bytes, latin1 is Windows-1252 (the euro sign is 0x80), and a zero year is a
// zero date.
void TestMysqlBinlog::rowsDecodeToPostgresText()
{
    namespace matrix = syncline::test::mysql_type_matrix;
    SYNCLINE_PG_CHECK(m_server->exec(
        u"shop"_s, matrix::createTable(u"types"_s) + u"; SET time_zone = '+00:00'; "_s +
                       matrix::firstRow(u"types"_s) + u"; "_s + matrix::zeroDatesRow(u"types"_s) +
                       u"; UPDATE types SET v = 'new' WHERE id = 1"_s));
    const QString last = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);
    BinlogStream stream(dsn(), 5409);
    stream.openAt({});
    std::optional<BinlogTable> table;
    std::vector<std::pair<Kind, std::vector<syncline::Row>>> changes;
    bool inLast = false;
    QElapsedTimer timer;
    timer.start();
    try {
        while (timer.elapsed() < 15000) {
            const BinlogEvent &event = stream.next();
            if (event.kind == Kind::Gtid)
                inLast = event.gtid.toString() == last.toStdString();
            if (event.kind == Kind::TableMap) {
                auto map = BinlogTable::fromEvent(*event.raw);
                table = map.table == "types" ? std::optional(map) : std::nullopt;
            }
            if (table && (event.kind == Kind::WriteRows || event.kind == Kind::UpdateRows))
                changes.emplace_back(event.kind, decodeRowImages(*table, *event.raw));
            if (inLast && event.kind == Kind::Xid)
                break;
        }
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
    QCOMPARE(changes.size(), std::size_t(3));
    QVERIFY(table);
    m_types = table;
    m_typesRow = changes[0].second.at(0);
    const auto text = [](const syncline::Row &row) {
        QStringList values;
        for (const auto &value : row)
            values << (value.isNull() ? u"NULL"_s : QString::fromStdString(value.text));
        return values;
    };
    const QStringList first{u"1"_s,
                            u"-1"_s,
                            u"255"_s,
                            u"-2"_s,
                            u"-8388608"_s,
                            u"-5"_s,
                            u"4294967295"_s,
                            u"-4"_s,
                            u"18446744073709551615"_s,
                            u"-12345678901234567890.0123456789"_s,
                            u"0.500"_s,
                            u"1.5"_s,
                            u"-2.25"_s,
                            u"2024-02-29"_s,
                            u"2024-02-29 13:14:15.123456"_s,
                            u"2024-02-29 13:14:15.123000+00"_s,
                            u"-00:00:01.500000"_s,
                            u"2024"_s,
                            u"ab"_s,
                            u"h\u00e9llo"_s,
                            u"caf\u00e9\u20ac"_s,
                            u"\\x00ff"_s,
                            u"text"_s,
                            u"\\x0102"_s,
                            u"b"_s,
                            u"x,z"_s,
                            u"1000000001"_s,
                            u"{\"a\": 1}"_s,
                            u"\\x01000000"_s,
                            u"2020-01-01"_s};
    QCOMPARE(changes[0].first, Kind::WriteRows);
    QCOMPARE(changes[0].second.size(), std::size_t(1));
    QCOMPARE(text(changes[0].second[0]), first);
    // Zero dates are NULL; so are the columns left out.
    const QStringList second = text(changes[1].second.at(0));
    QCOMPARE(second.value(0), u"2"_s);
    QCOMPARE(second.count(u"NULL"_s), second.size() - 1);
    QCOMPARE(changes[2].first, Kind::UpdateRows);
    QCOMPARE(changes[2].second.size(), std::size_t(2)); // before, after
    QCOMPARE(text(changes[2].second[0]), first);
    QStringList updated = first;
    updated[19] = u"new"_s;
    QCOMPARE(text(changes[2].second[1]), updated);
}

// The mapped types take the decoded values as they are: a PostgreSQL table made from
// postgresTable() accepts the row, and reads back what MariaDB held.
void TestMysqlBinlog::decodedRowsLoadIntoPostgres()
{
    QVERIFY(m_types && !m_typesRow.empty());
    const syncline::TableSchema schema = syncline::mysql::postgresTable(*m_types);
    QCOMPARE(schema.replicaIdentity, 'd');
    QStringList definitions;
    QStringList literals;
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
        const auto &column = schema.columns[i];
        definitions << QString::fromStdString(column.name + ' ' + column.sqlType);
        const auto &value = m_typesRow[i];
        QString literal = u"NULL"_s;
        if (!value.isNull())
            literal = u"'"_s + QString::fromStdString(value.text).replace(u"'"_s, u"''"_s) + u"'"_s;
        literals << literal + u"::"_s + QString::fromStdString(column.sqlType);
    }
    QCOMPARE(schema.columns[0].isKey, true);
    auto &target = syncline::test::PgCluster::sharedTarget();
    SYNCLINE_PG_CHECK(target.start());
    SYNCLINE_PG_CHECK(target.exec(u"postgres"_s, u"DROP TABLE IF EXISTS mysql_types; "
                                                 "CREATE TABLE mysql_types ("_s +
                                                     definitions.join(u", "_s) + u")"_s));
    SYNCLINE_PG_CHECK(target.exec(u"postgres"_s, u"INSERT INTO mysql_types VALUES ("_s +
                                                     literals.join(u", "_s) + u")"_s));
    QList<QStringList> rows;
    SYNCLINE_PG_CHECK(rows = target.query(
                          u"postgres"_s,
                          u"SELECT tu, bu, d, dz, f, g, dt, dtt, ts AT TIME ZONE 'UTC', tm, y, l, "
                          "bin, bl, st, bt, iu, bn FROM mysql_types"_s));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0], (QStringList{u"255"_s, u"18446744073709551615"_s,
                                   u"-12345678901234567890.0123456789"_s, u"0.500"_s, u"1.5"_s,
                                   u"-2.25"_s, u"2024-02-29"_s, u"2024-02-29 13:14:15.123456"_s,
                                   u"2024-02-29 13:14:15.123"_s, u"-00:00:01.5"_s, u"2024"_s,
                                   u"caf\u00e9\u20ac"_s, u"\\x00ff"_s, u"\\x0102"_s, u"x,z"_s,
                                   u"1000000001"_s, u"4294967295"_s, u"\\x01000000"_s}));
}

void TestMysqlBinlog::purgedLogIsRefusedClearly()
{
    SYNCLINE_PG_CHECK(m_server->exec({}, u"FLUSH BINARY LOGS"_s));
    const QString current = m_server->query({}, u"SHOW MASTER STATUS"_s).value(0).value(0);
    SYNCLINE_PG_CHECK(m_server->exec({}, u"PURGE BINARY LOGS TO '%1'"_s.arg(current)));
    BinlogStream stream(dsn(), 5407);
    try {
        stream.openAt({"binlog.000001", 4});
        for (int i = 0; i < 10; ++i)
            stream.next();
        QFAIL("the purged binary log was read");
    } catch (const PermanentError &error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(u"binlog.000001:4"_s) && message.contains(u"new snapshot"_s),
                 qPrintable(message));
        QVERIFY2(!message.contains(u"password"_s), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestMysqlBinlog)
#include "tst_mysql_binlog.moc"
