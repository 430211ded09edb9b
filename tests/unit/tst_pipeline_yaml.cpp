// The designer's round trip: readPipelineYaml() then writePipelineYaml() loses nothing. Checked on
// the shipped examples and hand-written files (secrets as ${ENV} and file:, a kafka properties
// map, several sinks, keys the registry does not know, files with problems), by comparing the
// documents, the validated PipelineConfig and the written text (writing is a fixed point).

#include "config/config_loader.h"
#include "config/pipeline_yaml_reader.h"
#include "config/pipeline_yaml_writer.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>

using namespace syncline;

namespace {

const std::filesystem::path kFile = "/pipelines/designed.yaml";

PipelineDocument read(const std::string &text)
{
    auto result = readPipelineYaml(text, kFile);
    if (auto *error = std::get_if<ConfigError>(&result))
        qFatal("cannot read: %s", error->toString().c_str());
    return std::get<PipelineDocument>(std::move(result));
}

// The writer puts keys in registry order: compare documents by their keys' values.
PipelineDocument sorted(PipelineDocument document)
{
    auto sortSection = [](DocumentSection &section) {
        std::sort(section.entries.begin(), section.entries.end(),
                  [](const auto &a, const auto &b) { return a.key < b.key; });
    };
    sortSection(document.top);
    if (document.source)
        sortSection(*document.source);
    if (document.transport)
        sortSection(*document.transport);
    for (auto &sink : document.sinks)
        sortSection(sink);
    for (auto &step : document.transforms)
        sortSection(step);
    return document;
}

// What the engine would run, as one comparable text; or the errors.
std::string describe(const std::string &text)
{
    auto result = parsePipelineConfig(text, kFile);
    std::string out;
    if (auto *errors = std::get_if<std::vector<ConfigError>>(&result)) {
        std::vector<std::string> messages; // positions and order move when keys are reordered
        for (const auto &error : *errors)
            messages.push_back(error.message);
        std::sort(messages.begin(), messages.end());
        for (const auto &message : messages)
            out += message + "\n";
        return out;
    }
    const auto &config = std::get<PipelineConfig>(result);
    out = config.name + "|" + config.stateDir.string() + "|" + std::to_string(config.hasSource);
    const auto &s = config.source;
    out += "|src " + s.dsn + "|" + s.slot + "|" + s.publication + "|" +
           std::to_string(int(s.snapshot));
    for (const auto &table : s.tables)
        out += "," + table;
    const auto &t = config.transport;
    out += "|tr " + t.type + "|" + std::to_string(t.queueCapacity) + "|" + t.brokers + "|" +
           t.topicPrefix + "|" + std::to_string(t.partitions) + "|" +
           std::to_string(t.replicationFactor) + "|" + std::to_string(t.tombstones);
    for (const auto &[key, value] : t.properties)
        out += "," + key + "=" + value;
    for (const auto &table : t.tables)
        out += "," + table;
    for (const auto &sink : config.sinks) {
        out += "|sink " + sink.name + "|" + sink.type + "|" + sink.dsn + "|" +
               std::to_string(sink.createTables) + "|" + std::to_string(sink.batchMaxChanges) +
               "|" + sink.group + "|" + std::to_string(sink.maxRetries) + "|" +
               std::to_string(sink.stopOnError);
    }
    return out;
}

} // namespace

class TestPipelineYaml : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("SYNCLINE_TEST_DSN_PASSWORD", "hunter2");
        qputenv("SYNCLINE_TEST_KAFKA_PASSWORD", "s3cret");
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        const QDir examples(QStringLiteral(SYNCLINE_SOURCE_DIR "/resources/examples"));
        const auto files = examples.entryList({QStringLiteral("*.yaml")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString &name : files) {
            QFile file(examples.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QTest::addRow("example %s", qPrintable(name)) << file.readAll();
        }
        QTest::addRow("secrets as ${ENV} and file:")
            << QByteArray("pipeline: secrets\n"
                          "source:\n"
                          "  type: postgres\n"
                          "  dsn: \"host=a password=${SYNCLINE_TEST_DSN_PASSWORD}\"\n"
                          "  tables: [orders, sales.items]\n"
                          "sinks:\n"
                          "  - type: postgres\n"
                          "    name: replica\n"
                          "    dsn: ${SYNCLINE_TEST_DSN_PASSWORD}\n");
        QTest::addRow("kafka with a properties map and three sinks")
            << QByteArray("pipeline: fanout\n"
                          "state_dir: /var/lib/syncline/fanout\n"
                          "source: {type: postgres, dsn: host=a, tables: [orders]}\n"
                          "transport:\n"
                          "  tombstones: false\n"
                          "  type: kafka\n"
                          "  brokers: k1:9092,k2:9092\n"
                          "  partitions: 6\n"
                          "  properties:\n"
                          "    security.protocol: SASL_SSL\n"
                          "    sasl.mechanism: PLAIN\n"
                          "    sasl.password: ${SYNCLINE_TEST_KAFKA_PASSWORD}\n"
                          "sinks:\n"
                          "  - {name: a, type: postgres, dsn: host=b, max_retries: 0}\n"
                          "  - {name: b, type: postgres, dsn: host=c, on_error: stop}\n"
                          "  - name: c\n"
                          "    type: postgres\n"
                          "    dsn: host=d\n"
                          "    group: custom.group\n"
                          "    batch_max_changes: 10\n"
                          "    create_tables: false\n");
        QTest::addRow("transforms in order")
            << QByteArray("pipeline: private\n"
                          "source: {type: postgres, dsn: host=a, tables: [users]}\n"
                          "transforms:\n"
                          "  - with: redact\n"
                          "    type: mask\n"
                          "    columns: [\"*.name\"]\n"
                          "  - {type: mask, tagged: [\"pii:*\"], with: \"null\", x-note: kept}\n"
                          "allow_unmasked: [users.nickname]\n"
                          "sinks: [{name: x, type: postgres, dsn: host=e}]\n");
        QTest::addRow("sink-only kafka pipeline")
            << QByteArray("pipeline: consumer\n"
                          "transport: {type: kafka, brokers: embedded, tables: [a, b.c]}\n"
                          "sinks: [{name: x, type: postgres, dsn: host=e}]\n");
        QTest::addRow("strings that look like other things") << QByteArray(
            "pipeline: \"123\"\n"
            "source: {type: postgres, dsn: \"true\", slot: \"null\", tables: [\"x\"]}\n"
            "sinks: [{name: \"#1\", type: postgres, dsn: \": colon\"}]\n");
        QTest::addRow("unknown keys and nested values are kept")
            << QByteArray("pipeline: odd\n"
                          "x-owner: {team: data, oncall: [a, b]}\n"
                          "source: {type: postgres, dsn: a, tables: [t], slto: s}\n"
                          "sinks: [{name: x, type: postgres, dsn: b, extra: [[1, 2]]}]\n");
        // Found by tests/fuzz: a carriage return at the end of a value was written plainly and
        // read back as part of the line break.
        QTest::addRow("carriage returns in values and keys")
            << QByteArray("pipeline: \"cr\\r\"\n"
                          "x-note: \"a\\r\"\n"
                          "x-map: {\"k\\r\": \"v\\r\"}\n"
                          "source: {type: postgres, dsn: \"host=a\\r\", tables: [\"t\\r\"]}\n"
                          "sinks: [{name: x, type: postgres, dsn: b}]\n"
                          "x-last: at the end\r");
        QTest::addRow("problems stay problems") << QByteArray("pipeline: bad name\n"
                                                              "source: {type: mysql, dsn: ~}\n"
                                                              "transport: {queue_capacity: zero}\n"
                                                              "sinks: nothing\n");
    }

    void roundTrip()
    {
        QFETCH(QByteArray, yaml);
        const std::string original = yaml.toStdString();
        const PipelineDocument document = read(original);
        const std::string written = writePipelineYaml(document);
        QCOMPARE(sorted(read(written)), sorted(document));
        QCOMPARE(describe(written), describe(original));
        QCOMPARE(writePipelineYaml(read(written)), written);
    }

    void writesInRegistryOrder()
    {
        PipelineDocument document;
        document.top.set("state_dir", DocumentValue::scalar("/tmp/x"));
        document.top.set("pipeline", DocumentValue::scalar("made"));
        DocumentSection sink;
        sink.set("dsn", DocumentValue::scalar("${TARGET_DSN}"));
        sink.set("type", DocumentValue::scalar("postgres"));
        sink.set("name", DocumentValue::scalar("replica"));
        document.sinks.push_back(sink);
        QCOMPARE(writePipelineYaml(document), std::string("pipeline: made\n"
                                                          "sinks:\n"
                                                          "  - name: replica\n"
                                                          "    type: postgres\n"
                                                          "    dsn: ${TARGET_DSN}\n"
                                                          "state_dir: /tmp/x\n"));
    }

    // Transform steps are sections of their own, in the file's order, written back in that order
    // with their keys in the registry's order.
    void transformsAreSectionsInOrder()
    {
        const PipelineDocument document = read("pipeline: p\n"
                                               "transforms:\n"
                                               "  - {with: hash, type: mask, columns: [a]}\n"
                                               "  - {type: mask, with: redact, columns: [b]}\n");
        QCOMPARE(document.transforms.size(), std::size_t(2));
        QVERIFY(!document.top.find("transforms"));
        QCOMPARE(document.transforms[0].text("with"), std::string("hash"));
        QCOMPARE(document.transforms[1].text("with"), std::string("redact"));
        QCOMPARE(writePipelineYaml(document), std::string("pipeline: p\n"
                                                          "transforms:\n"
                                                          "  - type: mask\n"
                                                          "    columns: [a]\n"
                                                          "    with: hash\n"
                                                          "  - type: mask\n"
                                                          "    columns: [b]\n"
                                                          "    with: redact\n"));
    }

    void rejectsWhatIsNoMapping_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addRow("list") << QByteArray("- a\n- b\n");
        QTest::addRow("syntax") << QByteArray("pipeline: [a\n");
    }

    void rejectsWhatIsNoMapping()
    {
        QFETCH(QByteArray, yaml);
        QVERIFY(std::holds_alternative<ConfigError>(readPipelineYaml(yaml.toStdString(), kFile)));
    }
};

QTEST_GUILESS_MAIN(TestPipelineYaml)
#include "tst_pipeline_yaml.moc"
