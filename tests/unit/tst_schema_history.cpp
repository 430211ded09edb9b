// The schema history keeps one version per distinct shape of a table, survives reopening, and
// diffs two versions column by column; type names read as PostgreSQL writes them.

#include <QTemporaryDir>
#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "schema/schema_history.h"
#include "schema/type_names.h"
#endif

using namespace syncline;

namespace {

TableSchema orders(std::vector<Column> columns)
{
    TableSchema table;
    table.schema = "public";
    table.name = "orders";
    table.columns = std::move(columns);
    return table;
}

const Column kId{"id", 23, -1, true};
const Column kTotal{"total", 1700, (14 << 16 | 2) + 4, false};

} // namespace

class TestSchemaHistory : public QObject
{
    Q_OBJECT

private slots:
    void typeNames_data()
    {
        QTest::addColumn<uint>("oid");
        QTest::addColumn<int>("modifier");
        QTest::addColumn<QString>("expected");
        QTest::addRow("integer") << 23u << -1 << QStringLiteral("integer");
        QTest::addRow("numeric(14,2)")
            << 1700u << ((14 << 16 | 2) + 4) << QStringLiteral("numeric(14,2)");
        QTest::addRow("varchar(80)") << 1043u << 84 << QStringLiteral("character varying(80)");
        QTest::addRow("timestamptz(3)")
            << 1184u << 3 << QStringLiteral("timestamp(3) with time zone");
        QTest::addRow("unknown") << 99999u << -1 << QStringLiteral("type 99999");
    }
    void typeNames()
    {
        QFETCH(uint, oid);
        QFETCH(int, modifier);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(typeName(oid, modifier)), expected);
    }

    void versionsAreKeptOncePerShape()
    {
        QTemporaryDir dir;
        const auto file = SchemaHistory::fileIn(dir.path().toStdString());
        {
            SchemaHistory history(file);
            QVERIFY(history.record(orders({kId}), Lsn(100)));
            QVERIFY(!history.record(orders({kId}), Lsn(200))); // same shape: no new version
            QVERIFY(history.record(orders({kId, kTotal}), Lsn(300)));
        }
        SchemaHistory reopened(file);
        QCOMPARE(reopened.tables(), std::vector<std::string>{"public.orders"});
        const auto versions = reopened.versions("public.orders");
        QCOMPARE(versions.size(), std::size_t(2));
        QCOMPARE(versions[0].version, 1);
        QCOMPARE(versions[1].version, 2);
        QCOMPARE(versions[1].lsn, Lsn(300).toString());
        QCOMPARE(versions[1].schema.columns.size(), std::size_t(2));
        QVERIFY(versions[1].schema.columns[0] == kId);
        QVERIFY(versions[1].schema.columns[1] == kTotal);
        QVERIFY(!reopened.record(orders({kId, kTotal}), Lsn(400)));
        QVERIFY(reopened.versions("public.missing").empty());
    }

    void diffMatchesColumnsByName()
    {
        Column wider = kTotal;
        wider.typeModifier = (18 << 16 | 2) + 4;
        Column note{"note", 25, -1, false};
        Column idNotKey = kId;
        idNotKey.isKey = false;
        const auto changes = diffSchemas(orders({kId, kTotal, Column{"gone", 25, -1, false}}),
                                         orders({idNotKey, wider, note}));
        QCOMPARE(changes.size(), std::size_t(4));
        QCOMPARE(changes[0].kind, ColumnChange::Kind::KeyChanged);
        QCOMPARE(changes[0].before, "integer (key)");
        QCOMPARE(changes[1].kind, ColumnChange::Kind::TypeChanged);
        QCOMPARE(changes[1].after, "numeric(18,2)");
        QCOMPARE(changes[2].kind, ColumnChange::Kind::Added);
        QCOMPARE(changes[2].before, "");
        QCOMPARE(changes[3].kind, ColumnChange::Kind::Removed);
        QCOMPARE(changes[3].name, "gone");
        QCOMPARE(diffSchemas(orders({kId}), orders({kId}))[0].kind, ColumnChange::Kind::Unchanged);
    }
};

QTEST_GUILESS_MAIN(TestSchemaHistory)
#include "tst_schema_history.moc"
