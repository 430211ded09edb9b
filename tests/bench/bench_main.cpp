// Syncline beside PostgreSQL's built-in logical replication, on identical data in the same run.
// Usage: syncline_bench [--quick] [--only NAME,...] [--repeat N] [--json FILE]
// Prints a table (built-in, Syncline, ratio) and writes the same as JSON.

#include "bench_verify.h"
#include "bench_workload.h"
#include "contenders.h"
#include "pg_cluster.h"
#include "table_compare.h"

#include "pg/connection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <random>
#include <thread>

using namespace syncline;
using namespace syncline::bench;
using namespace Qt::StringLiterals;
using test::PgCluster;

namespace {

struct Result
{
    QString workload;
    QString metric;
    QString unit;
    double builtin = 0;
    double syncline = 0;
    bool higherIsBetter = true;
    QString note;
};

struct Bench
{
    PgCluster &source;
    PgCluster &target;
    QString workDir;
    QString transport = u"  type: direct\n"_s; // --transport kafka: through the embedded broker
    int scale = 1;                             // --quick divides sizes by 10
    int transactions() const { return 2000 / scale; }
    int runs = 0;

    QString freshDatabase(const QString &prefix)
    {
        const QString db = prefix + u'_' + QString::number(++runs);
        source.createDatabase(db);
        target.createDatabase(db);
        source.exec(db, BenchWorkload::schemaSql());
        target.exec(
            db,
            BenchWorkload::schemaSql() +
                u"ALTER TABLE latency ADD COLUMN applied_at timestamptz DEFAULT clock_timestamp();"_s);
        return db;
    }

    std::unique_ptr<Contender> contender(bool builtin)
    {
        if (builtin)
            return makeBuiltinReplication(source, target);
        return makeSyncline(source, target, workDir, transport);
    }

    void waitFor(const std::function<bool()> &done, const char *what, int timeoutMs = 600000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!done()) {
            if (timer.elapsed() > timeoutMs)
                throw std::runtime_error(std::string("timed out waiting for ") + what);
            QThread::msleep(5);
        }
    }

    void writeTransactions(const QString &db, int count)
    {
        auto conn = pg::Connection::open(source.dsn(db).toStdString());
        for (int first = 0; first < count; first += 20) {
            QString batch;
            for (int i = first; i < std::min(count, first + 20); ++i)
                batch += BenchWorkload::transactionSql(i);
            conn.exec(batch.toStdString());
        }
    }

    // Polls the target over one connection until the marker transaction arrived. Through
    // Kafka its rows travel on separate topics, so all three must be there.
    void waitForMarker(const QString &db, int value)
    {
        auto conn = pg::Connection::open(target.dsn(db).toStdString());
        const std::string id = std::to_string(value);
        const std::string sql = "SELECT (SELECT count(*) FROM marker WHERE id = " + id +
                                ") + (SELECT count(*) FROM accounts WHERE id = -" + id +
                                ") + (SELECT count(*) FROM docs WHERE id = -" + id + ")";
        waitFor([&] { return conn.queryValue(sql) == "3"; }, "the marker rows");
    }

    void verify(const QString &db)
    {
        for (const auto &table : {u"public.accounts"_s, u"public.docs"_s}) {
            const QString difference = test::compareTable(source, db, target, db, table);
            if (!difference.isEmpty())
                throw std::runtime_error("target differs from source: " + difference.toStdString());
        }
    }

    double seconds(const QElapsedTimer &timer) { return double(timer.nsecsElapsed()) / 1e9; }

    // Changes written while the pipeline is stopped, then drained: changes per second.
    double backlogDrain(bool builtin)
    {
        const QString db = freshDatabase(u"drain"_s);
        auto c = contender(builtin);
        c->start(db, false);
        waitFor([&] { return c->initialCopyDone(db); }, "the pipeline to start");
        c->pause(db);
        writeTransactions(db, transactions());
        source.exec(db, BenchWorkload::markerSql(1));
        QElapsedTimer timer;
        timer.start();
        c->resume(db);
        waitForMarker(db, 1);
        const double elapsed = seconds(timer);
        verify(db);
        c->stop(db);
        return transactions() * BenchWorkload::kChangesPerTransaction / elapsed;
    }

    // The same writes while the pipeline runs: {changes per second end to end, lag after burst}.
    std::pair<double, double> streaming(bool builtin)
    {
        const QString db = freshDatabase(u"stream"_s);
        auto c = contender(builtin);
        c->start(db, false);
        waitFor([&] { return c->initialCopyDone(db); }, "the pipeline to start");
        QThread::msleep(500);
        QElapsedTimer timer;
        timer.start();
        writeTransactions(db, transactions());
        source.exec(db, BenchWorkload::markerSql(2));
        const double written = seconds(timer);
        waitForMarker(db, 2);
        const double elapsed = seconds(timer);
        verify(db);
        c->stop(db);
        return {transactions() * BenchWorkload::kChangesPerTransaction / elapsed,
                elapsed - written};
    }

    int loadRows() const { return 1000000 / scale; }

    QString freshLoadDatabase()
    {
        const QString db = freshDatabase(u"load"_s);
        source.exec(
            db, u"INSERT INTO accounts SELECT g, 'owner number ' || g || ' ' || md5(g::text), "
                "g * 1.25, ARRAY[g %% 7, g %% 11, g %% 13], now() FROM generate_series(1, %1) g"_s
                    .arg(loadRows())
                    .replace(u"%%"_s, u"%"_s));
        source.exec(db, u"VACUUM ANALYZE accounts"_s);
        return db;
    }

    // Initial copy of loadRows() rows: rows per second.
    double initialLoad(bool builtin)
    {
        const QString db = freshLoadDatabase();
        auto c = contender(builtin);
        QElapsedTimer timer;
        timer.start();
        c->start(db, true);
        waitFor([&] { return c->initialCopyDone(db); }, "the initial copy");
        const double elapsed = seconds(timer);
        if (target.queryValue(db, u"SELECT count(*) FROM accounts"_s) !=
            QString::number(loadRows()))
            throw std::runtime_error("initial copy incomplete");
        c->stop(db);
        return loadRows() / elapsed;
    }

    double dumpRestoreLoad()
    {
        const QString db = freshLoadDatabase();
        const QString bin = PgCluster::binDir();
        const QString command =
            u"%1/pg_dump --data-only -t public.accounts '%2' | %1/psql -q -v ON_ERROR_STOP=1 '%3'"_s
                .arg(bin, source.dsn(db), target.dsn(db));
        QElapsedTimer timer;
        timer.start();
        QProcess shell;
        shell.start(u"bash"_s, {u"-o"_s, u"pipefail"_s, u"-c"_s, command});
        if (!shell.waitForFinished(600000) || shell.exitCode() != 0)
            throw std::runtime_error("pg_dump | psql failed: " +
                                     shell.readAllStandardError().toStdString());
        return loadRows() / seconds(timer);
    }

    // The 1,000,000-row table copied again while the pipeline streams 1,000 changes/s to it and
    // probes commit-to-applied latency every 20 ms: {rows/s of the copy, p99 lag in ms}.
    std::pair<double, double> copyWhileStreaming(bool builtin)
    {
        const QString db = freshLoadDatabase();
        auto c = contender(builtin);
        c->start(db, false);
        waitFor([&] { return c->initialCopyDone(db); }, "the pipeline to start");
        QThread::msleep(500);
        std::atomic<bool> copying{true};
        std::atomic<int> probes{0};
        std::thread writer([&] {
            auto conn = pg::Connection::open(source.dsn(db).toStdString());
            std::mt19937 random(7);
            for (int tick = 0; copying; ++tick) {
                std::string sql = "BEGIN;";
                for (int i = 0; i < 20; ++i) // 20 changes every 20 ms: 1,000/s
                    sql += "UPDATE accounts SET balance = balance + 1 WHERE id = " +
                           std::to_string(1 + random() % unsigned(loadRows())) + ";";
                conn.exec(sql + "INSERT INTO latency VALUES (" + std::to_string(tick + 1) +
                          ", clock_timestamp()); COMMIT");
                ++probes;
                QThread::msleep(20);
            }
        });
        QElapsedTimer timer;
        timer.start();
        double elapsed = 0;
        try {
            c->recopy(db, u"public.accounts"_s);
            waitFor([&] { return c->recopyDone(db, u"public.accounts"_s); }, "the copy");
            elapsed = seconds(timer);
        } catch (...) {
            copying = false;
            writer.join();
            throw;
        }
        copying = false;
        writer.join();
        source.exec(db, BenchWorkload::markerSql(4));
        waitForMarker(db, 4);
        verify(db);
        auto poll = pg::Connection::open(target.dsn(db).toStdString());
        const auto p99 =
            poll.queryValue("SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY "
                            "extract(epoch FROM applied_at - committed_at) * 1000) FROM latency");
        c->stop(db);
        return {loadRows() / elapsed, std::stod(p99)};
    }

    // 200 single-row commits 20 ms apart: {p50, p99} of commit-to-applied in milliseconds.
    std::pair<double, double> latency(bool builtin)
    {
        const QString db = freshDatabase(u"latency"_s);
        auto c = contender(builtin);
        c->start(db, false);
        waitFor([&] { return c->initialCopyDone(db); }, "the pipeline to start");
        QThread::msleep(500);
        auto conn = pg::Connection::open(source.dsn(db).toStdString());
        for (int i = 1; i <= 200; ++i) {
            conn.exec("INSERT INTO latency VALUES (" + std::to_string(i) + ", clock_timestamp())");
            QThread::msleep(20);
        }
        auto poll = pg::Connection::open(target.dsn(db).toStdString());
        waitFor([&] { return poll.queryValue("SELECT count(*) FROM latency") == "200"; },
                "latency rows");
        const auto p50 =
            poll.queryValue("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                            "extract(epoch FROM applied_at - committed_at) * 1000) FROM latency");
        const auto p99 =
            poll.queryValue("SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY "
                            "extract(epoch FROM applied_at - committed_at) * 1000) FROM latency");
        c->stop(db);
        return {std::stod(p50), std::stod(p99)};
    }

    // One transaction of loadRows() inserts: {seconds to apply after commit, peak RSS MiB}.
    std::pair<double, double> largeTransaction(bool builtin)
    {
        const QString db = freshDatabase(u"bigtx"_s);
        auto c = contender(builtin);
        c->start(db, false);
        waitFor([&] { return c->initialCopyDone(db); }, "the pipeline to start");
        source.exec(db, u"BEGIN; INSERT INTO accounts SELECT g, 'owner ' || g, g, NULL, now() "
                        "FROM generate_series(1, %1) g; %2 COMMIT;"_s.arg(loadRows())
                            .arg(BenchWorkload::markerSql(3)));
        QElapsedTimer timer;
        timer.start();
        waitForMarker(db, 3);
        const double elapsed = seconds(timer);
        const double rss = double(c->peakRssKib()) / 1024.0;
        c->stop(db);
        return {elapsed, rss};
    }
};

// The median of each component.
std::pair<double, double> medians(std::vector<std::pair<double, double>> values)
{
    auto median = [&](auto member) {
        std::vector<double> column;
        for (const auto &value : values)
            column.push_back(value.*member);
        std::sort(column.begin(), column.end());
        return column[column.size() / 2];
    };
    return {median(&std::pair<double, double>::first), median(&std::pair<double, double>::second)};
}

void print(const QList<Result> &results)
{
    std::printf("\n%-34s %-26s %12s %12s %8s\n", "workload", "metric", "built-in", "syncline",
                "ratio");
    for (const auto &r : results) {
        const double ratio =
            r.builtin > 0 && r.syncline > 0
                ? (r.higherIsBetter ? r.syncline / r.builtin : r.builtin / r.syncline)
                : 0;
        std::printf("%-34s %-26s %12.2f %12.2f %7.2fx\n", qPrintable(r.workload),
                    qPrintable(r.metric + u" ("_s + r.unit + u')'), r.builtin, r.syncline, ratio);
    }
    std::printf("ratio > 1 means Syncline is better; built-in replication is PostgreSQL's own "
                "publication/subscription.\n");
}

void writeJson(const QList<Result> &results, const QString &path)
{
    QJsonArray rows;
    for (const auto &r : results)
        rows.append(QJsonObject{{u"workload"_s, r.workload},
                                {u"metric"_s, r.metric},
                                {u"unit"_s, r.unit},
                                {u"builtin"_s, r.builtin},
                                {u"syncline"_s, r.syncline},
                                {u"higher_is_better"_s, r.higherIsBetter},
                                {u"note"_s, r.note}});
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QJsonDocument(QJsonObject{{u"results"_s, rows}}).toJson());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Syncline beside built-in logical replication"_s);
    parser.addHelpOption();
    parser.addOption({u"quick"_s, u"A tenth of the sizes, for a smoke run."_s});
    parser.addOption({u"only"_s,
                      u"Comma-separated: drain,streaming,load,copy,latency,bigtx,verify."_s,
                      u"names"_s});
    parser.addOption(
        {u"repeat"_s, u"Runs per workload and contender; medians are reported."_s, u"n"_s, u"3"_s});
    parser.addOption(
        {u"json"_s, u"Where to write the results."_s, u"file"_s, u"bench-results.json"_s});
    parser.addOption({u"transport"_s,
                      u"Syncline's transport: direct, or kafka (the embedded broker)."_s, u"type"_s,
                      u"direct"_s});
    parser.process(app);
    const QStringList only = parser.value(u"only"_s).split(u',', Qt::SkipEmptyParts);
    auto wanted = [&](const QString &name) { return only.isEmpty() || only.contains(name); };

    QTemporaryDir work;
    Bench bench{PgCluster::sharedSource(), PgCluster::sharedTarget(), work.path()};
    // The subscription launcher waits wal_retrieve_retry_interval (5 s) before restarting an
    // apply worker; that is not replication speed, so shorten it.
    bench.target.exec(u"postgres"_s, u"ALTER SYSTEM SET wal_retrieve_retry_interval = '50ms'"_s);
    bench.target.exec(u"postgres"_s, u"SELECT pg_reload_conf()"_s);
    bench.scale = parser.isSet(u"quick"_s) ? 10 : 1;
    if (parser.value(u"transport"_s) == u"kafka"_s)
        bench.transport = u"  type: kafka\n  brokers: embedded\n"_s;
    else if (parser.value(u"transport"_s) != u"direct"_s)
        parser.showHelp(2);
    const int repeat = std::max(1, parser.value(u"repeat"_s).toInt());
    QList<Result> results;
    const QString changes =
        QString::number(bench.transactions() * BenchWorkload::kChangesPerTransaction);
    const QString rows = QString::number(bench.loadRows());
    try {
        // Each workload runs `repeat` times per contender, alternating, and reports medians.
        using Pair = std::pair<double, double>;
        auto measure = [&](const std::function<Pair(bool builtin)> &run) {
            std::vector<Pair> builtin, syncline;
            for (int i = 0; i < repeat; ++i) {
                builtin.push_back(run(true));
                syncline.push_back(run(false));
            }
            return std::pair{medians(builtin), medians(syncline)};
        };
        auto single = [](double value) { return Pair{value, 0}; };
        if (wanted(u"drain"_s)) {
            std::fprintf(stderr, "backlog drain...\n");
            const auto [b, s] =
                measure([&](bool builtin) { return single(bench.backlogDrain(builtin)); });
            results.append({u"backlog drain, "_s + changes + u" changes"_s, u"throughput"_s,
                            u"changes/s"_s, b.first, s.first});
        }
        if (wanted(u"streaming"_s)) {
            std::fprintf(stderr, "streaming...\n");
            const auto [b, s] = measure([&](bool builtin) { return bench.streaming(builtin); });
            results.append({u"streaming, "_s + changes + u" changes"_s, u"throughput"_s,
                            u"changes/s"_s, b.first, s.first});
            results.append({u"streaming, "_s + changes + u" changes"_s, u"lag after burst"_s,
                            u"s"_s, b.second, s.second, false});
        }
        if (wanted(u"load"_s)) {
            std::fprintf(stderr, "initial load...\n");
            const auto [b, s] =
                measure([&](bool builtin) { return single(bench.initialLoad(builtin)); });
            std::vector<Pair> dumps;
            for (int i = 0; i < repeat; ++i)
                dumps.push_back(single(bench.dumpRestoreLoad()));
            results.append({u"initial load, "_s + rows + u" rows"_s, u"copy"_s, u"rows/s"_s,
                            b.first, s.first});
            results.append({u"initial load, "_s + rows + u" rows"_s, u"vs pg_dump | psql"_s,
                            u"rows/s"_s, medians(dumps).first, s.first, true,
                            u"builtin column = pg_dump | psql"_s});
        }
        if (wanted(u"copy"_s)) {
            std::fprintf(stderr, "copy while streaming...\n");
            const auto [b, s] =
                measure([&](bool builtin) { return bench.copyWhileStreaming(builtin); });
            results.append({u"copy "_s + rows + u" rows while streaming 1,000/s"_s, u"copy"_s,
                            u"rows/s"_s, b.first, s.first, true,
                            u"built-in: table re-added, REFRESH PUBLICATION copy_data"_s});
            results.append({u"copy "_s + rows + u" rows while streaming 1,000/s"_s,
                            u"streaming lag p99"_s, u"ms"_s, b.second, s.second, false});
        }
        if (wanted(u"latency"_s)) {
            std::fprintf(stderr, "latency...\n");
            const auto [b, s] = measure([&](bool builtin) { return bench.latency(builtin); });
            results.append({u"latency, 200 commits 20 ms apart"_s, u"p50"_s, u"ms"_s, b.first,
                            s.first, false});
            results.append({u"latency, 200 commits 20 ms apart"_s, u"p99"_s, u"ms"_s, b.second,
                            s.second, false});
        }
        if (wanted(u"bigtx"_s)) {
            std::fprintf(stderr, "large transaction...\n");
            const auto [b, s] =
                measure([&](bool builtin) { return bench.largeTransaction(builtin); });
            results.append({u"one transaction of "_s + rows + u" rows"_s, u"apply after commit"_s,
                            u"s"_s, b.first, s.first, false});
            results.append({u"one transaction of "_s + rows + u" rows"_s, u"runner peak RSS"_s,
                            u"MiB"_s, 0, s.second, false, u"built-in applies inside the server"_s});
        }
        if (wanted(u"verify"_s)) {
            std::fprintf(stderr, "verify...\n");
            const long long verifyRows = 5000000 / bench.scale;
            const auto v = measureVerify(bench.source, bench.target, work.path(), verifyRows, 100);
            const QString workload =
                u"verify "_s + QString::number(verifyRows) + u" rows, 100 differences"_s;
            results.append({workload, u"time vs count(*) both sides"_s, u"s"_s, v.countSeconds,
                            v.verifySeconds, false, u"builtin column = count(*) pair"_s});
            results.append({workload, u"time vs hashing every row both sides"_s, u"s"_s,
                            v.hashSeconds, v.verifySeconds, false,
                            u"builtin column = one bare query a side"_s});
            results.append(
                {workload, u"time vs naive compare"_s, u"s"_s, v.naiveSeconds, v.verifySeconds,
                 false,
                 u"builtin column = COPY both, sort, diff (found %1 lines)"_s.arg(v.naiveFound)});
            results.append({workload, u"differences found"_s, u"rows"_s, double(v.planted),
                            double(v.found), true, u"builtin column = planted"_s});
            results.append(
                {workload, u"source CPU during verify"_s, u"s"_s, 0, v.sourceCpuSeconds, false});
            results.append({workload, u"rows/s at --max-rows-per-second"_s, u"rows/s"_s,
                            double(v.throttledLimit), v.throttledRowsPerSecond, false,
                            u"builtin column = the limit"_s});
        }
    } catch (const std::exception &error) {
        print(results);
        std::fprintf(stderr, "benchmark failed: %s\n", error.what());
        return 1;
    }
    print(results);
    writeJson(results, parser.value(u"json"_s));
    return 0;
}
