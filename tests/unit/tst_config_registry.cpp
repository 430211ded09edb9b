// The connector registry the loader reads its keys from: lookups, the Markdown reference rendered
// from it, and the edit distance behind "did you mean".

#include "config/config_loader.h"
#include "config/spelling.h"
#include "connector/registry.h"

#include <QTest>

#include <cctype>

using namespace syncline;

class TestConfigRegistry : public QObject
{
    Q_OBJECT

private slots:
    void measuresEditDistance_data();
    void measuresEditDistance();
    void looksUpConnectors();
    void rendersMarkdown();
};

void TestConfigRegistry::measuresEditDistance_data()
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

void TestConfigRegistry::measuresEditDistance()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(int, distance);
    QCOMPARE(int(editDistance(a.toStdString(), b.toStdString())), distance);
    QCOMPARE(int(editDistance(b.toStdString(), a.toStdString())), distance);
}

void TestConfigRegistry::looksUpConnectors()
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

void TestConfigRegistry::rendersMarkdown()
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

QTEST_GUILESS_MAIN(TestConfigRegistry)
#include "tst_config_registry.moc"
