#pragma once

#include "contenders.h"

#include <QString>

#include <map>
#include <utility>

namespace syncline::bench {

// CPU seconds (user + system) a contender's processes spent, by role.
struct CpuSeconds
{
    double runner = 0;
    double walsender = 0;
    double backend = 0;
    double total() const { return runner + walsender + backend; }
};

// Reads /proc/<pid>/stat (utime + stime) of a contender's processes at start() and at stop().
// A process that appeared in between counts whole (a drain starts its runner and workers after
// start()); one that exited before stop() counts as of the last poll() that saw it (a sink's
// connection for a transaction in progress closes when it commits), so poll() while waiting.
// A process is known by its pid and start time, so a reused pid is a new process.
class CpuMeter
{
public:
    CpuMeter(Contender &contender, QString db);
    void start();
    void poll();
    CpuSeconds stop();

private:
    using Key = std::pair<qint64, unsigned long long>; // pid, start time in clock ticks
    struct Seen
    {
        ProcessRole role;
        unsigned long long used = 0; // ticks
    };
    Contender &m_contender;
    QString m_db;
    std::map<Key, unsigned long long> m_baseline; // ticks used at start()
    std::map<Key, Seen> m_seen;                   // at the last poll() or stop()
};

} // namespace syncline::bench
