// A consistent snapshot of a MariaDB server: tables described from information_schema as the
// binary log describes them, values read by SELECT as the binary log decodes them, the
// snapshot's binary log position exactly where later commits begin, the server's binary log
// settings checked, and the copy loaded into PostgreSQL with COPY.
#include "mariadb_server.h"
#include "mysql_type_matrix.h"
#include "pg_cluster.h" // SYNCLINE_PG_CHECK, PgError

#include "snapshot/copy_text.h"
#include "source/mysql/binlog_stream.h"
#include "source/mysql/binlog_table.h"
#include "source/mysql/mysql_catalog.h"
#include "source/mysql/mysql_client.h"
#include "source/mysql/mysql_table_copy.h"
#include "source/mysql/postgres_types.h"
#include "source/mysql/row_images.h"
#include "util/errors.h"

#include <QElapsedTimer>
#include <QTest>

#include <libpq-fe.h>

#include <memory>

using syncline::PermanentError;
using syncline::Row;
using syncline::TableCopySource;
using syncline::TableDefinition;
using syncline::TransientError;
using syncline::mysql::BinlogColumn;
using syncline::mysql::BinlogEvent;
using syncline::mysql::BinlogStream;
using syncline::mysql::BinlogTable;
using syncline::mysql::Client;
using syncline::mysql::MysqlDsn;
using syncline::mysql::MysqlTableCopy;
using syncline::test::MariaDbServer;
using namespace Qt::StringLiterals;
using Kind = BinlogEvent::Kind;
namespace matrix = syncline::test::mysql_type_matrix;

namespace {

QString text(const syncline::Value &value)
{
    return value.isNull() ? u"NULL"_s : QString::fromStdString(value.text);
}

// Every field a TABLE_MAP event gives a column, for messages.
QString describe(const BinlogColumn &column)
{
    QString values;
    for (const auto &value : column.values)
        values += QString::fromStdString(value) + u'|';
    return u"%1 type %2/%3 meta %4/%5 null %6 unsigned %7 key %8/%9 collation %10 values %11"_s
        .arg(QString::fromStdString(column.name))
        .arg(column.type)
        .arg(column.realType)
        .arg(column.meta)
        .arg(column.meta2)
        .arg(column.nullable)
        .arg(column.isUnsigned ? int(*column.isUnsigned) : -1)
        .arg(column.keyPosition)
        .arg(column.keyPrefix)
        .arg(column.collation)
        .arg(values);
}

// The table's definition as the sinks get it from the mapped schema.
TableDefinition definitionOf(const BinlogTable &table)
{
    const syncline::TableSchema schema = syncline::mysql::postgresTable(table);
    TableDefinition definition;
    definition.schema = schema.schema;
    definition.name = schema.name;
    definition.replicaIdentity = schema.replicaIdentity;
    for (const auto &column : schema.columns) {
        definition.columns.push_back({column.name, column.sqlType, column.notNull, column.typeOid,
                                      column.typeModifier, column.number});
        if (column.isKey)
            definition.keyColumns.push_back(column.name);
    }
    return definition;
}

// Loads COPY text into a PostgreSQL table with COPY FROM STDIN; returns libpq's error, if any.
QString copyIntoPostgres(const QString &dsn, const QString &table, const std::string &data)
{
    PGconn *conn = PQconnectdb(dsn.toUtf8().constData());
    QString error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = QString::fromUtf8(PQerrorMessage(conn));
    } else {
        PGresult *result = PQexec(conn, ("COPY " + table.toStdString() + " FROM STDIN").c_str());
        if (PQresultStatus(result) != PGRES_COPY_IN)
            error = QString::fromUtf8(PQerrorMessage(conn));
        PQclear(result);
        if (error.isEmpty()) {
            if (PQputCopyData(conn, data.data(), int(data.size())) != 1 ||
                PQputCopyEnd(conn, nullptr) != 1)
                error = QString::fromUtf8(PQerrorMessage(conn));
            while ((result = PQgetResult(conn))) {
                if (PQresultStatus(result) != PGRES_COMMAND_OK && error.isEmpty())
                    error = QString::fromUtf8(PQresultErrorMessage(result));
                PQclear(result);
            }
        }
    }
    PQfinish(conn);
    return error;
}

} // namespace

class TestMysqlSnapshot : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void describedTableEqualsTheTableMap();
    void selectedValuesEqualDecodedValues();
    void snapshotStartsWhereLaterCommitsBegin();
    void currentPositionIsTheLogsEnd();
    void requirementsAreCheckedWithTheirFixes();
    void connectFailuresAreClassified();
    void copyLoadsIntoPostgres();
    void largeTablesCopyInChunks();

private:
    MysqlDsn dsn() const { return MysqlDsn::parse(m_server->dsn().toStdString()); }
    std::unique_ptr<MariaDbServer> m_server;
    // The type matrix as its TABLE_MAP event gave it, and its inserted rows decoded.
    std::optional<BinlogTable> m_map;
    std::optional<BinlogTable> m_ordersMap;
    std::vector<Row> m_binlogRows;
};

void TestMysqlSnapshot::initTestCase()
{
    m_server = std::make_unique<MariaDbServer>(u"snapshot"_s);
    SYNCLINE_PG_CHECK(m_server->start());
    SYNCLINE_PG_CHECK(m_server->exec(
        {}, u"CREATE DATABASE shop; "
            "CREATE TABLE shop.orders (id int unsigned NOT NULL, line smallint NOT NULL, "
            "  note varchar(40), PRIMARY KEY (line, id)) ENGINE=InnoDB; "
            "INSERT INTO shop.orders VALUES (1, 1, 'first'), (2, 1, 'second')"_s));
    SYNCLINE_PG_CHECK(m_server->exec(
        u"shop"_s, matrix::createTable(u"types"_s) + u"; SET time_zone = '+00:00'; "_s +
                       matrix::firstRow(u"types"_s) + u"; "_s + matrix::zeroDatesRow(u"types"_s) +
                       u"; "_s + matrix::edgesRow(u"types"_s)));
    const std::string last = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s).toStdString();

    // The table maps and the inserted rows, as the binary log gives them.
    BinlogStream stream(dsn(), 5501);
    stream.openAt({});
    std::optional<BinlogTable> table;
    bool inLast = false;
    QElapsedTimer timer;
    timer.start();
    try {
        while (timer.elapsed() < 15000) {
            const BinlogEvent &event = stream.next();
            if (event.kind == Kind::Gtid)
                inLast = event.gtid.toString() == last;
            if (event.kind == Kind::TableMap) {
                table = BinlogTable::fromEvent(*event.raw);
                if (table->table == "orders")
                    m_ordersMap = table;
                if (table->table == "types")
                    m_map = table;
            }
            if (table && table->table == "types" && event.kind == Kind::WriteRows)
                for (auto &row : syncline::mysql::decodeRowImages(*table, *event.raw))
                    m_binlogRows.push_back(std::move(row));
            if (inLast && event.kind == Kind::Xid)
                break;
        }
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
    QVERIFY(m_map && m_ordersMap);
    QCOMPARE(m_binlogRows.size(), std::size_t(3));
}

void TestMysqlSnapshot::cleanup()
{
    if (QTest::currentTestFailed() && m_server)
        qWarning("server log:\n%s", qPrintable(m_server->logTail()));
}

// describeTable() reads information_schema into what the TABLE_MAP event says: the same
// PostgreSQL table, and the same fields column by column (the table id aside).
void TestMysqlSnapshot::describedTableEqualsTheTableMap()
{
    Client client(dsn());
    for (const BinlogTable *map : {&*m_map, &*m_ordersMap}) {
        const auto described = syncline::mysql::describeTable(client, map->database, map->table);
        QVERIFY(described);
        QCOMPARE(described->columns.size(), map->columns.size());
        for (std::size_t i = 0; i < map->columns.size(); ++i) {
            const QString fromLog = describe(map->columns[i]);
            const QString fromCatalog = describe(described->columns[i]);
            QVERIFY2(fromLog == fromCatalog,
                     qPrintable(u"log: "_s + fromLog + u"\ncatalog: "_s + fromCatalog));
        }
        QVERIFY(syncline::mysql::postgresTable(*described) == syncline::mysql::postgresTable(*map));
    }
    QVERIFY(!syncline::mysql::describeTable(client, "shop", "no_such_table"));
}

// The row read back by SELECT converts, value by value, to the text the binary log decoding
// gave for the same row.
void TestMysqlSnapshot::selectedValuesEqualDecodedValues()
{
    Client client(dsn());
    client.exec("SET time_zone = '+00:00'");
    const BinlogTable &table = *m_map;
    std::string select;
    for (const auto &column : table.columns)
        select += (select.empty() ? "SELECT " : ", ") + syncline::mysql::selectExpression(column);
    const auto rows = client.query(select + " FROM shop.types ORDER BY id");
    QCOMPARE(rows.size(), m_binlogRows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            const auto &column = table.columns[i];
            const QString selected = text(syncline::mysql::postgresValueOf(column, rows[r][i]));
            const QString decoded = text(m_binlogRows[r][i]);
            QVERIFY2(
                selected == decoded,
                qPrintable(
                    u"row %1 column %2: SELECT gives '%3', the binary log '%4'"_s.arg(r + 1).arg(
                        QString::fromStdString(column.name), selected, decoded)));
        }
    }
}

// Rows committed after beginConsistentSnapshot() are not copied, and streaming from the
// position it returns (or after its GTID state) starts with exactly those commits.
void TestMysqlSnapshot::snapshotStartsWhereLaterCommitsBegin()
{
    Client client(dsn());
    const QString gtidBefore = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s);
    const auto start = syncline::mysql::beginConsistentSnapshot(client);
    QCOMPARE(QString::fromStdString(start.gtidState), gtidBefore);
    SYNCLINE_PG_CHECK(
        m_server->exec(u"shop"_s, u"INSERT INTO orders VALUES (100, 7, 'after the snapshot')"_s));
    const std::string later = m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s).toStdString();

    MysqlTableCopy copy(client, {*m_ordersMap});
    std::string data;
    const long long rows = copy.copyTable(
        definitionOf(*m_ordersMap), [&](std::string_view chunk, long long) { data.append(chunk); },
        TableCopySource::Format::Text);
    QCOMPARE(rows, 2LL);
    QCOMPARE(QString::fromStdString(data), u"1\t1\tfirst\n2\t1\tsecond\n"_s);
    client.exec("COMMIT");

    const auto firstTransaction = [&](BinlogStream &stream) {
        std::string gtid;
        std::vector<std::string> inserted; // the first row of the first rows event after it
        QElapsedTimer timer;
        timer.start();
        std::optional<BinlogTable> table;
        while (timer.elapsed() < 15000 && inserted.empty()) {
            const BinlogEvent &event = stream.next();
            if (event.kind == Kind::Gtid && gtid.empty())
                gtid = event.gtid.toString();
            if (event.kind == Kind::TableMap)
                table = BinlogTable::fromEvent(*event.raw);
            if (event.kind == Kind::WriteRows && table) {
                const auto rows = syncline::mysql::decodeRowImages(*table, *event.raw);
                for (const auto &value : rows.at(0))
                    inserted.push_back(value.text);
            }
        }
        return std::pair(gtid, inserted);
    };
    const std::vector<std::string> row{"100", "7", "after the snapshot"};
    try {
        BinlogStream byPosition(dsn(), 5502);
        byPosition.openAt(start.position);
        QCOMPARE(firstTransaction(byPosition), std::pair(later, row));
        BinlogStream byGtid(dsn(), 5503);
        byGtid.openAfterGtids(start.gtidState);
        QCOMPARE(firstTransaction(byGtid), std::pair(later, row));
    } catch (const std::exception &error) {
        QFAIL(error.what());
    }
}

void TestMysqlSnapshot::currentPositionIsTheLogsEnd()
{
    Client client(dsn());
    const auto now = syncline::mysql::currentPosition(client);
    const QList<QStringList> status = m_server->query({}, u"SHOW MASTER STATUS"_s);
    QCOMPARE(QString::fromStdString(now.position.file), status.value(0).value(0));
    QCOMPARE(qulonglong(now.position.offset), status.value(0).value(1).toULongLong());
    QCOMPARE(QString::fromStdString(now.gtidState),
             m_server->queryValue({}, u"SELECT @@gtid_binlog_pos"_s));
}

void TestMysqlSnapshot::requirementsAreCheckedWithTheirFixes()
{
    Client client(dsn());
    const auto none = syncline::mysql::binlogRequirementProblems(client);
    QVERIFY2(none.empty(), none.empty() ? "" : none.front().c_str());

    SYNCLINE_PG_CHECK(m_server->exec({}, u"SET GLOBAL binlog_row_image = MINIMAL"_s));
    std::vector<std::string> problems;
    try {
        problems = syncline::mysql::binlogRequirementProblems(client);
    } catch (const std::exception &error) {
        m_server->exec({}, u"SET GLOBAL binlog_row_image = FULL"_s);
        QFAIL(error.what());
    }
    SYNCLINE_PG_CHECK(m_server->exec({}, u"SET GLOBAL binlog_row_image = FULL"_s));
    QCOMPARE(problems.size(), std::size_t(1));
    const QString problem = QString::fromStdString(problems.front());
    QVERIFY2(problem.startsWith(u"binlog_row_image is MINIMAL"_s) &&
                 problem.contains(u"SET GLOBAL binlog_row_image = 'FULL'"_s) &&
                 problem.contains(u"`binlog_row_image = FULL` under [mysqld] in my.cnf"_s),
             qPrintable(problem));

    // An account that may only read its tables: each missing privilege with its GRANT.
    SYNCLINE_PG_CHECK(m_server->exec({}, u"CREATE USER reader@'%' IDENTIFIED BY 'reader-secret'; "
                                         "GRANT SELECT ON shop.* TO reader@'%'"_s));
    MysqlDsn readerDsn = dsn();
    readerDsn.user = "reader";
    readerDsn.password = "reader-secret";
    Client reader(readerDsn);
    const auto missing = syncline::mysql::binlogRequirementProblems(reader);
    QCOMPARE(missing.size(), std::size_t(2));
    QVERIFY2(QString::fromStdString(missing[0])
                 .contains(u"GRANT REPLICATION REPLICA ON *.* TO 'reader'@'%'"_s),
             missing[0].c_str());
    QVERIFY2(QString::fromStdString(missing[1])
                 .contains(u"GRANT BINLOG MONITOR ON *.* TO 'reader'@'%'"_s),
             missing[1].c_str());
}

void TestMysqlSnapshot::connectFailuresAreClassified()
{
    MysqlDsn wrong = dsn();
    wrong.password = "not-the-password";
    try {
        Client client(wrong);
        QFAIL("a wrong password was accepted");
    } catch (const PermanentError &error) {
        QVERIFY2(!QString::fromUtf8(error.what()).contains(u"not-the-password"_s), error.what());
    }
    MysqlDsn noDatabase = dsn();
    noDatabase.database = "no_such_database";
    QVERIFY_THROWS_EXCEPTION(PermanentError, Client{noDatabase});

    MysqlDsn unreachable = dsn();
    unreachable.port = 1; // nothing listens there
    try {
        Client client(unreachable);
        QFAIL("connected to port 1");
    } catch (const TransientError &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(u"127.0.0.1:1"_s), error.what());
    }

    Client client(dsn());
    QCOMPARE(Client::identifier("a`b"), std::string("`a``b`"));
    QCOMPARE(client.literal("it's \\"), std::string("'it\\'s \\\\'"));
    QCOMPARE(client.queryValue("SELECT " + client.literal(std::string("a\0b", 3))),
             std::optional(std::string("a\0b", 3)));
    QCOMPARE(client.queryValue("SELECT NULL"), std::optional<std::string>());
    QVERIFY_THROWS_EXCEPTION(PermanentError, client.exec("SELECT * FROM shop.no_such_table"));
}

// The copy of the type matrix loads into a PostgreSQL table made from the mapped types, and
// holds what the binary log's rows hold there.
void TestMysqlSnapshot::copyLoadsIntoPostgres()
{
    Client client(dsn());
    syncline::mysql::beginConsistentSnapshot(client);
    MysqlTableCopy copy(client, {*m_map});
    QCOMPARE(copy.postgresVersion(), 0);
    const TableDefinition definition = definitionOf(*m_map);
    QVERIFY_THROWS_EXCEPTION(PermanentError, copy.copyTable(
                                                 definition, [](std::string_view, long long) {},
                                                 TableCopySource::Format::Binary));
    QVERIFY(copy.estimatedRows(definition) >= 0);
    std::string data;
    const long long rows = copy.copyTable(
        definition, [&](std::string_view chunk, long long) { data.append(chunk); },
        TableCopySource::Format::Text);
    QCOMPARE(rows, 3LL);

    // The binary log's rows, written as COPY text too: the same bytes.
    std::string decoded;
    for (const Row &row : m_binlogRows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0)
                decoded += '\t';
            syncline::appendCopyTextField(decoded, row[i]);
        }
        decoded += '\n';
    }
    QCOMPARE(QString::fromStdString(data), QString::fromStdString(decoded));

    const syncline::TableSchema schema = syncline::mysql::postgresTable(*m_map);
    QStringList columns;
    for (const auto &column : schema.columns)
        columns << QString::fromStdString(column.name + ' ' + column.sqlType);
    auto &target = syncline::test::PgCluster::sharedTarget();
    SYNCLINE_PG_CHECK(target.start());
    SYNCLINE_PG_CHECK(target.exec(u"postgres"_s, u"DROP TABLE IF EXISTS mysql_snapshot; "
                                                 "CREATE TABLE mysql_snapshot ("_s +
                                                     columns.join(u", "_s) + u")"_s));
    const QString error = copyIntoPostgres(target.dsn(u"postgres"_s), u"mysql_snapshot"_s, data);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QList<QStringList> loaded;
    SYNCLINE_PG_CHECK(
        loaded = target.query(u"postgres"_s,
                              u"SELECT id, f, g, dtt, ts AT TIME ZONE 'UTC', tm, l, v, bn, bt, st "
                              "FROM mysql_snapshot ORDER BY id"_s));
    QCOMPARE(loaded.size(), 3);
    QCOMPARE(loaded[0],
             (QStringList{u"1"_s, u"1.5"_s, u"-2.25"_s, u"2024-02-29 13:14:15.123456"_s,
                          u"2024-02-29 13:14:15.123"_s, u"-00:00:01.5"_s, u"caf\u00e9\u20ac"_s,
                          u"h\u00e9llo"_s, u"\\x01000000"_s, u"1000000001"_s, u"x,z"_s}));
    QCOMPARE(loaded[2],
             (QStringList{u"3"_s, u"3.1415927"_s, u"0.1"_s, u"9999-12-31 23:59:59"_s,
                          u"1970-01-01 00:00:01"_s, u"838:59:59"_s, u"\u0081\u00e9"_s,
                          u"tab\there\nnew\\"_s, u"\\xffffffff"_s, u"0000000000"_s, u""_s}));
    client.exec("COMMIT");
}

// A table larger than a chunk arrives in chunks of whole rows, about 1 MB each.
void TestMysqlSnapshot::largeTablesCopyInChunks()
{
    SYNCLINE_PG_CHECK(m_server->exec(
        u"shop"_s, u"CREATE TABLE big (id int PRIMARY KEY, payload varchar(1000)); "
                   "INSERT INTO big SELECT seq, REPEAT('x', 1000) FROM seq_1_to_3000"_s));
    Client client(dsn());
    syncline::mysql::beginConsistentSnapshot(client);
    const auto table = syncline::mysql::describeTable(client, "shop", "big");
    QVERIFY(table);
    MysqlTableCopy copy(client, {*table});
    std::vector<std::pair<std::size_t, long long>> chunks;
    long long lines = 0;
    const long long rows = copy.copyTable(
        definitionOf(*table),
        [&](std::string_view chunk, long long count) {
            chunks.emplace_back(chunk.size(), count);
            lines += std::count(chunk.begin(), chunk.end(), '\n');
            QVERIFY(chunk.ends_with('\n'));
        },
        TableCopySource::Format::Text);
    QCOMPARE(rows, 3000LL);
    QCOMPARE(lines, 3000LL);
    QCOMPARE(chunks.size(), std::size_t(3));
    long long counted = 0;
    for (const auto &[bytes, count] : chunks) {
        QVERIFY(bytes < MysqlTableCopy::kChunkBytes + 2000);
        counted += count;
    }
    QCOMPARE(counted, 3000LL);
    QVERIFY(chunks[0].first >= MysqlTableCopy::kChunkBytes);
    client.exec("COMMIT");
}

QTEST_GUILESS_MAIN(TestMysqlSnapshot)
#include "tst_mysql_snapshot.moc"
