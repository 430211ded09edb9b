#pragma once

// What the tests of the pipeline-file loader (tst_config_*) share: small pipeline files to start
// from, the loader run on a pretend path, and the check that a file is refused with one error.

#include "config/config_loader.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTest>

#include <filesystem>
#include <initializer_list>
#include <string_view>
#include <variant>
#include <vector>

namespace syncline::test {

inline const std::filesystem::path kPretendFile = "/pipelines/shop.yaml";

// The environment the rows expect: SYNCLINE_TEST_UNSET unset, the others set.
inline void setConfigTestEnvironment()
{
    qunsetenv("SYNCLINE_TEST_UNSET");
    qputenv("SYNCLINE_TEST_PASSWORD", "s3cret");
    qputenv("SYNCLINE_TEST_CAPACITY", "8");
    qputenv("SYNCLINE_TEST_KAFKA_USER", "shop-app");
}

inline QByteArray lines(std::initializer_list<const char *> text)
{
    QByteArray joined;
    for (const char *line : text)
        joined += QByteArray(line) + '\n';
    return joined;
}

// The small valid pipeline most bad-input rows start from (9 lines).
inline QByteArray base(std::initializer_list<const char *> extra = {})
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
inline QByteArray kafkaBase(std::initializer_list<const char *> extra = {})
{
    QByteArray text = base({"transport:", "  type: kafka", "  brokers: embedded"});
    for (const char *line : extra)
        text += QByteArray(line) + '\n';
    return text;
}

// A valid pipeline without a source, consuming the topics of its transport's tables (9 lines).
inline QByteArray sinkOnly()
{
    return lines({"pipeline: shop", "transport:", "  type: kafka", "  brokers: embedded",
                  "  tables: [orders]", "sinks:", "  - name: replica", "    type: postgres",
                  "    dsn: \"host=b\""});
}

// base() with its postgres sink's type and dsn (lines 8-9) replaced by `sink`; extra lines follow.
inline QByteArray baseWithSink(const char *sink, std::initializer_list<const char *> extra)
{
    QByteArray text = base().replace("    type: postgres\n    dsn: \"host=b\"\n", sink);
    for (const char *line : extra)
        text += QByteArray(line) + '\n';
    return text;
}

// base() with its sink an http sink (url on line 9); extra lines follow from line 10.
inline QByteArray httpBase(std::initializer_list<const char *> extra = {})
{
    return baseWithSink("    type: http\n    url: \"http://127.0.0.1:9/hook\"\n", extra);
}

// base() with its sink a redis sink (url on line 9); extra lines follow from line 10.
inline QByteArray redisBase(std::initializer_list<const char *> extra = {})
{
    return baseWithSink("    type: redis\n    url: \"redis://127.0.0.1:9/0\"\n", extra);
}

inline QByteArray describe(const std::vector<ConfigError> &errors)
{
    QByteArray text;
    for (const auto &error : errors)
        text += QByteArray::fromStdString(error.toString()) + '\n';
    return text;
}

inline std::vector<ConfigError> errorsOf(const PipelineConfigResult &result)
{
    const auto *errors = std::get_if<std::vector<ConfigError>>(&result);
    return errors ? *errors : std::vector<ConfigError>();
}

// The loader on `yaml`, as if read from kPretendFile.
inline PipelineConfigResult parse(const QByteArray &yaml)
{
    return parsePipelineConfig(std::string_view(yaml.constData(), size_t(yaml.size())),
                               kPretendFile);
}

#define REQUIRE_CONFIG(result)                                                                     \
    QVERIFY2(std::holds_alternative<PipelineConfig>(result), describe(errorsOf(result)).constData())

inline bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// The columns of a rejectsBadInput_data(): the file, and where its one error is and what it says.
inline void addBadInputColumns()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QByteArray>("message");
}

// The body of a rejectsBadInput() over those columns: the file gives exactly that one error,
// which starts with the message and never shows the password hunter2.
inline void checkBadInputRow()
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

} // namespace syncline::test
