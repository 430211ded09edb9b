#include "pipeline_fixture.h"

#include "table_compare.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>

namespace syncline::test {

using namespace Qt::StringLiterals;

namespace {

QString createDatabases(const QString &name, const QString &schemaSql)
{
    PgCluster::sharedSource().createDatabase(name);
    PgCluster::sharedTarget().createDatabase(name);
    if (!schemaSql.isEmpty())
        PgCluster::sharedSource().exec(name, schemaSql);
    return name;
}

PipelineSpec specFor(const QString &name, const QStringList &tables, const QString &snapshot,
                     int batchMaxChanges)
{
    PipelineSpec spec;
    spec.name = name;
    spec.sourceDsn = PgCluster::sharedSource().dsn(name);
    spec.targetDsn = PgCluster::sharedTarget().dsn(name);
    spec.tables = tables;
    spec.snapshot = snapshot;
    spec.batchMaxChanges = batchMaxChanges;
    return spec;
}

} // namespace

PipelineFixture::PipelineFixture(const QString &name, const QString &sourceSchemaSql,
                                 const QStringList &tables, const QString &snapshot,
                                 int batchMaxChanges)
    : db(createDatabases(name, sourceSchemaSql)), tables(tables), runner(m_dir.path()),
      pipelineFile(runner.writePipeline(specFor(name, tables, snapshot, batchMaxChanges))),
      m_spec(specFor(name, tables, snapshot, batchMaxChanges))
{}

PipelineFixture::~PipelineFixture()
{
    if (!QTest::currentTestFailed())
        return;
    m_dir.setAutoRemove(false);
    qWarning().noquote() << "the pipeline's directory is kept:" << m_dir.path();
    const QDir dir(m_dir.path());
    for (const QString &name :
         dir.entryList({u"run-*.log"_s}, QDir::Files, QDir::Time | QDir::Reversed)) {
        QFile log(dir.filePath(name));
        if (!log.open(QIODevice::ReadOnly))
            continue;
        const QStringList lines = QString::fromUtf8(log.readAll()).split(u'\n');
        qWarning().noquote() << "--- the end of" << name << "---\n"
                             << lines.mid(std::max<qsizetype>(0, lines.size() - 60)).join(u'\n');
    }
}

void PipelineFixture::setSinkOptions(const QString &yamlLines)
{
    m_spec.sinkOptions = yamlLines;
    runner.writePipeline(m_spec);
}

void PipelineFixture::setSinks(const QString &yamlEntries)
{
    m_spec.sinks = yamlEntries;
    runner.writePipeline(m_spec);
}

void PipelineFixture::setSourceOptions(const QString &yamlLines)
{
    m_spec.sourceOptions = yamlLines;
    runner.writePipeline(m_spec);
}

void PipelineFixture::setSourceTables(const QStringList &sourceTables)
{
    m_spec.tables = sourceTables;
    runner.writePipeline(m_spec);
}

void PipelineFixture::removeSource()
{
    m_spec.sourceDsn.clear();
    runner.writePipeline(m_spec);
}

void PipelineFixture::setTopLevel(const QString &yamlLines)
{
    m_spec.topLevel = yamlLines;
    runner.writePipeline(m_spec);
}

void PipelineFixture::setTransport(const QString &yamlLines)
{
    m_spec.transport = yamlLines;
    runner.writePipeline(m_spec);
}

QString PipelineFixture::startStreaming(int timeoutMs)
{
    runner.start({u"run"_s, pipelineFile});
    if (runner.waitForOutput(u"streaming from slot"_s, timeoutMs))
        return {};
    return u"the runner did not start streaming:\n"_s + runner.outputTail();
}

QString PipelineFixture::waitUntilInSync(const QStringList &tablesToCompare, int timeoutMs)
{
    const QString difference =
        waitUntilTablesMatch(source(), db, target(), db, tablesToCompare, timeoutMs);
    if (difference.isEmpty())
        return {};
    return difference + u"\n--- runner output:\n"_s + runner.outputTail(60);
}

QString PipelineFixture::stopGracefully()
{
    runner.terminate();
    const int code = runner.waitForExit(30000);
    if (code == 0)
        return {};
    return u"the runner exited with %1:\n"_s.arg(code) + runner.outputTail();
}

} // namespace syncline::test
