#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QString>
#include <QtGlobal>

namespace syncline::test {

// Arms a failpoint ("sink.committed_before_confirm=kill@20") for the processes started while
// it lives (SYNCLINE_FAILPOINTS).
class ArmedFailpoint
{
public:
    explicit ArmedFailpoint(const QString &spec) { qputenv("SYNCLINE_FAILPOINTS", spec.toUtf8()); }
    ~ArmedFailpoint() { qunsetenv("SYNCLINE_FAILPOINTS"); }
    ArmedFailpoint(const ArmedFailpoint &) = delete;
    ArmedFailpoint &operator=(const ArmedFailpoint &) = delete;
};

// The JSON array a command printed (`dlq list --json`), after any log lines before it.
inline QJsonArray jsonArrayIn(const QString &output)
{
    const qsizetype start =
        output.startsWith(QLatin1Char('[')) ? 0 : output.indexOf(QLatin1String("\n[")) + 1;
    return QJsonDocument::fromJson(output.mid(start).toUtf8()).array();
}

} // namespace syncline::test
