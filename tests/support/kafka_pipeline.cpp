#include "kafka_pipeline.h"

#include "kafka_mock.h"
#include "workload.h"

#include <QElapsedTimer>
#include <QThread>

namespace syncline::test {

using namespace Qt::StringLiterals;

QString quickGroupProperties()
{
    return u"    session.timeout.ms: 6000\n    heartbeat.interval.ms: 500\n"_s;
}

std::unique_ptr<PipelineFixture> kafkaPipeline(const QString &name, KafkaMockCluster &kafka,
                                               int partitions, int batchMaxChanges,
                                               const QString &schemaSql, const QStringList &tables,
                                               const QString &moreProperties)
{
    const QStringList names = tables.isEmpty() ? Workload::tables() : tables;
    for (const auto &table : names)
        kafka.createTopic(name + u'.' + table, partitions);
    kafka.createTopic(name + u"._schemas"_s, 1);
    auto f =
        PipelineFixture::create(name, schemaSql.isEmpty() ? Workload::createTablesSql() : schemaSql,
                                names, u"initial"_s, batchMaxChanges);
    f->setTransport(u"  type: kafka\n  brokers: \"%1\"\n  topic_prefix: %2\n  partitions: %3\n"
                    "  properties:\n"_s.arg(kafka.bootstrap(), name)
                        .arg(partitions) +
                    quickGroupProperties() + moreProperties);
    return f;
}

QString consumerOnlyTransport(const KafkaMockCluster &kafka, const QString &topicPrefix,
                              const QStringList &tables, const QString &moreProperties)
{
    return u"  type: kafka\n  brokers: \"%1\"\n  topic_prefix: %2\n  tables: [%3]\n"
           "  properties:\n"_s.arg(kafka.bootstrap(), topicPrefix, tables.join(u", "_s)) +
           quickGroupProperties() + moreProperties;
}

QString groupMemberPipeline(SynclineRunner &other, PipelineFixture &f, KafkaMockCluster &kafka,
                            const QString &group, const QStringList &tables,
                            const QString &sinkOptions, const QString &moreProperties)
{
    PipelineSpec spec;
    spec.name = f.db + u"_other"_s;
    spec.targetDsn = f.target().dsn(f.db);
    spec.sinkOptions = u"    group: "_s + group + u'\n' + sinkOptions;
    spec.transport = consumerOnlyTransport(kafka, f.db, tables, moreProperties);
    return other.writePipeline(spec);
}

QString stopStillRunning(SynclineRunner &runner)
{
    if (!runner.isRunning())
        return u"the runner had stopped:\n"_s + runner.outputTail();
    runner.terminate();
    const int code = runner.waitForExit(30000);
    return code == 0 ? QString()
                     : u"the runner exited with %1:\n"_s.arg(code) + runner.outputTail();
}

QString waitForTarget(PipelineFixture &f, const QString &sql, const QString &expected,
                      int timeoutMs)
{
    QString actual;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if ((actual = f.target().queryValue(f.db, sql)) == expected)
            return {};
        QThread::msleep(200);
    }
    return u"%1 gave %2, not %3\n--- runner:\n%4"_s.arg(sql, actual, expected,
                                                        f.runner.outputTail(40));
}

} // namespace syncline::test
