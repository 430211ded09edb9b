#include "contenders.h"

#include "bench_workload.h"
#include "mariadb_server.h"
#include "pg/connection.h"
#include "pg_cluster.h"
#include "syncline_runner.h"

#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <libpq-fe.h>

#include <map>
#include <stdexcept>
#include <string>

namespace syncline::bench {

using namespace Qt::StringLiterals;
using test::PgCluster;

namespace {

// Looks up the processes behind a contender on connections kept open: the CPU meter asks every
// 100 ms, and a new connection each time would start a backend each time (about 30 ms of CPU on
// these 2 cores, charged to whichever contender runs).
class ProcessQueries
{
public:
    // The first column of each row, as process ids.
    std::vector<RoleProcess> pids(PgCluster &cluster, const QString &db, ProcessRole role,
                                  const std::string &sql)
    {
        const std::string dsn = cluster.dsn(db).toStdString();
        auto &conn = m_connections[dsn];
        if (!conn.isOpen())
            conn = pg::Connection::open(dsn);
        const pg::Result result = conn.exec(sql);
        std::vector<RoleProcess> found;
        for (int row = 0; row < PQntuples(result.get()); ++row)
            if (!pg::resultIsNull(result.get(), row, 0))
                found.push_back({role, std::stoll(pg::resultValue(result.get(), row, 0))});
        return found;
    }

    // The WAL senders that serve db on the source (pg_stat_replication lists them, without the
    // database; pg_stat_activity has it).
    std::vector<RoleProcess> walsenders(PgCluster &source, const QString &db)
    {
        return pids(source, db, ProcessRole::Walsender,
                    "SELECT r.pid FROM pg_stat_replication r JOIN pg_stat_activity a USING (pid) "
                    "WHERE a.datname = current_database()");
    }

    void close() { m_connections.clear(); }

private:
    std::map<std::string, pg::Connection> m_connections;
};

// PostgreSQL's own publication/subscription: the physical limit a tool outside the server chases.
class BuiltinReplication : public Contender
{
public:
    BuiltinReplication(PgCluster &source, PgCluster &target, bool streaming)
        : m_source(source), m_target(target), m_streaming(streaming)
    {}

    QString name() const override
    {
        return m_streaming ? u"built-in, streaming = on"_s : u"built-in"_s;
    }

    void start(const QString &db, bool copyData) override
    {
        m_source.exec(db, u"CREATE PUBLICATION bench_pub FOR TABLE "_s +
                              BenchWorkload::tables().join(u", "_s));
        m_target.exec(db, u"CREATE SUBSCRIPTION bench_sub_%1 CONNECTION '%2' PUBLICATION bench_pub "
                          "WITH (copy_data = %3, streaming = %4)"_s.arg(
                              db, m_source.dsn(db), copyData ? u"true"_s : u"false"_s,
                              m_streaming ? u"on"_s : u"off"_s));
    }
    bool initialCopyDone(const QString &db) override
    {
        // Every published table of this subscription is listed and copied: 'r' (ready) or 's'
        // (sync done: the copy is committed, the apply worker has yet to take the table over).
        // Before the tablesync workers start, or while one copies, a table is 'i', 'd' or 'f'.
        // And this subscription's apply worker is up.
        return m_target.queryValue(
                   db, u"SELECT (SELECT count(*) = %1 AND bool_and(r.srsubstate IN ('r', 's')) "
                       "FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid "
                       "WHERE s.subname = 'bench_sub_%2') AND EXISTS (SELECT 1 FROM "
                       "pg_stat_subscription WHERE subname = 'bench_sub_%2' AND relid IS NULL "
                       "AND pid IS NOT NULL)"_s.arg(BenchWorkload::tables().size())
                           .arg(db)) == u"t"_s;
    }
    QString state(const QString &db) override
    {
        QStringList tables;
        for (const auto &row : m_target.query(
                 db, u"SELECT r.srrelid::regclass, r.srsubstate FROM pg_subscription_rel r "
                     "JOIN pg_subscription s ON s.oid = r.srsubid "
                     "WHERE s.subname = 'bench_sub_%1' ORDER BY 1"_s.arg(db)))
            tables << row.join(u'=');
        const QString workers = m_target.queryValue(
            db, u"SELECT count(*) FROM pg_stat_subscription WHERE subname = 'bench_sub_%1' "
                "AND pid IS NOT NULL"_s.arg(db));
        return u"pg_subscription_rel states: "_s + tables.join(u", "_s) + u"; workers running: "_s +
               workers;
    }
    void pause(const QString &db) override
    {
        m_target.exec(db, u"ALTER SUBSCRIPTION bench_sub_%1 DISABLE"_s.arg(db));
        // Wait for the apply worker to exit, so that nothing is applied before resume().
        while (m_target.queryValue(
                   db, u"SELECT count(*) FROM pg_stat_subscription "
                       "WHERE subname = 'bench_sub_%1' AND pid IS NOT NULL"_s.arg(db)) != u"0"_s)
            QThread::msleep(20);
    }
    void resume(const QString &db) override
    {
        m_target.exec(db, u"ALTER SUBSCRIPTION bench_sub_%1 ENABLE"_s.arg(db));
    }
    void stop(const QString &db) override
    {
        m_queries.close();
        m_target.exec(db, u"DROP SUBSCRIPTION bench_sub_%1"_s.arg(db));
    }
    // PostgreSQL's way to copy one table again while the subscription streams: take it out of
    // the publication and put it back, then refresh with copy_data (a tablesync worker).
    void recopy(const QString &db, const QString &table) override
    {
        m_source.exec(db, u"ALTER PUBLICATION bench_pub DROP TABLE %1"_s.arg(table));
        m_target.exec(db, u"ALTER SUBSCRIPTION bench_sub_%1 REFRESH PUBLICATION"_s.arg(db));
        m_source.exec(db, u"ALTER PUBLICATION bench_pub ADD TABLE %1"_s.arg(table));
        m_target.exec(db, u"ALTER SUBSCRIPTION bench_sub_%1 REFRESH PUBLICATION "
                          "WITH (copy_data = true)"_s.arg(db));
    }
    bool recopyDone(const QString &db, const QString &table) override
    {
        return m_target.queryValue(
                   db, u"SELECT coalesce(bool_and(srsubstate = 'r'), false) "
                       "FROM pg_subscription_rel WHERE srrelid = '%1'::regclass"_s.arg(table)) ==
               u"t"_s;
    }
    std::vector<RoleProcess> processes(const QString &db) override
    {
        auto found = m_queries.walsenders(m_source, db);
        for (const auto &apply :
             m_queries.pids(m_target, db, ProcessRole::TargetBackend,
                            "SELECT pid FROM pg_stat_subscription WHERE subname = 'bench_sub_" +
                                db.toStdString() + "' AND pid IS NOT NULL"))
            found.push_back(apply);
        return found;
    }

private:
    PgCluster &m_source;
    ProcessQueries m_queries;
    PgCluster &m_target;
    bool m_streaming;
};

// `syncline run` on a pipeline file; what differs by source type is in the subclasses below.
class Syncline : public Contender
{
public:
    Syncline(PgCluster &target, const QString &workDir, const QString &transport,
             const QString &topLevel = {}, const QString &sinks = {}, qint64 sinkServer = 0)
        : m_target(target), m_runner(std::make_unique<test::SynclineRunner>(workDir)),
          m_transport(transport), m_topLevel(topLevel), m_sinks(sinks), m_sinkServer(sinkServer)
    {}

    QString name() const override { return u"syncline"_s; }

    void start(const QString &db, bool copyData) override
    {
        test::PipelineSpec spec = sourceSpec(db);
        spec.name = db;
        spec.targetDsn = m_target.dsn(db);
        spec.snapshot = copyData ? u"initial"_s : u"never"_s;
        spec.transport = m_transport;
        spec.topLevel = m_topLevel;
        spec.sinks = m_sinks;
        m_pipelineFile = m_runner->writePipeline(spec);
        resume(db);
    }
    bool initialCopyDone(const QString &) override
    {
        if (!m_runner->isRunning())
            throw std::runtime_error("syncline exited:\n" + m_runner->outputTail().toStdString());
        return m_runner->output().contains(streamingMessage());
    }
    QString state(const QString &) override
    {
        return (m_runner->isRunning() ? u"running; "_s : u"not running; "_s) + u"last output:\n"_s +
               m_runner->outputTail();
    }
    void pause(const QString &db) override { stop(db); }
    // An incremental snapshot (DBLog watermarks), asked for as an operator would.
    void recopy(const QString &, const QString &table) override
    {
        const auto result =
            test::SynclineRunner::runOnce({u"snapshot"_s, m_pipelineFile, u"--table"_s, table});
        if (result.first != 0)
            throw std::runtime_error("syncline snapshot failed: " + result.second.toStdString());
    }
    bool recopyDone(const QString &, const QString &table) override
    {
        if (!m_runner->isRunning())
            throw std::runtime_error("syncline exited:\n" + m_runner->outputTail().toStdString());
        return m_runner->output().contains(u"incremental snapshot of "_s + table + u" done"_s);
    }
    void resume(const QString &) override
    {
        m_runner->start({u"run"_s, m_pipelineFile});
        m_peakRss = 0;
        if (!m_runner->waitForOutput(u"[pipeline] starting"_s, 10000))
            throw std::runtime_error("syncline did not start:\n" +
                                     m_runner->outputTail().toStdString());
    }
    void stop(const QString &) override
    {
        m_queries.close();
        sampleRss();
        m_runner->terminate();
        if (m_runner->waitForExit(60000) != 0)
            throw std::runtime_error("syncline did not stop cleanly:\n" +
                                     m_runner->outputTail().toStdString());
    }
    long peakRssKib() const override
    {
        const_cast<Syncline *>(this)->sampleRss();
        return m_peakRss;
    }
    // The runner, the source's sender, and the sink's sessions on the target ("syncline sink
    // <name>").
    std::vector<RoleProcess> processes(const QString &db) override
    {
        auto found = sourceProcesses(db);
        if (m_runner->isRunning())
            found.push_back({ProcessRole::Runner, m_runner->pid()});
        if (m_sinkServer != 0)
            found.push_back({ProcessRole::TargetBackend, m_sinkServer});
        for (const auto &sink :
             m_queries.pids(m_target, db, ProcessRole::TargetBackend,
                            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                            "AND application_name LIKE 'syncline sink %'"))
            found.push_back(sink);
        return found;
    }

protected:
    // The source's part of the pipeline file for db: type, DSN, tables and capture settings.
    virtual test::PipelineSpec sourceSpec(const QString &db) = 0;
    // What the runner logs once it streams (after the initial snapshot, if any).
    virtual QString streamingMessage() const = 0;
    virtual std::vector<RoleProcess> sourceProcesses(const QString &db) = 0;

    ProcessQueries m_queries;

private:
    void sampleRss()
    {
        QFile status(u"/proc/%1/status"_s.arg(m_runner->pid()));
        if (!m_runner->isRunning() || !status.open(QIODevice::ReadOnly))
            return;
        const auto match = QRegularExpression(u"VmHWM:\\s+(\\d+) kB"_s)
                               .match(QString::fromLatin1(status.readAll()));
        if (match.hasMatch())
            m_peakRss = std::max(m_peakRss, match.captured(1).toLong());
    }

    PgCluster &m_target;
    std::unique_ptr<test::SynclineRunner> m_runner;
    QString m_transport;
    QString m_topLevel;
    QString m_sinks;
    qint64 m_sinkServer;
    QString m_pipelineFile;
    long m_peakRss = 0;
};

// PostgreSQL to PostgreSQL: the benchmark's tables through a slot and a publication.
class PostgresSyncline : public Syncline
{
public:
    PostgresSyncline(PgCluster &source, PgCluster &target, const QString &workDir,
                     const QString &transport, const QString &topLevel, const QString &sinks,
                     qint64 sinkServer)
        : Syncline(target, workDir, transport, topLevel, sinks, sinkServer), m_source(source)
    {}

protected:
    test::PipelineSpec sourceSpec(const QString &db) override
    {
        test::PipelineSpec spec;
        spec.sourceDsn = m_source.dsn(db);
        spec.tables = BenchWorkload::tables();
        return spec;
    }
    QString streamingMessage() const override { return u"streaming from slot"_s; }
    std::vector<RoleProcess> sourceProcesses(const QString &db) override
    {
        return m_queries.walsenders(m_source, db);
    }

private:
    PgCluster &m_source;
};

// MariaDB to PostgreSQL: the MySQL database db's tables, read from the binary log as a replica.
class MysqlSyncline : public Syncline
{
public:
    MysqlSyncline(test::MariaDbServer &source, PgCluster &target, const QString &workDir,
                  const QString &transport, QStringList tables)
        : Syncline(target, workDir, transport), m_source(source), m_tables(std::move(tables))
    {}

protected:
    test::PipelineSpec sourceSpec(const QString &db) override
    {
        test::PipelineSpec spec;
        spec.sourceType = u"mysql"_s;
        spec.sourceDsn = m_source.dsn(db);
        for (const auto &table : m_tables)
            spec.tables << db + u'.' + table;
        return spec;
    }
    QString streamingMessage() const override { return u"streaming the binary log from"_s; }
    // MariaDB sends the binary log from a thread of mariadbd that no query names by its thread
    // id: the whole server counts, which does nothing else while a drain is timed.
    std::vector<RoleProcess> sourceProcesses(const QString &) override
    {
        return {{ProcessRole::Walsender, m_source.pid()}};
    }

private:
    test::MariaDbServer &m_source;
    QStringList m_tables;
};

} // namespace

std::unique_ptr<Contender> makeBuiltinReplication(PgCluster &source, PgCluster &target,
                                                  bool streaming)
{
    return std::make_unique<BuiltinReplication>(source, target, streaming);
}

std::unique_ptr<Contender> makeSyncline(PgCluster &source, PgCluster &target,
                                        const QString &workDir, const QString &transport,
                                        const QString &topLevel, const QString &sinks,
                                        qint64 sinkServer)
{
    return std::make_unique<PostgresSyncline>(source, target, workDir, transport, topLevel, sinks,
                                              sinkServer);
}

std::unique_ptr<Contender> makeMysqlSyncline(test::MariaDbServer &source, PgCluster &target,
                                             const QString &workDir, const QString &transport,
                                             const QStringList &tables)
{
    return std::make_unique<MysqlSyncline>(source, target, workDir, transport, tables);
}

} // namespace syncline::bench
