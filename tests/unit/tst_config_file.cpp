// The pipeline-file loader on the file as a whole: the README's example, YAML syntax and the
// document's shape, top-level keys and the pipeline name, state_dir, verify, ${VARIABLE} and
// file: values, and how errors are reported (all of them at once, never with a secret).

#include "config_loader_test.h"

#include "config/config_loader.h"
#include "config/diagnostics.h"
#include "config/property_reader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace syncline;
using namespace syncline::test;

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

class TestConfigFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void loadsExample();
    void loadsVerifySchedule_data();
    void loadsVerifySchedule();
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
};

void TestConfigFile::initTestCase()
{
    setConfigTestEnvironment();
}

void TestConfigFile::loadsExample()
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

void TestConfigFile::loadsVerifySchedule_data()
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

void TestConfigFile::loadsVerifySchedule()
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

void TestConfigFile::resolvesStateDir_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");
    QTest::addRow("default") << QByteArray() << QStringLiteral("/pipelines/.syncline/shop");
    QTest::addRow("relative") << QByteArray("state_dir: ../var/state")
                              << QStringLiteral("/var/state");
    QTest::addRow("absolute") << QByteArray("state_dir: /srv/syncline/")
                              << QStringLiteral("/srv/syncline/");
}

void TestConfigFile::resolvesStateDir()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const auto result = parse(base() + line);
    REQUIRE_CONFIG(result);
    QCOMPARE(std::get<PipelineConfig>(result).stateDir,
             std::filesystem::path(expected.toStdString()));
}

void TestConfigFile::expandsEnvironment()
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

void TestConfigFile::readsSecretFiles()
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

void TestConfigFile::rejectsBadInput_data()
{
    addBadInputColumns();

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
    QTest::addRow("missing: value")
        << base().replace("  dsn: \"host=a password=hunter2\"", "  dsn:") << 4 << 3
        << QByteArray("'dsn' has no value");
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
    QTest::addRow("endless secret file")
        << base().replace("\"host=a password=hunter2\"", "file:/dev/zero") << 4 << 8
        << QByteArray("cannot read the secret file '/dev/zero' for 'dsn': larger than 1048576 "
                      "bytes");
}

void TestConfigFile::rejectsBadInput()
{
    checkBadInputRow();
}

void TestConfigFile::reportsAllErrorsTogether()
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

void TestConfigFile::neverShowsSecrets()
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

void TestConfigFile::reportsMissingFile()
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

void TestConfigFile::formatsErrors_data()
{
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("located") << 12 << 5 << QByteArray("p.yaml:12:5: error: oops");
    QTest::addRow("whole file") << 0 << 0 << QByteArray("p.yaml: error: oops");
}

void TestConfigFile::formatsErrors()
{
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QByteArray, expected);
    const ConfigError error{"p.yaml", line, column, "oops"};
    QCOMPARE(QByteArray::fromStdString(error.toString()), expected);
}

QTEST_GUILESS_MAIN(TestConfigFile)
#include "tst_config_file.moc"
