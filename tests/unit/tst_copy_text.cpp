// COPY's text format back to values: what the snapshot publishes to Kafka must be the value
// the row holds, whatever characters it contains.

#include <QTest>

#ifndef Q_MOC_RUN // moc of Qt 6.4 cannot parse the C++20 standard headers these pull in
#include "snapshot/copy_text.h"
#endif

using namespace syncline;
using namespace Qt::StringLiterals;

class TestCopyText : public QObject
{
    Q_OBJECT

private slots:
    void rows_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QStringList>("expected"); // a null QString for SQL NULL
        QTest::addRow("plain") << QByteArray("1\tone") << QStringList{u"1"_s, u"one"_s};
        QTest::addRow("null") << QByteArray("\\N\tx") << QStringList{QString(), u"x"_s};
        QTest::addRow("empty text is not null") << QByteArray("\t") << QStringList{u""_s, u""_s};
        QTest::addRow("escapes") << QByteArray("a\\tb\\nc\\\\d\\re")
                                 << QStringList{u"a\tb\nc\\d\re"_s};
        QTest::addRow("backslash N inside text") << QByteArray("\\\\N") << QStringList{u"\\N"_s};
        QTest::addRow("octal and hex") << QByteArray("\\101\\x42\\7") << QStringList{u"AB\a"_s};
        QTest::addRow("utf-8 passes through")
            << QByteArray("gr\xc3\xbc\xc3\x9f") << QStringList{u"grüß"_s};
        QTest::addRow("trailing lone backslash") << QByteArray("x\\") << QStringList{u"x\\"_s};
    }
    void rows()
    {
        QFETCH(QByteArray, line);
        QFETCH(QStringList, expected);
        const Row row = parseCopyTextRow(std::string_view(line.constData(), line.size()));
        QCOMPARE(int(row.size()), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            if (expected[i].isNull()) {
                QVERIFY(row[std::size_t(i)].isNull());
                continue;
            }
            QVERIFY(!row[std::size_t(i)].isNull());
            QCOMPARE(QString::fromStdString(row[std::size_t(i)].text), expected[i]);
        }
    }
    // What appendCopyTextField writes, parseCopyTextRow reads back, whatever the bytes.
    void fieldsRoundTrip()
    {
        std::string every;
        for (int c = 1; c < 256; ++c)
            every += char(c);
        const Row values{Value::fromText("a\tb\nc\\d\re\bf\fg\vh"), Value::null(),
                         Value::fromText(""), Value::fromText("\\N"), Value::fromText(every)};
        std::string line;
        for (const Value &value : values) {
            if (!line.empty() || &value != &values.front())
                line += '\t';
            appendCopyTextField(line, value);
        }
        QCOMPARE(line.find('\n'), std::string::npos);
        QVERIFY(parseCopyTextRow(line) == values);
    }
};

QTEST_GUILESS_MAIN(TestCopyText)
#include "tst_copy_text.moc"
