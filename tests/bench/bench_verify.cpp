#include "bench_verify.h"

#include "pg_cluster.h"
#include "syncline_runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

#include <unistd.h>

#include <future>
#include <random>
#include <set>
#include <stdexcept>

namespace syncline::bench {

using namespace Qt::StringLiterals;
using test::PgCluster;

namespace {

const QString kDatabase = u"verify_bench"_s;

// The same rows on both sides without replicating them: the data is a function of the key.
QString fillSql(long long rows)
{
    return u"CREATE TABLE wide (id bigint PRIMARY KEY, owner text NOT NULL, balance numeric(14,2), "
           "flags int[], note text, updated_at timestamptz);"
           "INSERT INTO wide SELECT g, 'owner ' || g || ' ' || md5(g::text), g * 1.25, "
           "ARRAY[g % 7, g % 11], CASE WHEN g % 3 = 0 THEN repeat('n', 40) END, "
           "timestamptz '2026-01-01' + g * interval '1 second' FROM generate_series(1, %1) g;"_s
               .arg(rows);
}

double seconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

// utime + stime of the postmaster, its reaped children and its live children, in seconds.
double clusterCpuSeconds(const PgCluster &cluster)
{
    const double tick = double(sysconf(_SC_CLK_TCK));
    auto fields = [](qint64 pid) {
        QFile file(u"/proc/%1/stat"_s.arg(pid));
        if (!file.open(QIODevice::ReadOnly))
            return QStringList();
        const QString text = QString::fromLatin1(file.readAll());
        return text.mid(text.lastIndexOf(u')') + 2).split(u' ');
    };
    // After "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based
    // from the state field at 3.
    const auto postmaster = fields(cluster.pid());
    double ticks = 0;
    for (int field : {11, 12, 13, 14})
        ticks += postmaster.value(field).toDouble();
    for (const auto &entry : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == cluster.pid())
            continue;
        const auto child = fields(pid);
        if (child.value(1).toLongLong() == cluster.pid())
            ticks += child.value(11).toDouble() + child.value(12).toDouble();
    }
    return ticks / tick;
}

long long runVerify(const QString &pipelineFile, const QStringList &extra)
{
    const auto [code, output] = test::SynclineRunner::runOnce(
        QStringList{u"verify"_s, pipelineFile, u"--json"_s} + extra, 3600000);
    if (code != 0 && code != 3)
        throw std::runtime_error("syncline verify failed: " + output.toStdString());
    const auto json = QJsonDocument::fromJson(output.mid(output.indexOf(u'{')).toUtf8());
    return json[u"differences_total"_s].toInteger();
}

} // namespace

VerifyFigures measureVerify(PgCluster &source, PgCluster &target, const QString &workDir,
                            long long rows, int differences)
{
    VerifyFigures figures;
    figures.rows = rows;
    figures.planted = differences;
    source.createDatabase(kDatabase);
    target.createDatabase(kDatabase);
    auto fillSource = std::async(std::launch::async, [&] {
        source.exec(kDatabase, fillSql(rows));
        source.exec(kDatabase, u"VACUUM ANALYZE wide"_s);
    });
    target.exec(kDatabase, fillSql(rows));
    target.exec(kDatabase, u"VACUUM ANALYZE wide"_s);
    fillSource.get();

    std::mt19937_64 random(42);
    std::set<long long> ids;
    while (int(ids.size()) < differences)
        ids.insert(std::uniform_int_distribution<long long>(1, rows)(random));
    QString plant;
    for (long long id : ids)
        plant += u"UPDATE wide SET balance = balance + 1 WHERE id = %1;"_s.arg(id);
    target.exec(kDatabase, plant);

    // verify compares while the pipeline streams: run one, with no snapshot (the copy is made).
    test::SynclineRunner runner(workDir);
    test::PipelineSpec spec;
    spec.name = kDatabase;
    spec.sourceDsn = source.dsn(kDatabase);
    spec.targetDsn = target.dsn(kDatabase);
    spec.tables = {u"public.wide"_s};
    spec.snapshot = u"never"_s;
    const QString file = runner.writePipeline(spec);
    runner.start({u"run"_s, file});
    if (!runner.waitForOutput(u"streaming from slot"_s, 120000))
        throw std::runtime_error("syncline did not start: " + runner.outputTail().toStdString());

    QElapsedTimer timer;
    const double cpuBefore = clusterCpuSeconds(source);
    timer.start();
    figures.found = runVerify(file, {});
    figures.verifySeconds = seconds(timer);
    figures.sourceCpuSeconds = clusterCpuSeconds(source) - cpuBefore;

    figures.throttledLimit = std::max<long long>(rows / 20, 1000);
    timer.restart();
    // Throttled, the first pass reads the table in chunks (by block ranges on PostgreSQL 14
    // and later): it must find the same rows.
    const long long throttledFound =
        runVerify(file, {u"--max-rows-per-second"_s, QString::number(figures.throttledLimit)});
    figures.throttledRowsPerSecond = rows / seconds(timer);
    if (throttledFound != figures.found)
        throw std::runtime_error("verify found " + std::to_string(figures.found) +
                                 " differences, and " + std::to_string(throttledFound) +
                                 " under --max-rows-per-second");
    runner.terminate();
    runner.waitForExit(60000);

    timer.restart();
    auto countSource = std::async(std::launch::async, [&] {
        return source.queryValue(kDatabase, u"SELECT count(*) FROM wide"_s);
    });
    target.queryValue(kDatabase, u"SELECT count(*) FROM wide"_s);
    countSource.get();
    figures.countSeconds = seconds(timer);

    // The floor of any comparison of contents: every row read and hashed once on each side,
    // with the row hash verify uses, and nothing else.
    const QString hashAll = u"SELECT count(*), sum(hash_record_extended(ROW(id, owner, balance, "
                            "flags, note, updated_at), id)) FROM wide"_s;
    timer.restart();
    auto hashSource =
        std::async(std::launch::async, [&] { return source.queryValue(kDatabase, hashAll); });
    target.queryValue(kDatabase, hashAll);
    hashSource.get();
    figures.hashSeconds = seconds(timer);

    const QString bin = PgCluster::binDir();
    const QString dir = workDir;
    const QString command =
        u"set -e; cd '%1'; export LC_ALL=C; "
        "%2/psql -q -c '\\copy wide TO source.txt' '%3' & "
        "%2/psql -q -c '\\copy wide TO target.txt' '%4'; wait; "
        "sort source.txt > source.sorted & sort target.txt > target.sorted; wait; "
        "(diff source.sorted target.sorted || true) | grep -c '^[<>]' || true"_s.arg(
            dir, bin, source.dsn(kDatabase), target.dsn(kDatabase));
    timer.restart();
    QProcess shell;
    shell.start(u"bash"_s, {u"-c"_s, command});
    if (!shell.waitForFinished(3600000) || shell.exitCode() != 0)
        throw std::runtime_error("naive compare failed: " +
                                 shell.readAllStandardError().toStdString());
    figures.naiveSeconds = seconds(timer);
    figures.naiveFound = QString::fromLatin1(shell.readAllStandardOutput()).trimmed().toLongLong();
    for (const auto &name :
         {u"source.txt"_s, u"target.txt"_s, u"source.sorted"_s, u"target.sorted"_s})
        QFile::remove(dir + u'/' + name);
    source.exec(u"postgres"_s, u"SELECT pg_drop_replication_slot('%1')"_s.arg(kDatabase));
    return figures;
}

} // namespace syncline::bench
