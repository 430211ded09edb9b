#pragma once

#include <QJsonArray>
#include <QString>
#include <QStringList>

namespace syncline::test {

// `syncline dlq <arguments> --json`, parsed: the array it printed. When it exited with neither
// 0 nor 1 (1: some replay failed), or printed no JSON, says so in `problem` (with its output).
QJsonArray dlqJson(const QStringList &arguments, QString &problem);

} // namespace syncline::test
