#pragma once

#include "pipeline_fixture.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace syncline::test {

class KafkaMockCluster;

// The mock coordinator only hands a failed session's partitions to the next one once the old
// member's session has timed out (45 s by default); these librdkafka properties shorten that.
// Lines for a transport mapping's `properties:`, each indented by four spaces.
QString quickGroupProperties();

// A pipeline through `kafka` on `kafka`, with `tables` (default: the Workload's) on topics of
// `partitions` partitions that this creates: the mock broker cannot create topics on request
// (a real one can; Syncline asks it to). `moreProperties` are more librdkafka properties.
std::unique_ptr<PipelineFixture> kafkaPipeline(const QString &name, KafkaMockCluster &kafka,
                                               int partitions, int batchMaxChanges = 5000,
                                               const QString &schemaSql = {},
                                               const QStringList &tables = {},
                                               const QString &moreProperties = {});

// The transport of a pipeline without a source that applies the topics of `tables` (schema.table)
// under `topicPrefix`, with quickGroupProperties() and `moreProperties`.
QString consumerOnlyTransport(const KafkaMockCluster &kafka, const QString &topicPrefix,
                              const QStringList &tables, const QString &moreProperties = {});

// Writes, in `other`'s directory, the pipeline of a second member of `f`'s sink's consumer group
// `group`: without a source, applying `tables`' topics under f's name to f's target. Returns
// its file.
QString groupMemberPipeline(SynclineRunner &other, PipelineFixture &f, KafkaMockCluster &kafka,
                            const QString &group, const QStringList &tables,
                            const QString &sinkOptions = {}, const QString &moreProperties = {});

// Stops a runner that must still be running; empty when it ran and exited cleanly.
QString stopStillRunning(SynclineRunner &runner);

// Waits until `sql` on the target gives `expected`; else says what it gave, and the runner's log.
QString waitForTarget(PipelineFixture &f, const QString &sql, const QString &expected,
                      int timeoutMs);

} // namespace syncline::test
