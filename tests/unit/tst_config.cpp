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
    void resolvesStateDir_data();
    void resolvesStateDir();
    void expandsEnvironment();
    void readsSecretFiles();

    void rejectsBadInput_data();
    void rejectsBadInput();
    void reportsAllErrorsTogether();
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
    QVERIFY(config.source.snapshot == PostgresSourceConfig::Snapshot::Initial);
    QCOMPARE(config.transport.type, "direct");
    QCOMPARE(config.transport.queueCapacity, 64);
    QCOMPARE(config.sinks.size(), size_t(1));
    const auto &sink = config.sinks.front();
    QCOMPARE(sink.name, "replica");
    QCOMPARE(sink.type, "postgres");
    QCOMPARE(sink.dsn, "host=127.0.0.1 port=5433 dbname=shop_replica user=app");
    QCOMPARE(sink.createTables, true);
    QCOMPARE(sink.batchMaxChanges, 5000);
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
    QVERIFY(config.source.snapshot == PostgresSourceConfig::Snapshot::Initial);
    QCOMPARE(config.transport.type, "direct");
    QCOMPARE(config.transport.queueCapacity, 64);
    QCOMPARE(config.sinks.size(), size_t(2));
    QCOMPARE(config.sinks[0].createTables, true);
    QCOMPARE(config.sinks[0].batchMaxChanges, 5000);
    QCOMPARE(config.sinks[1].name, "r2");
    QCOMPARE(config.sinks[1].createTables, false);
    QCOMPARE(config.sinks[1].batchMaxChanges, 100);
    QCOMPARE(config.sinks[1].mark.line, 10);
    QCOMPARE(config.stateDir, std::filesystem::path("/pipelines/.syncline/Shop-Replica.v2"));
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
        << QByteArray("unknown key 'colour' (expected one of: pipeline, source, transport, sinks, "
                      "state_dir)");
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
        << base().replace("  type: postgres\n  dsn", "  type: mysql\n  dsn") << 3 << 9
        << QByteArray("unknown source type 'mysql' (known types: postgres)");
    QTest::addRow("unknown transport type")
        << base({"transport:", "  type: kafka"}) << 11 << 9
        << QByteArray("unknown transport type 'kafka' (known types: direct)");

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
    QTest::addRow("pipeline name too long for the default slot")
        << base().replace("pipeline: shop", QByteArray("pipeline: " + QByteArray(55, 'p'))) << 1
        << 11 << QByteArray("the slot name derived from the pipeline name, 'syncline_ppp");

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
    QVERIFY(!findConnector(ConnectorKind::Sink, "kafka"));
    QVERIFY(!findConnector(ConnectorKind::Transport, "postgres"));
    QCOMPARE(defaultConnectorType(ConnectorKind::Transport), std::optional<std::string>("direct"));
    QCOMPARE(defaultConnectorType(ConnectorKind::Source), std::nullopt);
    QCOMPARE(connectorTypes(ConnectorKind::Sink), std::vector<std::string>{"postgres"});
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
