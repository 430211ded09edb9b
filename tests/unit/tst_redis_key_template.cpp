// The Redis sink's key templates: the syntax the loader and the sink share, the keys a template
// gives a table's rows (never one key for two rows), its SCAN pattern, and the tables it refuses.
#include "config/key_template_syntax.h"
#include "model/table_definition.h"
#include "sink/redis/change_writer.h"
#include "sink/redis/key_template.h"
#include "util/errors.h"

#include <QTest>

using namespace syncline;
using namespace Qt::StringLiterals;

namespace {

std::string render(const redis::KeyTemplate &key, const std::vector<std::string> &texts)
{
    std::vector<Value> values;
    for (const auto &text : texts)
        values.push_back(Value::fromText(text));
    std::vector<const Value *> pointers;
    for (const auto &value : values)
        pointers.push_back(&value);
    return key.render(pointers);
}

TableDefinition table(const std::string &schema, const std::string &name)
{
    TableDefinition table;
    table.schema = schema;
    table.name = name;
    table.keyColumns = {"id"};
    return table;
}

} // namespace

class TestRedisKeyTemplate : public QObject
{
    Q_OBJECT

private slots:
    void rendersKeys()
    {
        const redis::KeyTemplate key("{schema}.{table}:{id}/{key}", "public", "lines",
                                     {"order_id", "id"}, false);
        QCOMPARE(render(key, {"7", "3"}), std::string("public.lines:3/7:3"));
        const redis::KeyTemplate glob("c[1]:{table}:{id}", "public", "lines", {"id"}, false);
        QCOMPARE(glob.scanPattern(), std::string("c\\[1\\]:lines:*"));
    }

    // A key of one value holds it as it is: items:4:2 stays what it was before escaping.
    void keepsASingleValueAsItIs()
    {
        const redis::KeyTemplate key("{table}:{key}", "public", "items", {"id"}, false);
        QCOMPARE(render(key, {"4:2\\x"}), std::string("items:4:2\\x"));
        const redis::KeyTemplate column("{table}:{id}", "public", "items", {"id"}, false);
        QCOMPARE(render(column, {"a:b"}), std::string("items:a:b"));
    }

    // ('a:b','c') and ('a','b:c') of a table keyed by (a,b) once shared tk:a:b:c.
    void escapesTheSeparatorsOfAKeyOfManyValues_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("first");
        QTest::addColumn<QStringList>("second");
        QTest::addColumn<QString>("firstKey");
        QTest::addColumn<QString>("secondKey");
        QTest::addRow("{key}") << "{table}:{key}" << QStringList{u"a:b"_s, u"c"_s}
                               << QStringList{u"a"_s, u"b:c"_s} << "tk:a\\:b:c"
                               << "tk:a:b\\:c";
        QTest::addRow("backslash") << "{table}:{key}" << QStringList{u"a\\"_s, u"b"_s}
                                   << QStringList{u"a"_s, u"\\:b"_s} << "tk:a\\\\:b"
                                   << "tk:a:\\\\\\:b";
        QTest::addRow("columns") << "{table}:{a}/{b}" << QStringList{u"x/y"_s, u"z"_s}
                                 << QStringList{u"x"_s, u"y/z"_s} << "tk:x\\/y/z"
                                 << "tk:x/y\\/z";
        QTest::addRow("columns, ':' is not between them")
            << "k:{a}-{b}" << QStringList{u"a:x-y"_s, u"z"_s} << QStringList{u"a:x"_s, u"y-z"_s}
            << "k:a:x\\-y-z"
            << "k:a:x-y\\-z";
    }

    void escapesTheSeparatorsOfAKeyOfManyValues()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, first);
        QFETCH(QStringList, second);
        QFETCH(QString, firstKey);
        QFETCH(QString, secondKey);
        const redis::KeyTemplate key(text.toStdString(), "public", "tk", {"a", "b"}, false);
        auto texts = [](const QStringList &list) {
            std::vector<std::string> out;
            for (const auto &one : list)
                out.push_back(one.toStdString());
            return out;
        };
        QCOMPARE(QString::fromStdString(render(key, texts(first))), firstKey);
        QCOMPARE(QString::fromStdString(render(key, texts(second))), secondKey);
    }

    void refusesKeyTemplates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<QString>("message");
        QTest::addRow("not a key column")
            << "{table}:{name}" << false << "{name} is not a key column";
        QTest::addRow("stream by row") << "{table}:{id}" << true << "only {schema} and {table}";
        QTest::addRow("unclosed") << "{table" << false << "'{' without '}'";
        QTest::addRow("unclosed before another") << "{table:{id}" << false << "'{' without '}'";
        QTest::addRow("no row value") << "const" << false << "no placeholder of the row";
        QTest::addRow("side by side") << "{key}{id}" << false << "need text between them";
    }

    void refusesKeyTemplates()
    {
        QFETCH(QString, text);
        QFETCH(bool, stream);
        QFETCH(QString, message);
        try {
            redis::KeyTemplate(text.toStdString(), "public", "t", {"id"}, stream);
            QFAIL("accepted");
        } catch (const PermanentError &error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(message), error.what());
        }
        // The loader refuses it with the same words, but for what only the table can say.
        const auto syntax = parseKeyTemplate(text.toStdString(), stream);
        if (!message.contains(QStringLiteral("is not a key column")))
            QVERIFY2(QString::fromStdString(syntax.problem).contains(message),
                     syntax.problem.c_str());
        else
            QVERIFY(syntax.problem.empty());
    }

    // public.items and other.items under {table}:{key}: one's truncate would remove the other's.
    void refusesTablesOfOneNameWithoutSchema()
    {
        RedisSinkOptions options;
        options.keyTemplate = "{table}:{key}";
        redis::ChangeWriter writer(options);
        writer.addTable(table("public", "items"));
        writer.addTable(table("public", "items")); // again, as a new session does
        writer.addTable(table("public", "orders"));
        try {
            writer.addTable(table("other", "items"));
            QFAIL("accepted");
        } catch (const PermanentError &error) {
            QVERIFY2(QString::fromUtf8(error.what())
                         .startsWith(QStringLiteral("tables public.items and other.items have "
                                                    "the same name")),
                     error.what());
        }
        for (const auto &keyTemplate : {"{schema}:{table}:{key}", "{schema}.{table}"}) {
            options.keyTemplate = keyTemplate;
            options.mode = keyTemplate == std::string("{schema}.{table}")
                               ? RedisSinkOptions::Mode::Stream
                               : RedisSinkOptions::Mode::Materialize;
            redis::ChangeWriter apart(options);
            apart.addTable(table("public", "items"));
            apart.addTable(table("other", "items"));
        }
        options.mode = RedisSinkOptions::Mode::Stream;
        options.keyTemplate = "{table}";
        redis::ChangeWriter streams(options); // each entry names its table
        streams.addTable(table("public", "items"));
        streams.addTable(table("other", "items"));
    }
};

QTEST_GUILESS_MAIN(TestRedisKeyTemplate)
#include "tst_redis_key_template.moc"
