// The README's pipeline file reference is the registry's own Markdown, pasted between markers.
// This test keeps the copy in step: after changing a property, paste `syncline connectors`.

#include "connector/registry.h"

#include <QFile>
#include <QTest>

class TestReadmeReference : public QObject
{
    Q_OBJECT

private slots:
    void readmeMatchesRegistry()
    {
        QFile readme(QStringLiteral(SYNCLINE_SOURCE_DIR "/README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const QString begin = QStringLiteral("<!-- connectors:begin -->\n");
        const QString end = QStringLiteral("<!-- connectors:end -->");
        const auto from = text.indexOf(begin);
        const auto to = text.indexOf(end);
        QVERIFY2(from >= 0 && to > from, "README.md lacks the connectors markers");
        const QString pasted = text.mid(from + begin.size(), to - from - begin.size());
        QCOMPARE(pasted, QString::fromStdString(syncline::renderRegistryMarkdown()));
    }
};

QTEST_GUILESS_MAIN(TestReadmeReference)
#include "tst_readme_reference.moc"
