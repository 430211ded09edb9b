#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace syncline::test {
class PgCluster;
class SynclineRunner;
} // namespace syncline::test

namespace syncline::bench {

// A way to keep a target database in step with a source database: built-in logical replication
// or Syncline. Each benchmark drives both through this interface on identical data.
class Contender
{
public:
    virtual ~Contender() = default;
    virtual QString name() const = 0;
    // Starts replicating db (source) into db (target): existing rows are copied when copyData.
    virtual void start(const QString &db, bool copyData) = 0;
    // True once the initial copy is complete.
    virtual bool initialCopyDone(const QString &db) = 0;
    virtual void pause(const QString &db) = 0;
    virtual void resume(const QString &db) = 0;
    virtual void stop(const QString &db) = 0;
    // Copies `table` again while streaming goes on; copyDone() says when it is complete.
    virtual void recopy(const QString &db, const QString &table) = 0;
    virtual bool recopyDone(const QString &db, const QString &table) = 0;
    // Peak RSS in KiB of the process that applies changes, or -1 when not measurable.
    virtual long peakRssKib() const { return -1; }
};

std::unique_ptr<Contender> makeBuiltinReplication(test::PgCluster &source, test::PgCluster &target);
// transport: the pipeline file's transport mapping ("  type: direct\n" or Kafka's).
std::unique_ptr<Contender> makeSyncline(test::PgCluster &source, test::PgCluster &target,
                                        const QString &workDir, const QString &transport);

} // namespace syncline::bench
