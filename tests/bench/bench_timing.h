#pragma once

#include "bench_report.h"

#include <QElapsedTimer>
#include <QString>

#include <functional>

namespace syncline::test {
class PgCluster;
}

namespace syncline::bench {

class Contender;
class CpuMeter;
struct CpuSeconds;

// Waiting and timing that every source's workloads share.
double seconds(const QElapsedTimer &timer);
// Polls done() every 5 ms; throws naming `what` after timeoutMs.
void waitFor(const std::function<bool()> &done, const char *what, int timeoutMs = 600000);
// Until the contender has copied every table and streams; nothing is timed before that.
void waitReady(Contender &c, const QString &db, const char *what, int timeoutMs = 600000);
// Polls the target over one connection until the marker transaction (BenchWorkload::markerSql)
// arrived in `schema` ("public", or the MySQL database's name). Through Kafka its rows travel on
// separate topics, so all three must be there. cpu: polled every 100 ms meanwhile.
void waitForMarker(test::PgCluster &target, const QString &db, const QString &schema, int value,
                   CpuMeter *cpu = nullptr);

// {CPU s of the runner, the walsender, the target backend; changes per CPU second}.
Values cpuFigures(double changes, const CpuSeconds &cpu);
// {changes/s, then cpuFigures()}.
Values drainFigures(double changes, double elapsed, const CpuSeconds &cpu);

// A backlog drain on the source's side: what is written while the pipeline is stopped, what
// settles the servers before the clock starts, and the check of the target afterwards.
struct DrainSteps
{
    std::function<void()> write; // the changes and the marker after them
    std::function<void()> settle;
    std::function<void()> verify; // throws when the target differs from the source
    // Whether the marker arrived, for a target other than PostgreSQL (polled every 5 ms).
    std::function<bool()> arrived = {};
};

// Starts c on db, waits until it streams, pauses it, writes, settles, and times its resume until
// the marker `marker` is in target's `schema`: drainFigures() for `changes`.
Values timeDrain(Contender &c, test::PgCluster &target, const QString &db, const QString &schema,
                 int marker, double changes, const DrainSteps &steps);

} // namespace syncline::bench
