#pragma once

// Starting a test server process and waiting for it to answer, shared by MariaDbServer and
// RedisServer. Internal to syncline_test_support.

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <functional>

namespace syncline::test::detail {

// Starts `program` detached in `workDir`, its output appended to `outputFile`, and calls
// `answers` every 50 ms until it returns true (it sets its argument to the last error). Returns
// the pid; 0 when the process exited or did not answer in time (then killed), with *failure set.
qint64 launchAndWait(const QString &program, const QStringList &arguments, const QString &workDir,
                     const QString &outputFile, const std::function<bool(QString *)> &answers,
                     int timeoutMs, QString *failure);

// Calls tryStart on a free port (a server that ran before: on its port again), and again on
// another port when `logTail` says the port was taken meanwhile; throws PgError with `where()`
// and the log when it cannot start.
void startOnFreePort(int &port, const std::function<bool(QString *)> &tryStart,
                     const std::function<QString(int)> &logTail,
                     const std::function<QString()> &where);

} // namespace syncline::test::detail
