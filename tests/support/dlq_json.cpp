#include "dlq_json.h"

#include "syncline_runner.h"

#include <QJsonDocument>

namespace syncline::test {

using namespace Qt::StringLiterals;

QJsonArray dlqJson(const QStringList &arguments, QString &problem)
{
    const auto [code, output] = SynclineRunner::runOnce(QStringList{u"dlq"_s} + arguments);
    if (code != 0 && code != 1) {
        problem = u"syncline dlq %1 exited with %2:\n%3"_s.arg(arguments.join(u' '))
                      .arg(code)
                      .arg(output);
        return {};
    }
    QJsonParseError error;
    // Log lines may come first (runOnce merges stderr); the array starts a line.
    const qsizetype start = output.startsWith(u'[') ? 0 : output.indexOf(u"\n["_s) + 1;
    const auto document = QJsonDocument::fromJson(output.mid(start).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        problem = u"not JSON: %1\n%2"_s.arg(error.errorString(), output);
    return document.array();
}

} // namespace syncline::test
