#include "process_memory.h"

#include "syncline_runner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QThread>

namespace syncline::test {

using namespace Qt::StringLiterals;

long peakRssKib(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const auto match =
        QRegularExpression(u"VmHWM:\\s+(\\d+) kB"_s).match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLong() : -1;
}

PeakRss peakRssUntil(SynclineRunner &runner, const std::function<bool()> &done, int timeoutMs)
{
    PeakRss peak;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs && runner.isRunning()) {
        peak.kib = std::max(peak.kib, peakRssKib(runner.pid()));
        if ((peak.done = done()))
            break;
        QThread::msleep(200);
    }
    peak.kib = std::max(peak.kib, peakRssKib(runner.pid()));
    return peak;
}

} // namespace syncline::test
