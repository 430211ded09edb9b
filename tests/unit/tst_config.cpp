#include "config/config_loader.h"
#include "config/diagnostics.h"
#include "config/property_reader.h"
#include "config/spelling.h"
#include "connector/registry.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cctype>
#include <initializer_list>
#include <yaml-cpp/yaml.h>

using namespace syncline;

namespace {

const char kExample[] = R"(pipeline: shop-replica
source:
  type: postgres
  dsn: "host=127.0.0.1 port=5432 dbname=shop user=app"
  slot: syncline_shop
  publication: syncline_shop
  tables: [public.customers, public.orders]
  snapshot: initial
transport:
  type: direct
sinks:
  - name: replica
    type: postgres
    dsn: "host=127.0.0.1 port=5433 dbname=shop_replica user=app"
    create_tables: true
state_dir: .syncline/shop-replica
)";

const std::filesystem::path kPretendFile = "/pipelines/shop.yaml";

QByteArray lines(std::initializer_list<const char *> text)
{
    QByteArray joined;
    for (const char *line : text)
        joined += QByteArray(line) + '\n';
    return joined;
}

// The small valid pipeline most bad-input rows start from (9 lines).
QByteArray base(std::initializer_list<const char *> extra = {})
{
    QByteArray text =
        lines({"pipeline: shop", "source:", "  type: postgres",
               "  dsn: \"host=a password=hunter2\"", "  tables: [orders]",
               "sinks:", "  - name: replica", "    type: postgres", "    dsn: \"host=b\""});
    for (const char *line : extra)
        text += QByteArray(line) + '\n';
    return text;
}

// base() with the kafka transport (lines 10-12); extra lines follow from line 13.
QByteArray kafkaBase(std::initializer_list<const char *> extra = {})
{
    QByteArray text = base({"transport:", "  type: kafka", "  brokers: embedded"});
    for (const char *line : extra)
        text += QByteArray(line) + '\n';
    return text;
}

// A valid pipeline without a source, consuming the topics of its transport's tables (9 lines).
QByteArray sinkOnly()
{
    return lines({"pipeline: shop", "transport:", "  type: kafka", "  brokers: embedded",
                  "  tables: [orders]", "sinks:", "  - name: replica", "    type: postgres",
                  "    dsn: \"host=b\""});
}

// base() with its sink an http sink (url on line 9); extra lines follow from line 10.
QByteArray httpBase(std::initializer_list<const char *> extra = {})
{
    QByteArray text = base().replace("    type: postgres\n    dsn: \"host=b\"\n",
                                     "    type: http\n    url: \"http://127.0.0.1:9/hook\"\n");
    for (const char *line : extra)
        text += QByteArray(line) + '\n';
    return text;
}

QByteArray describe(const std::vector<ConfigError> &errors)
{
    QByteArray text;
    for (const auto &error : errors)
        text += QByteArray::fromStdString(error.toString()) + '\n';
    return text;
}

std::vector<ConfigError> errorsOf(const PipelineConfigResult &result)
{
    const auto *errors = std::get_if<std::vector<ConfigError>>(&result);
    return errors ? *errors : std::vector<ConfigError>();
}

PipelineConfigResult parse(const QByteArray &yaml)
{
    return parsePipelineConfig(std::string_view(yaml.constData(), size_t(yaml.size())),
                               kPretendFile);
}

#define REQUIRE_CONFIG(result)                                                                     \
    QVERIFY2(std::holds_alternative<PipelineConfig>(result), describe(errorsOf(result)).constData())

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void loadsExample();
    void appliesDefaults();
    void loadsHttpSink();
    void loadsVerifySchedule_data();
    void loadsVerifySchedule();
    void resolvesStateDir_data();
    void resolvesStateDir();
    void expandsEnvironment();
    void readsSecretFiles();
    void loadsKafkaPipeline();
    void appliesKafkaDefaults();
    void loadsSinkOnlyPipeline_data();
    void loadsSinkOnlyPipeline();

    void rejectsBadInput_data();
    void rejectsBadInput();
    void reportsAllErrorsTogether();
    void reportsAllKafkaErrorsTogether();
    void neverShowsSecrets();
    void reportsMissingFile();
    void formatsErrors_data();
    void formatsErrors();

    void measuresEditDistance_data();
    void measuresEditDistance();
    void looksUpConnectors();
    void rendersMarkdown();
};

void TestConfig::initTestCase()
{
    qunsetenv("SYNCLINE_TEST_UNSET");
    qputenv("SYNCLINE_TEST_PASSWORD", "s3cret");
    qputenv("SYNCLINE_TEST_CAPACITY", "8");
    qputenv("SYNCLINE_TEST_KAFKA_USER", "shop-app");
}

void TestConfig::loadsExample()
{
    const auto result = parse(kExample);
    REQUIRE_CONFIG(result);
    const auto &config = std::get<PipelineConfig>(result);
    QCOMPARE(config.file, kPretendFile);
    QCOMPARE(config.name, "shop-replica");
    QCOMPARE(config.source.dsn, "host=127.0.0.1 port=5432 dbname=shop user=app");
    QCOMPARE(config.source.slot, "syncline_shop");
    QCOMPARE(config.source.publication, "syncline_shop");
    QCOMPARE(config.source.tables, (std::vector<std::string>{"public.customers", "public.orders"}));
    QCOMPARE(config.source.tablesMark.line, 7);
    QCOMPARE(config.source.tablesMark.column, 11);
    QVERIFY(config.source.snapshot == SourceConfig::Snapshot::Initial);
    QCOMPARE(config.transport.type, "direct");
    QCOMPARE(config.transport.queueCapacity, 64);
    QCOMPARE(config.sinks.size(), size_t(1));
    const auto &sink = config.sinks.front();
    QCOMPARE(sink.name, "replica");
    QCOMPARE(sink.type, "postgres");
    QCOMPARE(sink.dsn, "host=127.0.0.1 port=5433 dbname=shop_replica user=app");
    QCOMPARE(sink.createTables, true);
    QCOMPARE(sink.batchMaxChanges, 5000);
    QCOMPARE(sink.group, "syncline.shop-replica.replica");
    QCOMPARE(sink.mark.line, 12);
    QCOMPARE(sink.mark.column, 5);
    QCOMPARE(config.stateDir, std::filesystem::path("/pipelines/.syncline/shop-replica"));
}

void TestConfig::appliesDefaults()
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

void TestConfig::loadsHttpSink()
{
    qputenv("SYNCLINE_TEST_WEBHOOK_SECRET", "s3cret");
    const auto result = parse(httpBase({"    format: debezium", "    batch_size: 50",
                                        "    secret: "
                                        "${SYNCLINE_TEST_WEBHOOK_SECRET}",
                                        "    headers:", "      Authorization: Bearer t0ken",
                                        "    timeout_s: 5", "    max_in_flight: 8"}));
    REQUIRE_CONFIG(result);
    const auto &sink = std::get<PipelineConfig>(result).sinks.front();
    QCOMPARE(sink.type, "http");
    QCOMPARE(sink.http.url, "http://127.0.0.1:9/hook");
    QCOMPARE(sink.http.format, "debezium");
    QCOMPARE(sink.batchMaxChanges, 50);
    QCOMPARE(sink.http.secret, "s3cret");
    QCOMPARE(sink.http.timeoutSeconds, 5);
    QCOMPARE(sink.http.maxInFlight, 8);
    QCOMPARE(sink.http.connectTimeoutSeconds, 10);
    QCOMPARE(sink.http.headers.size(), size_t(1));
    QCOMPARE(sink.http.headers.front().second, "Bearer t0ken");

    const auto defaults = parse(httpBase());
    REQUIRE_CONFIG(defaults);
    const auto &plain = std::get<PipelineConfig>(defaults).sinks.front();
    QCOMPARE(plain.http.format, "compact");
    QCOMPARE(plain.batchMaxChanges, 500);
    QCOMPARE(plain.http.maxInFlight, 4);
    QVERIFY(plain.http.secret.empty());

    // Through Kafka too: the sink keeps the consumer group's offsets in its state directory.
    const auto kafka = parse(httpBase({"transport:", "  type: kafka", "  brokers: embedded"}));
    REQUIRE_CONFIG(kafka);
    QVERIFY(std::get<PipelineConfig>(kafka).transport.isKafka());
}

void TestConfig::loadsVerifySchedule_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<int>("rowsPerSecond");
    QTest::addColumn<QStringList>("tables");
    QTest::addColumn<QStringList>("sinks");
    QTest::addRow("every only") << base({"verify:", "  every: 6h"}) << 6 * 3600 << 100000
                                << QStringList() << QStringList();
    QTest::addRow("flow mapping, all fields")
        << base({"verify: {every: 1h30m, tables: [orders], sinks: [replica], "
                 "max_rows_per_second: 5000}"})
        << 5400 << 5000 << QStringList{QStringLiteral("public.orders")}
        << QStringList{QStringLiteral("replica")};
    QTest::addRow("days, no limit") << base({"verify:", "  every: 1d", "  max_rows_per_second: 0"})
                                    << 86400 << 0 << QStringList() << QStringList();
    QTest::addRow("seconds") << base({"verify:", "  every: 45s"}) << 45 << 100000 << QStringList()
                             << QStringList();
}

void TestConfig::loadsVerifySchedule()
{
    QFETCH(QByteArray, yaml);
    const auto result = parse(yaml);
    REQUIRE_CONFIG(result);
    const auto &verify = std::get<PipelineConfig>(result).verify;
    QVERIFY(verify.enabled);
    QTEST(int(verify.everySeconds), "seconds");
    QTEST(int(verify.maxRowsPerSecond), "rowsPerSecond");
    QStringList tables, sinks;
    for (const auto &table : verify.tables)
        tables.append(QString::fromStdString(table));
    for (const auto &sink : verify.sinks)
        sinks.append(QString::fromStdString(sink));
    QTEST(tables, "tables");
    QTEST(sinks, "sinks");
}

void TestConfig::resolvesStateDir_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");
    QTest::addRow("default") << QByteArray() << QStringLiteral("/pipelines/.syncline/shop");
    QTest::addRow("relative") << QByteArray("state_dir: ../var/state")
                              << QStringLiteral("/var/state");
    QTest::addRow("absolute") << QByteArray("state_dir: /srv/syncline/")
                              << QStringLiteral("/srv/syncline/");
}

void TestConfig::resolvesStateDir()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const auto result = parse(base() + line);
    REQUIRE_CONFIG(result);
    QCOMPARE(std::get<PipelineConfig>(result).stateDir,
             std::filesystem::path(expected.toStdString()));
}

void TestConfig::expandsEnvironment()
{
    const auto result =
        parse(base({"transport:", "  queue_capacity: ${SYNCLINE_TEST_CAPACITY}",
                    "state_dir: \"/tmp/$${NOT_EXPANDED}/${SYNCLINE_TEST_CAPACITY}$$x$\""})
                  .replace("password=hunter2", "password=${SYNCLINE_TEST_PASSWORD}"));
    REQUIRE_CONFIG(result);
    const auto &config = std::get<PipelineConfig>(result);
    QCOMPARE(config.source.dsn, "host=a password=s3cret");
    QCOMPARE(config.transport.queueCapacity, 8);
    QCOMPARE(config.stateDir, std::filesystem::path("/tmp/${NOT_EXPANDED}/8$$x$"));
}

void TestConfig::readsSecretFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("secrets")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("secrets/source.dsn")),
                      "host=a password=from-file\n"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("sink.dsn")), "host=b password=x\r\n"));
    const QByteArray sinkSecret =
        "    dsn: file:" + dir.filePath(QStringLiteral("sink.dsn")).toUtf8();
    QByteArray yaml = base().replace("\"host=a password=hunter2\"", "file:secrets/source.dsn");
    yaml.replace("    dsn: \"host=b\"", sinkSecret);
    const QString file = dir.filePath(QStringLiteral("shop.yaml"));
    QVERIFY(writeFile(file, yaml));

    const auto result = loadPipelineConfig(file.toStdString());
    REQUIRE_CONFIG(result);
    const auto &config = std::get<PipelineConfig>(result);
    QCOMPARE(config.file, std::filesystem::path(file.toStdString()));
    QCOMPARE(config.source.dsn, "host=a password=from-file");
    QCOMPARE(config.sinks.front().dsn, "host=b password=x");
    QCOMPARE(config.stateDir,
             std::filesystem::path(dir.filePath(QStringLiteral(".syncline/shop")).toStdString()));
}

void TestConfig::loadsKafkaPipeline()
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

void TestConfig::appliesKafkaDefaults()
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

void TestConfig::loadsSinkOnlyPipeline_data()
{
    QTest::addColumn<QByteArray>("tables");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("one table") << QByteArray("[orders]")
                               << QStringList{QStringLiteral("public.orders")};
    QTest::addRow("qualified and not")
        << QByteArray("[sales.items, orders]")
        << QStringList{QStringLiteral("sales.items"), QStringLiteral("public.orders")};
}

void TestConfig::loadsSinkOnlyPipeline()
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

void TestConfig::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QByteArray>("message");

    QTest::addRow("syntax: map value in a scalar")
        << base().replace("  type: postgres\n  dsn", "  type: postgres: x\n  dsn") << 3 << 17
        << QByteArray("YAML syntax: illegal map value");
    QTest::addRow("syntax: tab indentation") << base().replace("  tables", "\ttables") << 5 << 2
                                             << QByteArray("YAML syntax: end of map not found");
    QTest::addRow("syntax: unclosed flow list")
        << base().replace("[orders]", "[orders") << 6 << 6
        << QByteArray("YAML syntax: end of sequence flow not found");
    // Found by tests/fuzz: yaml-cpp 0.7's LoadAll() never returned on it.
    QTest::addRow("syntax: lone comma")
        << QByteArray(",\n") << 1 << 1 << QByteArray("YAML syntax: unexpected ','");
    QTest::addRow("empty file") << QByteArray("# nothing\n") << 0 << 0
                                << QByteArray("the pipeline file is empty");
    QTest::addRow("not a mapping") << lines({"- a", "- b"}) << 1 << 1
                                   << QByteArray("a pipeline file must be a mapping, not a list");
    QTest::addRow("two documents") << base({"---", "pipeline: other"}) << 11 << 1
                                   << QByteArray("a pipeline file holds one YAML document, not 2");

    QTest::addRow("unknown key: top level")
        << base({"state_dri: /tmp/x"}) << 10 << 1
        << QByteArray("unknown key 'state_dri' (did you mean 'state_dir'?)");
    QTest::addRow("unknown key: source")
        << base().replace("  tables", "  slto: abc\n  tables") << 5 << 3
        << QByteArray("unknown key 'slto' in source (did you mean 'slot'?)");
    QTest::addRow("unknown key: transport")
        << base({"transport:", "  queue_capacty: 8"}) << 11 << 3
        << QByteArray("unknown key 'queue_capacty' in transport (did you mean 'queue_capacity'?)");
    QTest::addRow("unknown key: sink")
        << base({"    create_table: false"}) << 10 << 5
        << QByteArray("unknown key 'create_table' in sinks[0] (did you mean 'create_tables'?)");
    QTest::addRow("unknown key: misspelt required key")
        << base().replace("pipeline: shop", "pipline: shop") << 1 << 1
        << QByteArray("unknown key 'pipline' (did you mean 'pipeline'?)");
    QTest::addRow("unknown key: no near match")
        << base({"colour: blue"}) << 10 << 1
        << QByteArray("unknown key 'colour' (expected one of: pipeline, source, transforms, "
                      "allow_unmasked, transport, sinks, verify, metrics, alerts, state_dir)");
    QTest::addRow("duplicate key") << base().replace("  tables", "  dsn: x\n  tables") << 5 << 3
                                   << QByteArray("duplicate key 'dsn' in source (first at line 4)");

    QTest::addRow("missing: pipeline") << base().replace("pipeline: shop\n", "") << 1 << 1
                                       << QByteArray("missing required key 'pipeline'");
    QTest::addRow("missing: source dsn")
        << base().replace("  dsn: \"host=a password=hunter2\"\n", "") << 2 << 1
        << QByteArray("missing required key 'dsn' in source");
    QTest::addRow("missing: source type")
        << base().replace("  type: postgres\n  dsn", "  dsn") << 2 << 1
        << QByteArray("missing required key 'type' in source");
    QTest::addRow("missing: sink dsn") << base().replace("    dsn: \"host=b\"\n", "") << 7 << 5
                                       << QByteArray("missing required key 'dsn' in sinks[0]");
    QTest::addRow("missing: sinks") << base().left(base().indexOf("sinks:")) << 1 << 1
                                    << QByteArray("missing required key 'sinks'");
    QTest::addRow("missing: value")
        << base().replace("  dsn: \"host=a password=hunter2\"", "  dsn:") << 4 << 3
        << QByteArray("'dsn' has no value");

    QTest::addRow("unknown source type")
        << base().replace("  type: postgres\n  dsn", "  type: oracle\n  dsn") << 3 << 9
        << QByteArray("unknown source type 'oracle' (known types: postgres, mysql)");
    QTest::addRow("unknown transport type")
        << base({"transport:", "  type: mq"}) << 11 << 9
        << QByteArray("unknown transport type 'mq' (known types: direct, kafka)");

    QTest::addRow("wrong type: integer")
        << base({"transport:", "  queue_capacity: many"}) << 11 << 19
        << QByteArray("invalid value 'many' for 'queue_capacity' (expected an integer)");
    QTest::addRow("wrong type: integer below minimum")
        << base({"transport:", "  queue_capacity: 0"}) << 11 << 19
        << QByteArray("invalid value '0' for 'queue_capacity' (expected at least 1)");
    QTest::addRow("wrong type: boolean")
        << base({"    create_tables: yes"}) << 10 << 20
        << QByteArray("invalid value 'yes' for 'create_tables' (expected true or false)");
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
    QTest::addRow("wrong type: sinks")
        << base().left(base().indexOf("sinks:")) + "sinks: replica\n"
        << 6 << 8 << QByteArray("'sinks' must be a list of mappings, not a single value");
    QTest::addRow("wrong type: sink entry")
        << base().left(base().indexOf("sinks:")) + "sinks:\n  - replica\n"
        << 7 << 5 << QByteArray("entries of 'sinks' must be mappings, not a single value");
    QTest::addRow("bad enum")
        << base().replace("  tables", "  snapshot: sometimes\n  tables") << 5 << 13
        << QByteArray("invalid value 'sometimes' for 'snapshot' (expected one of: initial, never)");

    QTest::addRow("duplicate sink names")
        << base({"  - name: replica", "    type: postgres", "    dsn: x"}) << 10 << 11
        << QByteArray("duplicate sink name 'replica' (first at line 7)");
    QTest::addRow("empty sinks") << base().left(base().indexOf("sinks:")) + "sinks: []\n"
                                 << 6 << 8 << QByteArray("'sinks' must have at least 1 entry");
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
    QTest::addRow("bad pipeline name")
        << base().replace("pipeline: shop", "pipeline: \"shop replica\"") << 1 << 11
        << QByteArray("invalid value 'shop replica' for 'pipeline' (expected a value matching "
                      "[A-Za-z0-9_.-]+)");
    // Found by tests/fuzz: std::regex overflowed the stack on a long name.
    QTest::addRow("pipeline name of 100,000 characters")
        << base().replace("pipeline: shop", QByteArray("pipeline: " + QByteArray(100000, 'p'))) << 1
        << 11
        << QByteArray("invalid value '" + QByteArray(64, 'p') +
                      "...' for 'pipeline' (expected at most 255 characters)");
    QTest::addRow("pipeline name too long for the default slot")
        << base().replace("pipeline: shop", QByteArray("pipeline: " + QByteArray(55, 'p'))) << 1
        << 11 << QByteArray("the slot name derived from the pipeline name, 'syncline_ppp");

    QTest::addRow("verify: duration without a unit")
        << base({"verify:", "  every: 6"}) << 11 << 10
        << QByteArray("invalid value '6' for 'every' (expected a number and a unit, s, m, h or d, "
                      "as 30m, 6h or 1h30m)");
    QTest::addRow("verify: duration in words") << base({"verify:", "  every: 6 hours"}) << 11 << 10
                                               << QByteArray("invalid value '6 hours' for 'every'");
    QTest::addRow("verify: duration below minimum")
        << base({"verify:", "  every: 0s"}) << 11 << 10
        << QByteArray("invalid value '0s' for 'every' (expected at least 1s)");
    QTest::addRow("verify: missing every") << base({"verify:", "  tables: [orders]"}) << 10 << 1
                                           << QByteArray("missing required key 'every' in verify");
    QTest::addRow("verify: misspelt key")
        << base({"verify:", "  evry: 6h"}) << 11 << 3
        << QByteArray("unknown key 'evry' in verify (did you mean 'every'?)");
    QTest::addRow("verify: unknown sink")
        << base({"verify:", "  every: 6h", "  sinks: [replica, warehouse]"}) << 12 << 20
        << QByteArray("verify names sink 'warehouse', which the pipeline does not have");
    QTest::addRow("verify: table the source does not capture")
        << base({"verify:", "  every: 6h", "  tables: [customers]"}) << 12 << 12
        << QByteArray("verify names table 'public.customers', which is not one of the source's "
                      "tables");
    QTest::addRow("verify: negative rate limit")
        << base({"verify:", "  every: 6h", "  max_rows_per_second: -1"}) << 12 << 24
        << QByteArray("invalid value '-1' for 'max_rows_per_second' (expected at least 0)");
    QTest::addRow("verify: not a mapping")
        << base({"verify: 6h"}) << 10 << 9 << QByteArray("'verify' must be a mapping");

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
    QTest::addRow("no source: misspelt source")
        << base().replace("source:", "sorce:") << 2 << 1
        << QByteArray("unknown key 'sorce' (did you mean 'source'?)");
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

    QTest::addRow("unset environment variable")
        << base().replace("password=hunter2", "password=${SYNCLINE_TEST_UNSET}") << 4 << 8
        << QByteArray("environment variable 'SYNCLINE_TEST_UNSET' is not set in 'dsn'");
    QTest::addRow("unterminated reference")
        << base().replace("password=hunter2", "password=${SYNCLINE_TEST") << 4 << 8
        << QByteArray("unterminated '${' in 'dsn' (write '$${' for a literal '${')");
    QTest::addRow("bad variable name")
        << base().replace("password=hunter2", "password=${1X}") << 4 << 8
        << QByteArray("invalid environment variable name '1X' in 'dsn'");
    QTest::addRow("unreadable secret file")
        << base().replace("\"host=a password=hunter2\"", "file:missing.secret") << 4 << 8
        << QByteArray("cannot read the secret file '/pipelines/missing.secret' for 'dsn': No "
                      "such file or directory");
    QTest::addRow("http: secret written in the file")
        << httpBase({"    secret: hunter2"}) << 10 << 13
        << QByteArray("the secret is written in the file: give it as ${ENV_VARIABLE} or "
                      "file:/path/to/secret instead");
    QTest::addRow("http: url without a scheme")
        << httpBase().replace("http://127.0.0.1:9/hook", "127.0.0.1:9") << 9 << 10
        << QByteArray("invalid value '127.0.0.1:9' for 'url'");
    QTest::addRow("http: no request in flight")
        << httpBase({"    max_in_flight: 0"}) << 10 << 20
        << QByteArray("invalid value '0' for 'max_in_flight' (expected at least 1)");
    QTest::addRow("endless secret file")
        << base().replace("\"host=a password=hunter2\"", "file:/dev/zero") << 4 << 8
        << QByteArray("cannot read the secret file '/dev/zero' for 'dsn': larger than 1048576 "
                      "bytes");
}

void TestConfig::rejectsBadInput()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QByteArray, message);

    const auto errors = errorsOf(parse(yaml));
    QVERIFY2(errors.size() == 1, describe(errors).constData());
    const ConfigError &error = errors.front();
    QCOMPARE(error.file, kPretendFile);
    QVERIFY2(QByteArray::fromStdString(error.message).startsWith(message),
             describe(errors).constData());
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
    QVERIFY2(!QByteArray::fromStdString(error.message).contains("hunter2"),
             describe(errors).constData());
}

void TestConfig::reportsAllErrorsTogether()
{
    const auto errors = errorsOf(parse(lines({
        "pipeline: shop",           // 1
        "source:",                  // 2: missing dsn
        "  type: postgres",         // 3
        "  slto: x",                // 4: unknown key
        "  tables: []",             // 5: empty
        "transport:",               // 6
        "  queue_capacity: -1",     // 7: below minimum
        "sinks:",                   // 8
        "  - name: a",              // 9
        "    type: postgres",       // 10
        "    dsn: x",               // 11
        "  - name: a",              // 12: duplicate name
        "    type: postgres",       // 13
        "    dsn: y",               // 14
        "    batch_max_changes: 0", // 15: below minimum
    })));
    std::vector<std::pair<int, int>> positions;
    for (const auto &error : errors)
        positions.emplace_back(error.line, error.column);
    const std::vector<std::pair<int, int>> expected{{2, 1},  {4, 3},   {5, 11},
                                                    {7, 19}, {12, 11}, {15, 24}};
    QVERIFY2(positions == expected, describe(errors).constData());
}

void TestConfig::reportsAllKafkaErrorsTogether()
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

void TestConfig::neverShowsSecrets()
{
    const auto errors = errorsOf(parse(lines({
        "pipeline: shop",
        "source:",
        "  type: postgres",
        "  dsn: \"host=a password=hunter2 ${SYNCLINE_TEST_UNSET}\"",
        "  tables: [orders]",
        "sinks:",
        "  - name: replica",
        "    type: postgres",
        "    dsn: [\"password=hunter2\"]",
        "  - name: other",
        "    type: postgres",
        "    dsn: {password: hunter2}",
    })));
    QCOMPARE(errors.size(), size_t(3));
    QVERIFY2(!describe(errors).contains("hunter2"), describe(errors).constData());

    // A secret that fails its own check is reported without its value.
    const std::vector<PropertySpec> specs{
        {.name = "token", .type = PropertyType::String, .secret = true, .pattern = "[a-z]+"}};
    Diagnostics diagnostics(kPretendFile);
    readProperties(YAML::Load("token: HUNTER2"), specs, "test", {}, {diagnostics, "/"});
    const auto secretErrors = diagnostics.takeErrors();
    QCOMPARE(secretErrors.size(), size_t(1));
    QCOMPARE(secretErrors.front().message, "invalid value for 'token' (expected a value matching "
                                           "[a-z]+)");
}

void TestConfig::reportsMissingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path file = dir.filePath(QStringLiteral("absent.yaml")).toStdString();
    const auto errors = errorsOf(loadPipelineConfig(file));
    QCOMPARE(errors.size(), size_t(1));
    QCOMPARE(errors.front().file, file);
    QCOMPARE(errors.front().line, 0);
    QCOMPARE(errors.front().toString(),
             file.string() + ": error: cannot read the pipeline file: No such file or directory");
}

void TestConfig::formatsErrors_data()
{
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("located") << 12 << 5 << QByteArray("p.yaml:12:5: error: oops");
    QTest::addRow("whole file") << 0 << 0 << QByteArray("p.yaml: error: oops");
}

void TestConfig::formatsErrors()
{
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QByteArray, expected);
    const ConfigError error{"p.yaml", line, column, "oops"};
    QCOMPARE(QByteArray::fromStdString(error.toString()), expected);
}

void TestConfig::measuresEditDistance_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<int>("distance");
    QTest::addRow("same") << QByteArray("slot") << QByteArray("slot") << 0;
    QTest::addRow("case only") << QByteArray("Slot") << QByteArray("slot") << 0;
    QTest::addRow("swap") << QByteArray("slto") << QByteArray("slot") << 1;
    QTest::addRow("insert") << QByteArray("table") << QByteArray("tables") << 1;
    QTest::addRow("substitute") << QByteArray("dsm") << QByteArray("dsn") << 1;
    QTest::addRow("from empty") << QByteArray() << QByteArray("abc") << 3;
    QTest::addRow("unrelated") << QByteArray("type") << QByteArray("name") << 3;
}

void TestConfig::measuresEditDistance()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(int, distance);
    QCOMPARE(int(editDistance(a.toStdString(), b.toStdString())), distance);
    QCOMPARE(int(editDistance(b.toStdString(), a.toStdString())), distance);
}

void TestConfig::looksUpConnectors()
{
    const ConnectorSpec *source = findConnector(ConnectorKind::Source, "postgres");
    QVERIFY(source);
    QVERIFY(source->property("dsn")->secret);
    QVERIFY(source->property("dsn")->required);
    QVERIFY(!source->property("slot")->secret);
    QVERIFY(!source->property("nope"));
    QVERIFY(findConnector(ConnectorKind::Sink, "postgres"));
    QVERIFY(findConnector(ConnectorKind::Transport, "direct"));
    const ConnectorSpec *kafka = findConnector(ConnectorKind::Transport, "kafka");
    QVERIFY(kafka);
    QVERIFY(kafka->property("type")->required);
    QVERIFY(kafka->property("brokers")->required);
    QVERIFY(!kafka->property("tables")->required); // required without a source: the loader's rule
    QVERIFY(kafka->property("properties")->type == PropertyType::StringMap);
    QVERIFY(kafka->property("properties")->secret);
    QCOMPARE(typeName(*kafka->property("properties")), "mapping");
    QVERIFY(!kafka->property("queue_capacity"));
    QVERIFY(!findProperty(pipelineProperties(), "source")->required);
    QVERIFY(findConnector(ConnectorKind::Sink, "postgres")->property("group")->computedDefault);
    QCOMPARE(connectorTypes(ConnectorKind::Transport),
             (std::vector<std::string>{"direct", "kafka"}));
    QVERIFY(!findConnector(ConnectorKind::Sink, "kafka"));
    QVERIFY(!findConnector(ConnectorKind::Transport, "postgres"));
    QCOMPARE(defaultConnectorType(ConnectorKind::Transport), std::optional<std::string>("direct"));
    QCOMPARE(defaultConnectorType(ConnectorKind::Source), std::nullopt);
    QCOMPARE(connectorTypes(ConnectorKind::Sink),
             (std::vector<std::string>{"postgres", "redis", "http"}));
    QCOMPARE(closestMatch("snapshoot", {"slot", "snapshot"}),
             std::optional<std::string>("snapshot"));
    QCOMPARE(closestMatch("colour", {"slot", "snapshot"}), std::nullopt);
}

void TestConfig::rendersMarkdown()
{
    const QByteArray markdown = QByteArray::fromStdString(renderRegistryMarkdown());
    for (const auto &spec : pipelineProperties())
        QVERIFY2(
            markdown.contains(QByteArray("| `" + QByteArray::fromStdString(spec.name) + "` |")),
            spec.name.c_str());
    for (const auto &connector : connectorSpecs()) {
        QByteArray section = QByteArray::fromStdString(std::string(kindName(connector.kind)));
        section[0] = char(std::toupper(section[0]));
        const QByteArray heading =
            "### " + section + " `" + QByteArray::fromStdString(connector.type) + "`\n";
        QVERIFY2(markdown.contains(heading), heading.constData());
        const qsizetype start = markdown.indexOf(heading);
        const qsizetype end = markdown.indexOf("\n### ", start);
        const QByteArray table = markdown.mid(start, end < 0 ? -1 : end - start);
        for (const auto &spec : connector.properties)
            QVERIFY2(
                table.contains(QByteArray("| `" + QByteArray::fromStdString(spec.name) + "` |")),
                QByteArray(section + " " + QByteArray::fromStdString(spec.name)).constData());
    }
    QVERIFY(markdown.contains("### Source `postgres`\n"));
    QVERIFY(markdown.contains("### Transport `direct`\n"));
    QVERIFY(markdown.contains("### Transport `kafka`\n"));
    QVERIFY(markdown.contains("| `properties` | mapping (name: value) |  | no |"));
    QVERIFY(markdown.contains("Secret: values are never shown in messages; each may be given as "
                              "`file:<path>`."));
    QVERIFY(markdown.contains("### Sink `postgres`\n"));
    QVERIFY(markdown.contains("One of `initial`, `never`."));
    QVERIFY(markdown.contains("Secret"));
    // Every table row has exactly six cell borders (an unescaped '|' would add one).
    for (const QByteArray &row : markdown.split('\n')) {
        if (!row.startsWith('|'))
            continue;
        const qsizetype borders = row.count('|') - row.count("\\|");
        QVERIFY2(borders == 6, row.constData());
    }
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
