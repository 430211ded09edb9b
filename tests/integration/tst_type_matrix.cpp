// The type matrix: every type family of PostgreSQL, each as a value and, where it has a btree
// operator class, as the primary key, through snapshot, insert, update (with unchanged TOAST),
// key move and delete (single and multi-row), in direct and Kafka modes. The target must print
// exactly what the source prints under fixed session settings.

#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "server_test.h"
#include "type_matrix_types.h"

#include <QTest>

using namespace syncline::test;
using namespace Qt::StringLiterals;

namespace {

// Big enough to be stored out of line (TOAST), so updates that leave it alone send it as
// "unchanged".
QString toastedDoc(int row)
{
    return u"(SELECT string_agg(md5(g::text || '%1'), '') FROM generate_series(1, 200) g)"_s.arg(
        row);
}

class MatrixTable
{
public:
    explicit MatrixTable(MatrixType type) : m_type(std::move(type)) {}

    QString qualifiedName() const { return u"public."_s + m_type.table; }
    QString createSql() const
    {
        return m_type.keyed ? u"CREATE TABLE %1 (k %2 PRIMARY KEY, v %2, n int NOT NULL DEFAULT 0, "
                              "doc text);"_s.arg(m_type.table, m_type.sqlType)
                            : u"CREATE TABLE %1 (id int PRIMARY KEY, v %2, n int NOT NULL DEFAULT "
                              "0, doc text);"_s.arg(m_type.table, m_type.sqlType);
    }
    // Rows in [first, end) of rowCount().
    QString insertSql(int first, int end) const
    {
        QString sql;
        for (int row = first; row < end; ++row) {
            const QString doc = row == 0 || row == 3 ? toastedDoc(row) : u"'short'"_s;
            sql += m_type.keyed ? u"INSERT INTO %1 (k, v, doc) VALUES (%2, %3, %4);"_s.arg(
                                      m_type.table, key(row), valueFor(row), doc)
                                : u"INSERT INTO %1 (id, v, doc) VALUES (%2, %3, %4);"_s.arg(
                                      m_type.table, QString::number(row), valueFor(row), doc);
        }
        return sql;
    }
    int rowCount() const
    {
        return int(m_type.keyed ? m_type.values.size() - 1 : m_type.values.size());
    }
    // Updates of every row (TOAST unchanged), of one value, a key move, and deletes of one row
    // and of two rows in one transaction.
    QString changeSql() const
    {
        const QString t = m_type.table;
        QString sql = u"UPDATE %1 SET n = n + 1;"_s.arg(t);
        sql += u"UPDATE %1 SET v = %2 WHERE %3;"_s.arg(t, typed(m_type.values[0]), match(3));
        sql += u"UPDATE %1 SET %2 = %3, n = n + 10 WHERE %4;"_s.arg(
            t, keyColumn(), m_type.keyed ? typed(m_type.values.last()) : u"1000"_s, match(0));
        sql += u"DELETE FROM %1 WHERE %2;"_s.arg(t, match(1));
        if (rowCount() >= 6)
            sql += u"BEGIN; DELETE FROM %1 WHERE %2; DELETE FROM %1 WHERE %3; COMMIT;"_s.arg(
                t, match(4), match(5));
        return sql;
    }

private:
    QString typed(const QString &expression) const
    {
        return u"(%1)::%2"_s.arg(expression, m_type.sqlType);
    }
    QString keyColumn() const { return m_type.keyed ? u"k"_s : u"id"_s; }
    QString key(int row) const { return typed(m_type.values[row]); }
    QString match(int row) const
    {
        if (!m_type.keyed)
            return u"id = "_s + QString::number(row);
        if (m_type.compareAs.isEmpty())
            return u"k = "_s + key(row);
        return u"k::%1 = (%2)::%1"_s.arg(m_type.compareAs, m_type.values[row]);
    }
    // Row 2 has a NULL value; the others hold the next row's value.
    QString valueFor(int row) const
    {
        return row == 2 ? u"NULL"_s : typed(m_type.values[(row + 1) % rowCount()]);
    }

    MatrixType m_type;
};

} // namespace

class TestTypeMatrix : public ServerTest
{
    Q_OBJECT

private slots:
    void everyTypeArrivesAsTheSourcePrintsIt_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("direct") << u"  type: direct\n"_s;
        QTest::newRow("kafka") << u"  type: kafka\n  brokers: embedded\n"_s;
    }
    void everyTypeArrivesAsTheSourcePrintsIt()
    {
        QFETCH(QString, transport);
        std::vector<MatrixTable> tables;
        QStringList names;
        QString schema = matrixTypesSql();
        for (const auto &type : matrixTypes()) {
            tables.emplace_back(type);
            names << tables.back().qualifiedName();
            schema += tables.back().createSql();
        }
        const QString db = u"matrix_"_s + QString::fromLatin1(QTest::currentDataTag());
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(db, schema, names));
        f->setTransport(transport);
        // Extensions are the one thing create_tables leaves to the operator.
        SYNCLINE_PG_CHECK(
            target().exec(db, u"CREATE EXTENSION hstore; CREATE EXTENSION citext;"_s));
        QString snapshotRows;
        for (const auto &table : tables)
            snapshotRows += table.insertSql(0, 3);
        SYNCLINE_PG_CHECK(source().exec(db, snapshotRows));

        SYNCLINE_EXPECT_OK(f->startStreaming(60000));
        // Directly, the snapshot is copied in COPY's binary format where both servers have the
        // column types built in, and as text where a user type's OID differs between them.
        if (transport.contains(u"direct"_s)) {
            QVERIFY2(f->runner.output().contains(u" in binary"_s), qPrintable(f->runner.output()));
            QVERIFY2(f->runner.output().contains(u" as text"_s), qPrintable(f->runner.output()));
        }
        for (const auto &table : tables) {
            if (table.rowCount() > 3)
                SYNCLINE_PG_CHECK(source().exec(db, table.insertSql(3, table.rowCount())));
            SYNCLINE_PG_CHECK(source().exec(db, table.changeSql()));
        }
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(120000));
        QVERIFY2(!f->runner.output().contains(u"dead-letter"_s), qPrintable(f->runner.output()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // A reg* value is the OID of the object it names, another object on another server; the
    // snapshot copies such tables as text, so the target names the same object.
    void regTypesNameTheSameObjectOnTheTarget()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(
            f = PipelineFixture::create(
                u"matrix_reg"_s,
                u"CREATE TABLE named (x int);"
                "CREATE TABLE refs (id int PRIMARY KEY, r regclass, rs regclass[]);"
                "INSERT INTO refs VALUES (1, 'named', ARRAY['named'::regclass, 'refs']);"_s,
                {u"public.refs"_s}));
        // Other tables first, so that "named" gets another OID on the target.
        SYNCLINE_PG_CHECK(
            target().exec(f->db, u"CREATE TABLE spacer1 (x int); CREATE TABLE spacer2 (x int);"
                                 "CREATE TABLE named (x int);"_s));
        SYNCLINE_EXPECT_OK(f->startStreaming(60000));
        SYNCLINE_EXPECT_OK(f->waitUntilInSync(30000));
        QCOMPARE(target().queryValue(f->db, u"SELECT r::text || ' ' || rs::text FROM refs"_s),
                 u"named {named,refs}"_s);
        QVERIFY2(f->runner.output().contains(u" as text"_s) &&
                     !f->runner.output().contains(u" in binary"_s),
                 qPrintable(f->runner.output()));
        SYNCLINE_EXPECT_OK(f->stopGracefully());
    }

    // create_tables creates enums, composites, domains and ranges, but says which extension a
    // type needs instead of failing on CREATE TABLE.
    void createTablesNamesMissingExtensionTypes()
    {
        std::unique_ptr<PipelineFixture> f;
        SYNCLINE_PG_CHECK(f = PipelineFixture::create(
                              u"matrix_noext"_s,
                              u"CREATE EXTENSION citext; CREATE TYPE mood AS ENUM ('a', 'b');"
                              "CREATE TABLE t (id int PRIMARY KEY, m mood, c citext);"_s,
                              {u"public.t"_s}));
        f->runner.start({u"run"_s, f->pipelineFile});
        QCOMPARE_NE(f->runner.waitForExit(30000), 0);
        const QString output = f->runner.output();
        QVERIFY2(output.contains(u"\"public\".\"citext\" (CREATE EXTENSION citext)"_s),
                 qPrintable(output));
        QVERIFY2(output.contains(u"created type \"public\".\"mood\""_s), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestTypeMatrix)
#include "tst_type_matrix.moc"
