// Syncline beside PostgreSQL's built-in logical replication, on identical data in the same run.
// Usage: syncline_bench [--quick] [--only NAME,...] [--repeat N] [--json FILE] [--publish]
// Prints a table (built-in, Syncline, ratio) and writes the same as JSON.

#include "bench_http.h"
#include "bench_mask.h"
#include "bench_mysql.h"
#include "bench_redis.h"
#include "bench_report.h"
#include "bench_timing.h"
#include "bench_verify.h"
#include "bench_workload.h"
#include "contenders.h"
#include "cpu_meter.h"
#include "pg_cluster.h"
#include "table_compare.h"

#include "pg/connection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <thread>

using namespace syncline;
using namespace syncline::bench;
using namespace Qt::StringLiterals;
using test::PgCluster;

namespace {

struct Bench
{
    PgCluster &source;
    PgCluster &target;
    QString workDir;
    QString transport = u"  type: direct\n"_s; // --transport kafka: through the embedded broker
    int scale = 1;                             // --quick divides sizes by 10
    int transactions() const { return 2000 / scale; }
    int runs = 0;

    QString previousDatabase;

    // Each run gets new databases; the previous run's go first, with the replication slot a
    // stopped runner leaves: a full run would otherwise hold more slots than the servers allow.
    QString freshDatabase(const QString &prefix)
    {
        if (!previousDatabase.isEmpty()) {
            source.exec(u"postgres"_s,
                        u"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                        "WHERE database = '%1' AND NOT active"_s.arg(previousDatabase));
            source.exec(u"postgres"_s, u"DROP DATABASE %1 WITH (FORCE)"_s.arg(previousDatabase));
            target.exec(u"postgres"_s, u"DROP DATABASE %1 WITH (FORCE)"_s.arg(previousDatabase));
        }
        const QString db = prefix + u'_' + QString::number(++runs);
        previousDatabase = db;
        source.createDatabase(db);
        target.createDatabase(db);
        source.exec(db, BenchWorkload::schemaSql());
        target.exec(
            db,
            BenchWorkload::schemaSql() +
                u"ALTER TABLE latency ADD COLUMN applied_at timestamptz DEFAULT clock_timestamp();"_s);
        return db;
    }

    // Before a timed run, for both contenders alike: autovacuum finds nothing due on the written
    // tables, and neither cluster has dirty buffers to write or a timed checkpoint due (each
    // resets its timer). On 2 cores either, started during a drain, costs one contender ~10%.
    void settle(const QString &db)
    {
        source.exec(db, u"VACUUM ANALYZE"_s);
        source.exec(u"postgres"_s, u"CHECKPOINT"_s);
        target.exec(u"postgres"_s, u"CHECKPOINT"_s);
    }

    std::unique_ptr<Contender> contender(bool builtin)
    {
        if (builtin)
            return makeBuiltinReplication(source, target);
        return makeSyncline(source, target, workDir, transport);
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

    void waitForMarker(const QString &db, int value, CpuMeter *cpu = nullptr)
    {
        bench::waitForMarker(target, db, u"public"_s, value, cpu);
    }

    void verify(const QString &db)
    {
        for (const auto &table : {u"public.accounts"_s, u"public.docs"_s}) {
            const QString difference = test::compareTable(source, db, target, db, table);
            if (!difference.isEmpty())
                throw std::runtime_error("target differs from source: " + difference.toStdString());
        }
    }

    // Changes written while the pipeline is stopped (by `write`), then drained until the marker
    // committed after them arrives: drainFigures().
    Values drain(bool builtin, const QString &prefix, int marker,
                 const std::function<void(const QString &db)> &write)
    {
        const QString db = freshDatabase(prefix);
        return drain(*contender(builtin), db, marker, write, [&] { verify(db); });
    }

    // The same with a given contender, in db, checked by `check`; `arrived`: whether the
    // marker arrived, when the target is not PostgreSQL.
    Values drain(Contender &c, const QString &db, int marker,
                 const std::function<void(const QString &db)> &write,
                 const std::function<void()> &check, const std::function<bool()> &arrived = {})
    {
        const DrainSteps steps{[&] {
                                   write(db);
                                   source.exec(db, BenchWorkload::markerSql(marker));
                               },
                               [&] { settle(db); }, check, arrived};
        return timeDrain(c, target, db, u"public"_s, marker,
                         transactions() * BenchWorkload::kChangesPerTransaction, steps);
    }

    // transactions() of 100 changes each.
    Values backlogDrain(bool builtin)
    {
        return drain(builtin, u"drain"_s, 1,
                     [&](const QString &db) { writeTransactions(db, transactions()); });
    }

    // maskdrain: backlogDrain() through Syncline, without transforms or with MaskChain's four
    // masks. MaskChain::difference() must find the masked target as configured, and must find
    // the unmasked one (checked as every drain is) different: the check is not vacuous.
    Values maskDrain(bool masked)
    {
        const QString db = freshDatabase(u"maskdrain"_s);
        auto c = makeSyncline(source, target, workDir, transport,
                              masked ? MaskChain::transformsYaml() : QString());
        return drain(
            *c, db, 12, [&](const QString &) { writeTransactions(db, transactions()); },
            [&] {
                if (!masked)
                    verify(db);
                MaskChain::check(source, target, db, masked);
            });
    }

    // httpdrain: the drain's changes into the http sink (compact format, batches of 500, 4 in
    // flight) against BenchReceiver, timed until it counted all of them (and the marker's 3).
    Values httpDrain()
    {
        const QString db = freshDatabase(u"httpdrain"_s);
        BenchReceiver receiver;
        auto c = makeSyncline(source, target, workDir, transport, {},
                              httpSinkYaml(receiver.port(), 500, 4));
        return timeHttpDrain(
            *c, receiver, db, (long long)transactions() * BenchWorkload::kChangesPerTransaction + 3,
            [&] {
                writeTransactions(db, transactions());
                source.exec(db, BenchWorkload::markerSql(13));
            },
            [&] { settle(db); });
    }

    // redisdrain: backlogDrain() into Redis (materialize, a hash per row), checked row by row.
    std::unique_ptr<RedisTarget> redis;
    Values redisDrain()
    {
        if (!redis)
            redis = std::make_unique<RedisTarget>();
        redis->flush();
        const QString db = freshDatabase(u"redisdrain"_s);
        auto c =
            makeSyncline(source, target, workDir, transport, {}, redis->sinksYaml(), redis->pid());
        return drain(
            *c, db, 13, [&](const QString &) { writeTransactions(db, transactions()); },
            [&] { redis->check(source, db); }, [&] { return redis->markerArrived(13); });
    }

    // The same changes in ONE source transaction.
    Values oneTransactionDrain(bool builtin)
    {
        return drain(builtin, u"drain1tx"_s, 5, [&](const QString &db) {
            source.exec(db, BenchWorkload::largeTransactionSql(transactions()));
        });
    }

    // The same writes while the pipeline runs: {changes per second end to end, lag after burst}.
    std::pair<double, double> streaming(bool builtin)
    {
        const QString db = freshDatabase(u"stream"_s);
        auto c = contender(builtin);
        c->start(db, false);
        waitReady(*c, db, "the pipeline to start");
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
        settle(db);
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
        waitReady(*c, db, "the initial copy");
        const double elapsed = seconds(timer);
        const QString copied = target.queryValue(db, u"SELECT count(*) FROM accounts"_s);
        if (copied != QString::number(loadRows()))
            throw std::runtime_error("initial copy incomplete: " + copied.toStdString() + " of " +
                                     std::to_string(loadRows()) +
                                     " rows in accounts once it reported the copy done");
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
        waitReady(*c, db, "the pipeline to start");
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
        waitReady(*c, db, "the pipeline to start");
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

    static constexpr int kOfferedRate = 20000; // changes/s, in transactions of 100
    int rateSeconds() const { return 30 / scale; }

    // Transactions of 100 changes offered at kOfferedRate for rateSeconds(), two every 10 ms,
    // each with a latency probe (clock_timestamp() just before its COMMIT). A writer that falls
    // behind its schedule sends the next ones at once. {p50, p99, max lag in ms, achieved
    // offered rate in changes/s, CPU s of runner, walsender, target backend, changes per CPU s}.
    Values fixedRate(bool builtin)
    {
        const QString db = freshDatabase(u"rate"_s);
        auto c = contender(builtin);
        c->start(db, false);
        waitReady(*c, db, "the pipeline to start");
        QThread::msleep(500);
        const int perTick = kOfferedRate / BenchWorkload::kChangesPerTransaction / 100;
        const int count = rateSeconds() * 100 * perTick;
        CpuMeter cpu(*c, db);
        cpu.start();
        QElapsedTimer timer;
        {
            auto conn = pg::Connection::open(source.dsn(db).toStdString());
            timer.start();
            const auto begin = std::chrono::steady_clock::now();
            for (int tick = 0; tick * perTick < count; ++tick) {
                std::this_thread::sleep_until(begin + std::chrono::milliseconds(10) * tick);
                QString sql;
                for (int i = tick * perTick; i < (tick + 1) * perTick; ++i)
                    sql +=
                        u"BEGIN;"_s + BenchWorkload::changesSql(i) +
                        u"INSERT INTO latency VALUES (%1, clock_timestamp()); COMMIT;"_s.arg(i + 1);
                conn.exec(sql.toStdString());
            }
        }
        const double written = seconds(timer);
        auto poll = pg::Connection::open(target.dsn(db).toStdString());
        const std::string expected = std::to_string(count);
        waitFor([&] { return poll.queryValue("SELECT count(*) FROM latency") == expected; },
                "every latency probe");
        const CpuSeconds used = cpu.stop();
        auto lag = [&](const std::string &aggregate) {
            return std::stod(poll.queryValue("SELECT " + aggregate +
                                             " FROM (SELECT extract(epoch FROM applied_at - "
                                             "committed_at) * 1000 AS ms FROM latency) l"));
        };
        const double p50 = lag("percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)");
        const double p99 = lag("percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)");
        const double max = lag("max(ms)");
        verify(db);
        c->stop(db);
        // The probes (1 in 101 changes) are not counted, so that the rate compares with the offer.
        const double changes = double(count) * BenchWorkload::kChangesPerTransaction;
        const Values cpuUsed = cpuFigures(changes, used);
        Values all{p50, p99, max, changes / written};
        all.insert(all.end(), cpuUsed.begin(), cpuUsed.end());
        return all;
    }

    // One transaction of loadRows() inserts: {seconds to apply after commit, peak RSS MiB,
    // then cpuFigures() from the insert's start}. builtinStreaming: the built-in contender with
    // the subscription's streaming = on.
    Values largeTransaction(bool builtin, bool builtinStreaming = false)
    {
        const QString db = freshDatabase(u"bigtx"_s);
        auto c =
            builtinStreaming ? makeBuiltinReplication(source, target, true) : contender(builtin);
        c->start(db, false);
        waitReady(*c, db, "the pipeline to start");
        CpuMeter cpu(*c, db);
        cpu.start();
        source.exec(db, u"BEGIN; INSERT INTO accounts SELECT g, 'owner ' || g, g, NULL, now() "
                        "FROM generate_series(1, %1) g; %2 COMMIT;"_s.arg(loadRows())
                            .arg(BenchWorkload::markerSql(3)));
        QElapsedTimer timer;
        timer.start();
        waitForMarker(db, 3, &cpu);
        const double elapsed = seconds(timer);
        const CpuSeconds used = cpu.stop();
        const double rss = double(c->peakRssKib()) / 1024.0;
        c->stop(db);
        Values figures{elapsed, rss};
        const Values cpuUsed = cpuFigures(double(loadRows()), used);
        figures.insert(figures.end(), cpuUsed.begin(), cpuUsed.end());
        return figures;
    }
};

Values pairValues(const std::pair<double, double> &pair)
{
    return {pair.first, pair.second};
}

// The workloads --only takes, in the order they run (tests/bench/README.md describes each).
const QStringList kWorkloads{u"drain"_s,      u"drain1tx"_s,  u"streaming"_s, u"rate"_s,
                             u"load"_s,       u"copy"_s,      u"latency"_s,   u"bigtx"_s,
                             u"mysqldrain"_s, u"mysqlload"_s, u"maskdrain"_s, u"httpdrain"_s,
                             u"redisdrain"_s, u"verify"_s};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Syncline beside built-in logical replication"_s);
    parser.addHelpOption();
    parser.addOption({u"quick"_s, u"A tenth of the sizes, for a smoke run."_s});
    parser.addOption(
        {u"only"_s, u"Comma-separated: "_s + kWorkloads.join(u',') + u'.', u"names"_s});
    parser.addOption(
        {u"repeat"_s, u"Runs per workload and contender; medians are reported."_s, u"n"_s, u"3"_s});
    parser.addOption(
        {u"json"_s, u"Where to write the results."_s, u"file"_s, u"bench-results.json"_s});
    parser.addOption({u"publish"_s,
                      u"Also write tests/bench/results/<date>.json in the source "
                      "tree (with the commit measured), for the README's figures."_s});
    parser.addOption({u"transport"_s,
                      u"Syncline's transport: direct, or kafka (the embedded broker)."_s, u"type"_s,
                      u"direct"_s});
    parser.process(app);
    const QStringList only = parser.value(u"only"_s).split(u',', Qt::SkipEmptyParts);
    for (const QString &name : only)
        if (!kWorkloads.contains(name)) {
            std::fprintf(stderr, "--only: no workload '%s' (%s)\n", qPrintable(name),
                         qPrintable(kWorkloads.join(u", "_s)));
            return 2;
        }
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
    const QString synclineName = u"syncline ("_s + parser.value(u"transport"_s) + u')';
    QList<Result> results;
    const QString changes =
        QString::number(bench.transactions() * BenchWorkload::kChangesPerTransaction);
    const QString rows = QString::number(bench.loadRows());
    try {
        // Each workload runs `repeat` times per contender, alternating, and reports medians. A
        // failure names the workload and the contender.
        // names: what the two columns measure, when not built-in and Syncline.
        auto measure = [&](const QString &workload, const std::function<Values(bool builtin)> &run,
                           const QStringList &names = {}) {
            Measured measured{workload, {}, {}};
            for (int i = 0; i < repeat; ++i)
                for (const bool builtin : {true, false}) {
                    try {
                        (builtin ? measured.builtin : measured.syncline).push_back(run(builtin));
                    } catch (const std::exception &error) {
                        const QString name =
                            names.value(builtin ? 0 : 1, builtin ? u"built-in"_s : synclineName);
                        throw std::runtime_error(workload.toStdString() + ", " +
                                                 name.toStdString() + ", run " +
                                                 std::to_string(i + 1) + ": " + error.what());
                    }
                }
            return measured;
        };
        if (wanted(u"drain"_s)) {
            std::fprintf(stderr, "backlog drain...\n");
            const auto m = measure(u"backlog drain, "_s + changes + u" changes"_s,
                                   [&](bool builtin) { return bench.backlogDrain(builtin); });
            results.append(m.result(0, u"throughput"_s, u"changes/s"_s));
            m.appendCpu(results, 1);
        }
        if (wanted(u"drain1tx"_s)) {
            std::fprintf(stderr, "one large transaction drain...\n");
            const auto m =
                measure(u"drain, "_s + changes + u" changes in 1 tx"_s,
                        [&](bool builtin) { return bench.oneTransactionDrain(builtin); });
            results.append(m.result(0, u"throughput"_s, u"changes/s"_s));
            m.appendCpu(results, 1);
        }
        if (wanted(u"streaming"_s)) {
            std::fprintf(stderr, "streaming...\n");
            const auto m = measure(u"streaming, "_s + changes + u" changes"_s, [&](bool builtin) {
                return pairValues(bench.streaming(builtin));
            });
            results.append(m.result(0, u"throughput"_s, u"changes/s"_s));
            results.append(m.result(1, u"lag after burst"_s, u"s"_s, false));
        }
        if (wanted(u"rate"_s)) {
            std::fprintf(stderr, "streaming at a fixed offered rate...\n");
            const auto m = measure(
                u"offered %1/s for %2 s"_s.arg(Bench::kOfferedRate).arg(bench.rateSeconds()),
                [&](bool builtin) { return bench.fixedRate(builtin); });
            results.append(m.result(0, u"lag p50"_s, u"ms"_s, false));
            results.append(m.result(1, u"lag p99"_s, u"ms"_s, false));
            results.append(m.result(2, u"lag max"_s, u"ms"_s, false));
            results.append(m.result(3, u"offered rate"_s, u"changes/s"_s, true,
                                    u"below the target: the writer fell behind its schedule"_s));
            m.appendCpu(results, 4);
        }
        if (wanted(u"load"_s)) {
            std::fprintf(stderr, "initial load...\n");
            const QString workload = u"initial load, "_s + rows + u" rows"_s;
            const auto m =
                measure(workload, [&](bool builtin) { return Values{bench.initialLoad(builtin)}; });
            Measured dumps{workload, {}, m.syncline};
            for (int i = 0; i < repeat; ++i)
                dumps.builtin.push_back({bench.dumpRestoreLoad()});
            results.append(m.result(0, u"copy"_s, u"rows/s"_s));
            results.append(dumps.result(0, u"vs pg_dump | psql"_s, u"rows/s"_s, true,
                                        u"builtin column = pg_dump | psql"_s));
        }
        if (wanted(u"copy"_s)) {
            std::fprintf(stderr, "copy while streaming...\n");
            const auto m =
                measure(u"copy "_s + rows + u" rows while streaming 1,000/s"_s, [&](bool builtin) {
                    return pairValues(bench.copyWhileStreaming(builtin));
                });
            results.append(m.result(0, u"copy"_s, u"rows/s"_s, true,
                                    u"built-in: table re-added, REFRESH PUBLICATION copy_data"_s));
            results.append(m.result(1, u"streaming lag p99"_s, u"ms"_s, false));
        }
        if (wanted(u"latency"_s)) {
            std::fprintf(stderr, "latency...\n");
            const auto m = measure(u"latency, 200 commits 20 ms apart"_s, [&](bool builtin) {
                return pairValues(bench.latency(builtin));
            });
            results.append(m.result(0, u"p50"_s, u"ms"_s, false));
            results.append(m.result(1, u"p99"_s, u"ms"_s, false));
        }
        if (wanted(u"bigtx"_s)) {
            std::fprintf(stderr, "large transaction...\n");
            const auto m = measure(u"one transaction of "_s + rows + u" rows"_s,
                                   [&](bool builtin) { return bench.largeTransaction(builtin); });
            results.append(m.result(0, u"apply after commit"_s, u"s"_s, false));
            Measured streamed{m.workload, {}, m.syncline};
            for (int i = 0; i < repeat; ++i)
                streamed.builtin.push_back(bench.largeTransaction(true, true));
            results.append(streamed.result(0, u"vs built-in streaming = on"_s, u"s"_s, false,
                                           u"builtin column = subscription with streaming = on"_s));
            Result rss = m.result(1, u"runner peak RSS"_s, u"MiB"_s, false,
                                  u"built-in applies inside the server"_s);
            rss.builtin = 0;
            rss.builtinRuns.clear();
            results.append(rss);
            m.appendCpu(results, 2);
        }
        std::unique_ptr<MysqlBench> mysql;
        if (wanted(u"mysqldrain"_s) || wanted(u"mysqlload"_s))
            mysql = std::make_unique<MysqlBench>(bench.target, work.path(), bench.transport,
                                                 bench.scale);
        if (wanted(u"mysqldrain"_s)) {
            std::fprintf(stderr, "MariaDB backlog drain...\n");
            // Syncline from PostgreSQL in the built-in column: the goal is a ratio to it.
            const auto m =
                measure(u"MariaDB drain, "_s + changes + u" changes"_s,
                        [&](bool pg) { return pg ? bench.backlogDrain(false) : mysql->drain(); },
                        {u"syncline from PostgreSQL"_s, synclineName + u" from MariaDB"_s});
            const QString pgColumn =
                u"builtin column = syncline PostgreSQL to PostgreSQL (drain)"_s;
            results.append(m.result(0, u"throughput"_s, u"changes/s"_s, true, pgColumn));
            m.appendCpu(results, 1,
                        {pgColumn, u"MariaDB: the whole mariadbd, which only sends the log"_s,
                         pgColumn, pgColumn});
        }
        if (wanted(u"mysqlload"_s)) {
            std::fprintf(stderr, "MariaDB initial load...\n");
            const auto m = measure(u"MariaDB initial load, "_s +
                                       QString::number(mysql->loadRows()) + u" rows"_s,
                                   [&](bool dump) {
                                       if (dump)
                                           return mysql->dumpLoad();
                                       const double rate = mysql->initialLoad();
                                       return Values{rate, rate};
                                   },
                                   {u"mariadb-dump --tab"_s, synclineName});
            results.append(m.result(0, u"copy vs dump + \\copy"_s, u"rows/s"_s, true,
                                    u"builtin column = mariadb-dump --tab, then psql \\copy"_s));
            results.append(
                m.result(1, u"vs mariadb-dump alone"_s, u"rows/s"_s, true,
                         u"builtin column = mariadb-dump --tab alone, nothing loaded"_s));
        }
        if (wanted(u"maskdrain"_s)) {
            std::fprintf(stderr, "backlog drain through 4 masks...\n");
            // Syncline without transforms in the built-in column: the goal is a ratio.
            const auto m =
                measure(u"masked drain, "_s + changes + u" changes"_s,
                        [&](bool plain) { return bench.maskDrain(!plain); },
                        {synclineName + u", no transforms"_s, synclineName + u", 4 masks"_s});
            const QString plainColumn = u"builtin column = syncline without transforms (drain)"_s;
            results.append(m.result(0, u"throughput"_s, u"changes/s"_s, true, plainColumn));
            m.appendCpu(results, 1, {plainColumn, plainColumn, plainColumn, plainColumn});
        }
        if (wanted(u"httpdrain"_s)) {
            std::fprintf(stderr, "backlog drain into the http sink...\n");
            // Syncline into PostgreSQL in the built-in column, on the same changes.
            const auto m =
                measure(u"http drain, "_s + changes + u" changes"_s,
                        [&](bool pg) {
                            if (!pg)
                                return bench.httpDrain();
                            Values figures = bench.backlogDrain(false);
                            figures.insert(figures.end(), {0, 0}); // no receiver
                            return figures;
                        },
                        {synclineName + u" into PostgreSQL"_s, synclineName + u" into HTTP"_s});
            const QString pgColumn = u"builtin column = syncline into PostgreSQL (drain)"_s;
            results.append(m.result(0, u"throughput"_s, u"changes/s"_s, true, pgColumn));
            m.appendCpu(
                results, 1,
                {pgColumn, pgColumn, u"http: no target backend (the receiver)"_s, pgColumn});
            results.append(m.result(5, u"receiver CPU"_s, u"s"_s, false,
                                    u"http: the bench's receiver, all its threads"_s));
            results.append(m.result(6, u"in flight, most"_s, u"requests"_s, true,
                                    u"http: as the receiver saw them (max_in_flight: 4)"_s));
        }
        if (wanted(u"redisdrain"_s)) {
            std::fprintf(stderr, "backlog drain into Redis...\n");
            // Syncline into PostgreSQL in the built-in column: the goal is a ratio.
            const auto m = measure(
                u"Redis drain, "_s + changes + u" changes"_s,
                [&](bool pg) { return pg ? bench.backlogDrain(false) : bench.redisDrain(); },
                {synclineName + u" into PostgreSQL"_s, synclineName + u" into Redis"_s});
            const QString pgColumn = u"builtin column = syncline into PostgreSQL (drain)"_s;
            results.append(m.result(0, u"throughput"_s, u"changes/s"_s, true, pgColumn));
            m.appendCpu(results, 1,
                        {pgColumn, pgColumn, u"Redis: the whole redis-server"_s, pgColumn});
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
        printResults(results);
        std::fprintf(stderr, "benchmark failed: %s\n", error.what());
        return 1;
    }
    printResults(results);
    const RunInfo info{app.arguments().mid(1), repeat, bench.scale != 1,
                       parser.value(u"transport"_s)};
    QStringList paths{parser.value(u"json"_s)};
    if (parser.isSet(u"publish"_s))
        paths << publishPath();
    for (const auto &path : paths) {
        if (!writeJson(results, info, path)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        std::fprintf(stderr, "results written to %s\n", qPrintable(path));
    }
    return 0;
}
