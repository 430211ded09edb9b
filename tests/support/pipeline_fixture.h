#pragma once

#include "pg_cluster.h"
#include "syncline_runner.h"

#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace syncline::test {

// A pipeline between fresh databases called `name` on the shared source and target clusters,
// run by a SynclineRunner in a temporary directory. Methods return an empty string on success,
// else what went wrong together with the runner's output, for SYNCLINE_EXPECT_OK.
class PipelineFixture
{
public:
    // Throws PgError when the databases cannot be made.
    PipelineFixture(const QString &name, const QString &sourceSchemaSql, const QStringList &tables,
                    const QString &snapshot = QStringLiteral("initial"),
                    int batchMaxChanges = 5000);

    static std::unique_ptr<PipelineFixture>
    create(const QString &name, const QString &sourceSchemaSql, const QStringList &tables,
           const QString &snapshot = QStringLiteral("initial"), int batchMaxChanges = 5000)
    {
        return std::make_unique<PipelineFixture>(name, sourceSchemaSql, tables, snapshot,
                                                 batchMaxChanges);
    }

    PgCluster &source() { return PgCluster::sharedSource(); }
    PgCluster &target() { return PgCluster::sharedTarget(); }

    // Rewrites the pipeline file with these source properties added ("  snapshot: never\n").
    void setSourceOptions(const QString &yamlLines);
    // Rewrites the pipeline file with these sink properties added ("    on_error: stop\n").
    void setSinkOptions(const QString &yamlLines);
    // Rewrites the pipeline file with these entries of "sinks:" instead of the postgres sink.
    void setSinks(const QString &yamlEntries);
    // Rewrites the pipeline file with this transport mapping ("  type: kafka\n  brokers: ...").
    void setTransport(const QString &yamlLines);
    // Rewrites the pipeline file with these top-level lines added ("verify:\n  every: 3s\n").
    void setTopLevel(const QString &yamlLines);
    // Rewrites the pipeline file with these source tables (waitUntilInSync() still compares
    // the tables the fixture was made with, unless told others).
    void setSourceTables(const QStringList &sourceTables);
    // Rewrites the pipeline file without its source: a sink-only pipeline (transport: kafka).
    void removeSource();

    // When the test failed: keeps the directory and prints the tail of each run's log.
    ~PipelineFixture();

    QString startStreaming(int timeoutMs = 30000);
    QString waitUntilInSync(int timeoutMs = 30000) { return waitUntilInSync(tables, timeoutMs); }
    QString waitUntilInSync(const QStringList &tablesToCompare, int timeoutMs);
    QString stopGracefully();

private:
    QTemporaryDir m_dir; // before the runner, which works in it

public:
    const QString db;
    const QStringList tables;
    SynclineRunner runner;
    const QString pipelineFile;

private:
    PipelineSpec m_spec;
};

} // namespace syncline::test

#define SYNCLINE_EXPECT_OK(expression)                                                             \
    do {                                                                                           \
        const QString problem_ = (expression);                                                     \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                        \
    } while (false)
