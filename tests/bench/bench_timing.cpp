#include "bench_timing.h"

#include "contenders.h"
#include "cpu_meter.h"
#include "pg_cluster.h"

#include "pg/connection.h"

#include <QThread>

#include <stdexcept>
#include <string>

namespace syncline::bench {

using namespace Qt::StringLiterals;

double seconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

void waitFor(const std::function<bool()> &done, const char *what, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            throw std::runtime_error(std::string("timed out waiting for ") + what);
        QThread::msleep(5);
    }
}

void waitReady(Contender &c, const QString &db, const char *what, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!c.initialCopyDone(db)) {
        if (timer.elapsed() > timeoutMs)
            throw std::runtime_error("not ready after " + std::to_string(timeoutMs / 1000) +
                                     " s waiting for " + what + ": " + c.state(db).toStdString());
        QThread::msleep(5);
    }
}

void waitForMarker(test::PgCluster &target, const QString &db, const QString &schema, int value,
                   CpuMeter *cpu)
{
    auto conn = pg::Connection::open(target.dsn(db).toStdString());
    const std::string id = std::to_string(value);
    const std::string in = schema.toStdString() + '.';
    const std::string sql = "SELECT (SELECT count(*) FROM " + in + "marker WHERE id = " + id +
                            ") + (SELECT count(*) FROM " + in + "accounts WHERE id = -" + id +
                            ") + (SELECT count(*) FROM " + in + "docs WHERE id = -" + id + ")";
    QElapsedTimer sinceCpuPoll;
    sinceCpuPoll.start();
    waitFor(
        [&] {
            if (cpu && sinceCpuPoll.elapsed() >= 100) {
                cpu->poll();
                sinceCpuPoll.restart();
            }
            return conn.queryValue(sql) == "3";
        },
        "the marker rows");
}

Values cpuFigures(double changes, const CpuSeconds &cpu)
{
    return {cpu.runner, cpu.walsender, cpu.backend, cpu.total() > 0 ? changes / cpu.total() : 0};
}

Values drainFigures(double changes, double elapsed, const CpuSeconds &cpu)
{
    Values figures{changes / elapsed};
    const Values cpuUsed = cpuFigures(changes, cpu);
    figures.insert(figures.end(), cpuUsed.begin(), cpuUsed.end());
    return figures;
}

Values timeDrain(Contender &c, test::PgCluster &target, const QString &db, const QString &schema,
                 int marker, double changes, const DrainSteps &steps)
{
    c.start(db, false);
    waitReady(c, db, "the pipeline to start");
    c.pause(db);
    steps.write();
    steps.settle();
    CpuMeter cpu(c, db);
    cpu.start(); // the runner and workers it counts start with resume()
    QElapsedTimer timer;
    timer.start();
    c.resume(db);
    if (steps.arrived) {
        QElapsedTimer sinceCpuPoll;
        sinceCpuPoll.start();
        waitFor(
            [&] {
                if (sinceCpuPoll.elapsed() >= 100) {
                    cpu.poll();
                    sinceCpuPoll.restart();
                }
                return steps.arrived();
            },
            "the marker");
    } else {
        waitForMarker(target, db, schema, marker, &cpu);
    }
    const double elapsed = seconds(timer);
    const CpuSeconds used = cpu.stop();
    steps.verify();
    c.stop(db);
    return drainFigures(changes, elapsed, used);
}

} // namespace syncline::bench
