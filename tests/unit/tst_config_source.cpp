// The pipeline-file loader on the source: its defaults (slot and publication named after the
// pipeline, tables in public unless qualified) and each mistake in it, at its line and column.

#include "config_loader_test.h"

#include "config/config_loader.h"

#include <QTest>

using namespace syncline;
using namespace syncline::test;

class TestConfigSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void appliesDefaults();
    void rejectsBadInput_data();
    void rejectsBadInput();
};

void TestConfigSource::initTestCase()
{
    setConfigTestEnvironment();
}

void TestConfigSource::appliesDefaults()
{
    const auto result =
        parse(lines({"pipeline: Shop-Replica.v2", "source:", "  type: postgres", "  dsn: host=a",
                     "  tables: [orders, sales.items]", "sinks:", "  - name: r1",
                     "    type: postgres", "    dsn: host=b", "  - name: r2", "    type: postgres",
                     "    dsn: host=c", "    create_tables: false", "    batch_max_changes: 100"}));
    REQUIRE_CONFIG(result);
    const auto &config = std::get<PipelineConfig>(result);
    QCOMPARE(config.source.slot, "syncline_shop_replica_v2");
    QCOMPARE(config.source.publication, "syncline_shop_replica_v2");
    QCOMPARE(config.source.tables, (std::vector<std::string>{"public.orders", "sales.items"}));
    QVERIFY(config.source.snapshot == SourceConfig::Snapshot::Initial);
    QCOMPARE(config.transport.type, "direct");
    QCOMPARE(config.transport.queueCapacity, 64);
    QCOMPARE(config.sinks.size(), size_t(2));
    QCOMPARE(config.sinks[0].createTables, true);
    QCOMPARE(config.sinks[0].batchMaxChanges, 5000);
    QCOMPARE(config.sinks[1].name, "r2");
    QCOMPARE(config.sinks[1].createTables, false);
    QCOMPARE(config.sinks[1].batchMaxChanges, 100);
    QCOMPARE(config.sinks[1].mark.line, 10);
    QCOMPARE(config.sinks[0].group, "syncline.Shop-Replica.v2.r1");
    QCOMPARE(config.sinks[1].group, "syncline.Shop-Replica.v2.r2");
    QVERIFY(config.hasSource);
    QVERIFY(config.transport.tables.empty());
    QCOMPARE(config.stateDir, std::filesystem::path("/pipelines/.syncline/Shop-Replica.v2"));
    QVERIFY(!config.verify.enabled);
}

void TestConfigSource::rejectsBadInput_data()
{
    addBadInputColumns();

    QTest::addRow("unknown key: source")
        << base().replace("  tables", "  slto: abc\n  tables") << 5 << 3
        << QByteArray("unknown key 'slto' in source (did you mean 'slot'?)");
    QTest::addRow("missing: source dsn")
        << base().replace("  dsn: \"host=a password=hunter2\"\n", "") << 2 << 1
        << QByteArray("missing required key 'dsn' in source");
    QTest::addRow("missing: source type")
        << base().replace("  type: postgres\n  dsn", "  dsn") << 2 << 1
        << QByteArray("missing required key 'type' in source");

    QTest::addRow("unknown source type")
        << base().replace("  type: postgres\n  dsn", "  type: oracle\n  dsn") << 3 << 9
        << QByteArray("unknown source type 'oracle' (known types: postgres, mysql)");
    QTest::addRow("wrong type: list")
        << base().replace("[orders]", "orders") << 5 << 11
        << QByteArray("'tables' must be a list of strings, not a single value");
    QTest::addRow("wrong type: list entry")
        << base().replace("[orders]", "[orders, [x]]") << 5 << 20
        << QByteArray("entries of 'tables' must be strings, not a list");
    QTest::addRow("wrong type: mapping")
        << lines({"pipeline: shop", "source: postgres", "sinks:", "  - name: replica",
                  "    type: postgres", "    dsn: x"})
        << 2 << 9 << QByteArray("'source' must be a mapping, not a single value");
    QTest::addRow("bad enum")
        << base().replace("  tables", "  snapshot: sometimes\n  tables") << 5 << 13
        << QByteArray("invalid value 'sometimes' for 'snapshot' (expected one of: initial, never)");
    QTest::addRow("empty tables") << base().replace("[orders]", "[]") << 5 << 11
                                  << QByteArray("'tables' must have at least 1 entry");
    QTest::addRow("bad table name")
        << base().replace("[orders]", "[public.orders.items]") << 5 << 12
        << QByteArray(
               "invalid entry 'public.orders.items' for 'tables' (expected a value matching");
    QTest::addRow("duplicate table")
        << base().replace("[orders]", "[orders, public.orders]") << 5 << 20
        << QByteArray("duplicate table 'public.orders' in 'tables'");
    QTest::addRow("bad slot name")
        << base().replace("  tables", "  slot: Bad-Slot\n  tables") << 5 << 9
        << QByteArray("invalid value 'Bad-Slot' for 'slot' (expected a value matching "
                      "[a-z0-9_]{1,63})");
    QTest::addRow("slot name too long")
        << base().replace("  tables", QByteArray("  slot: " + QByteArray(64, 'a') + "\n  tables"))
        << 5 << 9 << QByteArray("invalid value '" + QByteArray(64, 'a') + "' for 'slot'");
    QTest::addRow("pipeline name too long for the default slot")
        << base().replace("pipeline: shop", QByteArray("pipeline: " + QByteArray(55, 'p'))) << 1
        << 11 << QByteArray("the slot name derived from the pipeline name, 'syncline_ppp");
    QTest::addRow("no source: misspelt source")
        << base().replace("source:", "sorce:") << 2 << 1
        << QByteArray("unknown key 'sorce' (did you mean 'source'?)");
}

void TestConfigSource::rejectsBadInput()
{
    checkBadInputRow();
}

QTEST_GUILESS_MAIN(TestConfigSource)
#include "tst_config_source.moc"
