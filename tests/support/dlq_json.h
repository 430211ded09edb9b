#pragma once

#include <QJsonArray>
#include <QString>
#include <QStringList>

namespace syncline::test {

// `syncline dlq <arguments>` (which ask for --json) run to completion: its output's JSON array,
// or an empty one and what went wrong in `problem` (an exit code other than 0 and 1, or output
// that is not JSON).
QJsonArray dlqJson(const QStringList &arguments, QString &problem);

} // namespace syncline::test
