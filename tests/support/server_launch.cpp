#include "server_launch.h"

#include "pg_process.h"

#include <QElapsedTimer>
#include <QProcess>

#include <csignal>
#include <thread>

namespace syncline::test::detail {

using namespace Qt::StringLiterals;

qint64 launchAndWait(const QString &program, const QStringList &arguments, const QString &workDir,
                     const QString &outputFile, const std::function<bool(QString *)> &answers,
                     int timeoutMs, QString *failure)
{
    QProcess server;
    server.setProgram(program);
    server.setArguments(arguments);
    server.setWorkingDirectory(workDir);
    server.setStandardOutputFile(outputFile);
    server.setStandardErrorFile(outputFile, QIODevice::Append);
    qint64 launched = 0;
    if (!server.startDetached(&launched)) {
        *failure = u"cannot run %1"_s.arg(program);
        return 0;
    }
    QElapsedTimer timer;
    timer.start();
    QString lastError;
    while (timer.elapsed() < timeoutMs) {
        if (!isProcessAlive(launched)) {
            *failure = program.section(u'/', -1) + u" exited"_s;
            return 0;
        }
        if (answers(&lastError))
            return launched;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(static_cast<pid_t>(launched), SIGKILL);
    waitUntilGone(launched, 10000);
    *failure = u"not answering after %1 s: %2"_s.arg(timeoutMs / 1000).arg(lastError);
    return 0;
}

void startOnFreePort(int &port, const std::function<bool(QString *)> &tryStart,
                     const std::function<QString(int)> &logTail,
                     const std::function<QString()> &where)
{
    const bool samePort = port != 0;
    for (int attempt = 1;; ++attempt) {
        if (!samePort)
            port = freePort();
        QString failure;
        if (tryStart(&failure))
            return;
        const bool portTaken = logTail(20).contains(u"Address already in use"_s);
        if (samePort || !portTaken || attempt == 5)
            fail(where() + u"start failed: "_s + failure + u"\n--- server log ---\n"_s +
                 logTail(40));
    }
}

} // namespace syncline::test::detail
