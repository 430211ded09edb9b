// The pipeline-file loader on the transport: the kafka transport and its properties, pipelines
// without a source (sink-only, consuming the transport's tables), and each mistake in them, at its
// line and column.

#include "config_loader_test.h"

#include "config/config_loader.h"

#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::test;

class TestConfigTransport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void loadsKafkaPipeline();
    void appliesKafkaDefaults();
    void loadsSinkOnlyPipeline_data();
    void loadsSinkOnlyPipeline();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void reportsAllKafkaErrorsTogether();
};

void TestConfigTransport::initTestCase()
{
    setConfigTestEnvironment();
}

void TestConfigTransport::loadsKafkaPipeline()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(QStringLiteral("kafka.pass")), "from-file\n"));
    const QString file = dir.filePath(QStringLiteral("shop.yaml"));
    QVERIFY(writeFile(file, lines({
                                "pipeline: shop",
                                "source:",
                                "  type: postgres",
                                "  dsn: host=a",
                                "  tables: [orders]",
                                "transport:",
                                "  type: kafka",
                                "  brokers: \"k1:9092,k2:9092\"",
                                "  topic_prefix: cdc.shop",
                                "  partitions: 6",
                                "  replication_factor: 3",
                                "  tombstones: false",
                                "  properties:",
                                "    security.protocol: SASL_SSL",
                                "    sasl.username: ${SYNCLINE_TEST_KAFKA_USER}",
                                "    sasl.password: file:kafka.pass",
                                "    linger.ms: 5",
                                "    enable.idempotence: true",
                                "    client.id: \"$${literal}\"",
                                "sinks:",
                                "  - name: replica",
                                "    type: postgres",
                                "    dsn: host=b",
                                "    group: shop-replica-consumers",
                            })));

    const auto result = loadPipelineConfig(file.toStdString());
    REQUIRE_CONFIG(result);
    const auto &config = std::get<PipelineConfig>(result);
    QVERIFY(config.hasSource);
    QCOMPARE(config.source.tables, std::vector<std::string>{"public.orders"});
    const TransportConfig &transport = config.transport;
    QCOMPARE(transport.type, "kafka");
    QVERIFY(transport.isKafka());
    QVERIFY(!transport.isEmbeddedKafka());
    QCOMPARE(transport.brokers, "k1:9092,k2:9092");
    QCOMPARE(transport.topicPrefix, "cdc.shop");
    QCOMPARE(transport.partitions, 6);
    QCOMPARE(transport.replicationFactor, 3);
    QCOMPARE(transport.tombstones, false);
    QCOMPARE(transport.queueCapacity, 64);
    using Properties = std::vector<std::pair<std::string, std::string>>;
    QCOMPARE(transport.properties, (Properties{{"security.protocol", "SASL_SSL"},
                                               {"sasl.username", "shop-app"},
                                               {"sasl.password", "from-file"},
                                               {"linger.ms", "5"},
                                               {"enable.idempotence", "true"},
                                               {"client.id", "${literal}"}}));
    QVERIFY(transport.tables.empty());
    QCOMPARE(config.sinks.size(), size_t(1));
    QCOMPARE(config.sinks.front().group, "shop-replica-consumers");
}

void TestConfigTransport::appliesKafkaDefaults()
{
    const auto defaults =
        parse(lines({"pipeline: Shop-Replica.v2", "source:", "  type: postgres", "  dsn: host=a",
                     "  tables: [orders]", "transport:", "  type: kafka", "  brokers: embedded",
                     "  properties: {}", "sinks:", "  - name: r1", "    type: postgres",
                     "    dsn: host=b", "  - name: r2", "    type: postgres", "    dsn: host=c"}));
    REQUIRE_CONFIG(defaults);
    const auto &config = std::get<PipelineConfig>(defaults);
    const TransportConfig &transport = config.transport;
    QVERIFY(transport.isEmbeddedKafka());
    QCOMPARE(transport.topicPrefix, "Shop-Replica.v2");
    QCOMPARE(transport.partitions, 1);
    QCOMPARE(transport.replicationFactor, 1);
    QCOMPARE(transport.tombstones, true);
    QCOMPARE(transport.queueCapacity, 64);
    QVERIFY(transport.properties.empty());
    QVERIFY(transport.tables.empty());
    QCOMPARE(config.sinks.size(), size_t(2));
    QCOMPARE(config.sinks[0].group, "syncline.Shop-Replica.v2.r1");
    QCOMPARE(config.sinks[1].group, "syncline.Shop-Replica.v2.r2");
}

void TestConfigTransport::loadsSinkOnlyPipeline_data()
{
    QTest::addColumn<QByteArray>("tables");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("one table") << QByteArray("[orders]")
                               << QStringList{QStringLiteral("public.orders")};
    QTest::addRow("qualified and not")
        << QByteArray("[sales.items, orders]")
        << QStringList{QStringLiteral("sales.items"), QStringLiteral("public.orders")};
}

void TestConfigTransport::loadsSinkOnlyPipeline()
{
    QFETCH(QByteArray, tables);
    QFETCH(QStringList, expected);
    const auto result = parse(sinkOnly().replace("[orders]", tables));
    REQUIRE_CONFIG(result);
    const auto &config = std::get<PipelineConfig>(result);
    QVERIFY(!config.hasSource);
    QVERIFY(config.source.tables.empty());
    QVERIFY(config.source.dsn.empty());
    QVERIFY(config.transport.isEmbeddedKafka());
    QCOMPARE(config.transport.topicPrefix, "shop");
    std::vector<std::string> expectedTables;
    for (const QString &table : expected)
        expectedTables.push_back(table.toStdString());
    QCOMPARE(config.transport.tables, expectedTables);
    QCOMPARE(config.sinks.size(), size_t(1));
    QCOMPARE(config.sinks.front().group, "syncline.shop.replica");
    QCOMPARE(config.stateDir, std::filesystem::path("/pipelines/.syncline/shop"));
}

void TestConfigTransport::rejectsBadInput_data()
{
    addBadInputColumns();

    QTest::addRow("unknown key: transport")
        << base({"transport:", "  queue_capacty: 8"}) << 11 << 3
        << QByteArray("unknown key 'queue_capacty' in transport (did you mean 'queue_capacity'?)");
    QTest::addRow("unknown transport type")
        << base({"transport:", "  type: mq"}) << 11 << 9
        << QByteArray("unknown transport type 'mq' (known types: direct, kafka)");

    QTest::addRow("wrong type: integer")
        << base({"transport:", "  queue_capacity: many"}) << 11 << 19
        << QByteArray("invalid value 'many' for 'queue_capacity' (expected an integer)");
    QTest::addRow("wrong type: integer below minimum")
        << base({"transport:", "  queue_capacity: 0"}) << 11 << 19
        << QByteArray("invalid value '0' for 'queue_capacity' (expected at least 1)");

    QTest::addRow("kafka: missing brokers")
        << base({"transport:", "  type: kafka"}) << 10 << 1
        << QByteArray("missing required key 'brokers' in transport");
    QTest::addRow("kafka: queue_capacity is direct's")
        << kafkaBase({"  queue_capacity: 8"}) << 13 << 3
        << QByteArray("unknown key 'queue_capacity' in transport");
    QTest::addRow("kafka: bad topic_prefix")
        << kafkaBase({"  topic_prefix: \"cdc shop\""}) << 13 << 17
        << QByteArray("invalid value 'cdc shop' for 'topic_prefix' (expected a value matching "
                      "[A-Za-z0-9._-]+)");
    QTest::addRow("kafka: partitions below minimum")
        << kafkaBase({"  partitions: 0"}) << 13 << 15
        << QByteArray("invalid value '0' for 'partitions' (expected at least 1)");
    QTest::addRow("kafka: replication_factor below minimum")
        << kafkaBase({"  replication_factor: 0"}) << 13 << 23
        << QByteArray("invalid value '0' for 'replication_factor' (expected at least 1)");
    QTest::addRow("kafka: tombstones not a boolean")
        << kafkaBase({"  tombstones: maybe"}) << 13 << 15
        << QByteArray("invalid value 'maybe' for 'tombstones' (expected true or false)");
    QTest::addRow("kafka: tables beside a source")
        << kafkaBase({"  tables: [orders]"}) << 13 << 3
        << QByteArray("'tables' in transport is only for a pipeline without a source (this one "
                      "consumes its source's tables)");

    QTest::addRow("properties: no value")
        << kafkaBase({"  properties:"}) << 13 << 3 << QByteArray("'properties' has no value");
    QTest::addRow("properties: a list") << kafkaBase({"  properties: [hunter2]"}) << 13 << 15
                                        << QByteArray("'properties' must be a mapping, not a list");
    QTest::addRow("properties: a single value")
        << kafkaBase({"  properties: sasl.password=hunter2"}) << 13 << 15
        << QByteArray("'properties' must be a mapping, not a single value");
    QTest::addRow("properties: list value")
        << kafkaBase({"  properties:", "    sasl.password: [hunter2]"}) << 14 << 20
        << QByteArray("'sasl.password' in 'properties' must be a single value, not a list");
    QTest::addRow("properties: mapping value")
        << kafkaBase({"  properties:", "    sasl.jaas: {password: hunter2}"}) << 14 << 16
        << QByteArray("'sasl.jaas' in 'properties' must be a single value, not a mapping");
    QTest::addRow("properties: entry without value")
        << kafkaBase({"  properties:", "    sasl.password:"}) << 14 << 5
        << QByteArray("'sasl.password' in 'properties' has no value");
    QTest::addRow("properties: duplicate key")
        << kafkaBase({"  properties:", "    sasl.password: hunter2", "    sasl.password: hunter2"})
        << 15 << 5
        << QByteArray("duplicate key 'sasl.password' in 'properties' (first at line 14)");
    QTest::addRow("properties: list as key")
        << kafkaBase({"  properties:", "    [a, b]: hunter2"}) << 14 << 5
        << QByteArray("keys in 'properties' must be plain names, not a list");
    QTest::addRow("properties: empty key")
        << kafkaBase({"  properties:", "    \"\": hunter2"}) << 14 << 5
        << QByteArray("keys in 'properties' must be plain names, not empty");
    QTest::addRow("properties: unset environment variable")
        << kafkaBase({"  properties:", "    sasl.password: \"hunter2${SYNCLINE_TEST_UNSET}\""})
        << 14 << 20
        << QByteArray("environment variable 'SYNCLINE_TEST_UNSET' is not set in 'sasl.password'");
    QTest::addRow("properties: unreadable secret file")
        << kafkaBase({"  properties:", "    sasl.password: file:missing.pass"}) << 14 << 20
        << QByteArray("cannot read the secret file '/pipelines/missing.pass' for 'sasl.password'");

    QTest::addRow("no source: default transport")
        << lines({"pipeline: shop", "sinks:", "  - name: replica", "    type: postgres",
                  "    dsn: x"})
        << 1 << 1
        << QByteArray("missing required key 'source' (only a pipeline with the kafka transport "
                      "may leave it out)");
    QTest::addRow("no source: direct transport")
        << sinkOnly().replace("  type: kafka\n  brokers: embedded\n  tables: [orders]\n",
                              "  type: direct\n")
        << 1 << 1 << QByteArray("missing required key 'source' (only a pipeline with the kafka");
    QTest::addRow("no source: kafka without tables")
        << sinkOnly().replace("  tables: [orders]\n", "") << 2 << 1
        << QByteArray("missing required key 'tables' in transport (a pipeline without a source "
                      "consumes the topics of the tables listed there)");
    QTest::addRow("no source: misspelt tables")
        << sinkOnly().replace("  tables:", "  tabels:") << 5 << 3
        << QByteArray("unknown key 'tabels' in transport (did you mean 'tables'?)");
    QTest::addRow("no source: unknown transport type")
        << sinkOnly().replace("type: kafka", "type: kafak") << 3 << 9
        << QByteArray("unknown transport type 'kafak' (known types: direct, kafka)");
    QTest::addRow("no source: transport not a mapping")
        << lines({"pipeline: shop", "transport: kafka", "sinks:", "  - name: replica",
                  "    type: postgres", "    dsn: x"})
        << 2 << 12 << QByteArray("'transport' must be a mapping, not a single value");
    QTest::addRow("no source: bad table name")
        << sinkOnly().replace("[orders]", "[a.b.c]") << 5 << 12
        << QByteArray("invalid entry 'a.b.c' for 'tables' (expected a value matching");
    QTest::addRow("no source: empty tables") << sinkOnly().replace("[orders]", "[]") << 5 << 11
                                             << QByteArray("'tables' must have at least 1 entry");
    QTest::addRow("no source: duplicate table")
        << sinkOnly().replace("[orders]", "[orders, public.orders]") << 5 << 20
        << QByteArray("duplicate table 'public.orders' in 'tables'");
}

void TestConfigTransport::rejectsBadInput()
{
    checkBadInputRow();
}

void TestConfigTransport::reportsAllKafkaErrorsTogether()
{
    const auto errors = errorsOf(parse(lines({
        "pipeline: shop",               // 1
        "transport:",                   // 2: no source, and no tables
        "  type: kafka",                // 3
        "  brokers: embedded",          // 4
        "  partitions: 0",              // 5: below minimum
        "  properties:",                // 6
        "    sasl.password: [hunter2]", // 7: not a single value
        "    sasl.password: hunter2",   // 8: duplicate key
        "sinks:",                       // 9
        "  - name: replica",            // 10
        "    type: postgres",           // 11
        "    dsn: x",                   // 12
        "    grup: g",                  // 13: unknown key
    })));
    std::vector<std::pair<int, int>> positions;
    for (const auto &error : errors)
        positions.emplace_back(error.line, error.column);
    const std::vector<std::pair<int, int>> expected{{2, 1}, {5, 15}, {7, 20}, {8, 5}, {13, 5}};
    QVERIFY2(positions == expected, describe(errors).constData());
    QVERIFY2(!describe(errors).contains("hunter2"), describe(errors).constData());
    QVERIFY2(errors.back().message.find("did you mean 'group'?") != std::string::npos,
             describe(errors).constData());
}

QTEST_GUILESS_MAIN(TestConfigTransport)
#include "tst_config_transport.moc"
