#include "cpu_meter.h"

#include <QFile>

#include <cstdio>
#include <cstdlib>

#include <optional>
#include <unistd.h>

namespace syncline::bench {

using namespace Qt::StringLiterals;

namespace {

struct ProcessTicks
{
    unsigned long long startTime = 0;
    unsigned long long used = 0; // utime + stime
};

std::optional<ProcessTicks> readTicks(qint64 pid)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt; // gone
    const QByteArray stat = file.readAll();
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, starttime 22.
    if (fields.size() < 20)
        return std::nullopt;
    return ProcessTicks{fields[19].toULongLong(),
                        fields[11].toULongLong() + fields[12].toULongLong()};
}

} // namespace

CpuMeter::CpuMeter(Contender &contender, QString db) : m_contender(contender), m_db(std::move(db))
{}

void CpuMeter::start()
{
    m_baseline.clear();
    for (const auto &process : m_contender.processes(m_db))
        if (const auto ticks = readTicks(process.pid))
            m_baseline[{process.pid, ticks->startTime}] = ticks->used;
}

void CpuMeter::poll()
{
    for (const auto &process : m_contender.processes(m_db))
        if (const auto ticks = readTicks(process.pid))
            m_seen[{process.pid, ticks->startTime}] = {process.role, ticks->used};
}

CpuSeconds CpuMeter::stop()
{
    static const double ticksPerSecond = double(sysconf(_SC_CLK_TCK));
    poll();
    CpuSeconds spent;
    for (const auto &[key, seen] : m_seen) {
        const auto before = m_baseline.find(key);
        const double seconds =
            double(seen.used - (before == m_baseline.end() ? 0 : before->second)) / ticksPerSecond;
        // For matching a system-wide profile (perf record -a) to the roles.
        if (std::getenv("SYNCLINE_BENCH_PIDS"))
            std::fprintf(stderr, "cpu: pid %lld, role %d: %.2f s\n", (long long)key.first,
                         int(seen.role), seconds);
        switch (seen.role) {
        case ProcessRole::Runner:
            spent.runner += seconds;
            break;
        case ProcessRole::Walsender:
            spent.walsender += seconds;
            break;
        case ProcessRole::TargetBackend:
            spent.backend += seconds;
            break;
        }
    }
    return spent;
}

} // namespace syncline::bench
