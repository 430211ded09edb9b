#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace syncline::test {
class MariaDbServer;
class PgCluster;
class SynclineRunner;
} // namespace syncline::test

namespace syncline::bench {

// What a process does for a contender, for its CPU seconds.
enum class ProcessRole
{
    Runner,       // syncline itself (built-in has none: it applies inside the target server)
    Walsender,    // the source's WAL sender that decodes for this contender (MariaDB: mariadbd)
    TargetBackend // the target's backend(s) that apply: the apply worker, or the sink's session
};

struct RoleProcess
{
    ProcessRole role;
    qint64 pid;
};

// A way to keep a target database in step with a source database: built-in logical replication
// or Syncline. Each benchmark drives both through this interface on identical data.
class Contender
{
public:
    virtual ~Contender() = default;
    virtual QString name() const = 0;
    // Starts replicating db (source) into db (target): existing rows are copied when copyData.
    virtual void start(const QString &db, bool copyData) = 0;
    // True once the initial copy is complete (every table copied, and streaming has begun).
    virtual bool initialCopyDone(const QString &db) = 0;
    // What the contender is doing, for an error message when it is not ready in time.
    virtual QString state(const QString &db) = 0;
    virtual void pause(const QString &db) = 0;
    virtual void resume(const QString &db) = 0;
    virtual void stop(const QString &db) = 0;
    // Copies `table` again while streaming goes on; copyDone() says when it is complete.
    virtual void recopy(const QString &db, const QString &table) = 0;
    virtual bool recopyDone(const QString &db, const QString &table) = 0;
    // Peak RSS in KiB of the process that applies changes, or -1 when not measurable.
    virtual long peakRssKib() const { return -1; }
    // The processes that do this contender's work for db right now.
    virtual std::vector<RoleProcess> processes(const QString &db) = 0;
};

// streaming: the subscription's streaming = on (a large transaction is sent while in progress;
// PostgreSQL 15's apply worker spools it to a file and applies it at its commit).
std::unique_ptr<Contender> makeBuiltinReplication(test::PgCluster &source, test::PgCluster &target,
                                                  bool streaming = false);
// transport: the pipeline file's transport mapping ("  type: direct\n" or Kafka's). topLevel:
// more top-level lines of the pipeline file (maskdrain's "transforms:"). sinks: the entries of
// "sinks:" instead of the postgres sink into target (redisdrain's Redis), whose server
// `sinkServer` is then the target backend.
std::unique_ptr<Contender> makeSyncline(test::PgCluster &source, test::PgCluster &target,
                                        const QString &workDir, const QString &transport,
                                        const QString &topLevel = {}, const QString &sinks = {},
                                        qint64 sinkServer = 0);
// Syncline from MariaDB: `tables` of the MySQL database named like the run's database (each
// reaches the target database's schema of that name).
std::unique_ptr<Contender> makeMysqlSyncline(test::MariaDbServer &source, test::PgCluster &target,
                                             const QString &workDir, const QString &transport,
                                             const QStringList &tables);

} // namespace syncline::bench
