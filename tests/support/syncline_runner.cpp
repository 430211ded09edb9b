#include "syncline_runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <csignal>
#include <cstdio>

namespace syncline::test {

using namespace Qt::StringLiterals;

namespace {

// Under the asan and tsan presets a child's sanitizer report goes to its log, not to the test's
// output, and a test that kills the child would pass without anyone seeing it: so it aborts here.
void abortOnSanitizerReport(const QString &output, const QString &program)
{
    static const QRegularExpression report(
        u"^(==\\d+==ERROR: \\w+Sanitizer|WARNING: ThreadSanitizer:|SUMMARY: \\w+Sanitizer:)"_s,
        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = report.match(output);
    if (!match.hasMatch())
        return;
    std::fprintf(stderr, "%s\n", qPrintable(output.mid(match.capturedStart(), 64 * 1024)));
    qFatal("%s printed a sanitizer report (above)", qPrintable(program));
}

} // namespace

QString SynclineRunner::binary()
{
    return QStringLiteral(SYNCLINE_BINARY);
}

SynclineRunner::SynclineRunner(const QString &workDir, QString program)
    : m_workDir(workDir), m_program(std::move(program))
{
    QDir().mkpath(workDir);
}

SynclineRunner::~SynclineRunner()
{
    if (isRunning())
        kill9();
    checkFinishedRun();
}

void SynclineRunner::checkFinishedRun()
{
    if (!m_logFile.isEmpty() && !m_logChecked && !isRunning()) {
        m_logChecked = true;
        abortOnSanitizerReport(output(), m_program);
    }
}

QString SynclineRunner::writePipeline(const PipelineSpec &spec)
{
    QString tables;
    for (const auto &table : spec.tables)
        tables += (tables.isEmpty() ? u""_s : u", "_s) + table;
    // Without a source DSN, a sink-only pipeline: spec.transport names the tables.
    // A MySQL source is a replica (server_id); a PostgreSQL one has a slot and a publication.
    const QString capture =
        spec.sourceType == u"mysql"_s
            ? u"  server_id: %1\n"_s.arg(spec.serverId)
            : u"  slot: %1\n  publication: %1\n"_s.arg(QString(spec.name).replace(u'-', u'_'));
    const QString source = spec.sourceDsn.isEmpty()
                               ? QString()
                               : u"source:\n"
                                 "  type: %1\n"
                                 "  dsn: \"%2\"\n"_s.arg(spec.sourceType, spec.sourceDsn) +
                                     capture +
                                     u"  tables: [%1]\n"
                                     "  snapshot: %2\n"_s.arg(tables, spec.snapshot) +
                                     spec.sourceOptions;
    const QString sinks = !spec.sinks.isEmpty()
                              ? spec.sinks
                              : u"  - name: replica\n"
                                "    type: postgres\n"
                                "    dsn: \"%1\"\n"
                                "    create_tables: true\n"
                                "    batch_max_changes: %2\n"_s.arg(
                                    spec.targetDsn, QString::number(spec.batchMaxChanges)) +
                                    spec.sinkOptions;
    const QString yaml = u"pipeline: "_s + spec.name + u'\n' + source + u"transport:\n"_s +
                         spec.transport + u"sinks:\n"_s + sinks + spec.topLevel;
    const QString path = m_workDir + u'/' + spec.name + u".yaml"_s;
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(yaml.toUtf8());
    return path;
}

void SynclineRunner::start(const QStringList &arguments)
{
    checkFinishedRun();
    m_logChecked = false;
    m_logFile = m_workDir + u"/run-%1.log"_s.arg(++m_runs);
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_logFile);
    m_process->setWorkingDirectory(m_workDir);
    m_process->start(m_program, arguments);
    m_process->waitForStarted(10000);
}

QString SynclineRunner::output() const
{
    QFile file(m_logFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString SynclineRunner::outputTail(int lines) const
{
    const QStringList all = output().split(u'\n');
    return all.mid(qMax(0, all.size() - lines)).join(u'\n');
}

bool SynclineRunner::waitForOutput(const QString &text, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (output().contains(text))
            return true;
        if (!isRunning())
            return output().contains(text);
        QThread::msleep(50);
    }
    return false;
}

bool SynclineRunner::isRunning() const
{
    if (!m_process)
        return false;
    m_process->waitForFinished(0);
    return m_process->state() != QProcess::NotRunning;
}

qint64 SynclineRunner::pid() const
{
    return m_process ? m_process->processId() : 0;
}

void SynclineRunner::kill9()
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_process->processId()), SIGKILL);
    m_process->waitForFinished(10000);
    checkFinishedRun();
}

void SynclineRunner::terminate()
{
    if (isRunning())
        ::kill(pid_t(m_process->processId()), SIGTERM);
}

int SynclineRunner::waitForExit(int timeoutMs)
{
    if (!m_process)
        return -1;
    if (!m_process->waitForFinished(timeoutMs) && m_process->state() != QProcess::NotRunning)
        return -1;
    checkFinishedRun();
    return m_process->exitStatus() == QProcess::CrashExit ? -2 : m_process->exitCode();
}

std::pair<int, QString> SynclineRunner::runOnce(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(binary(), arguments);
    const bool finished = process.waitForFinished(timeoutMs);
    if (!finished) {
        process.kill();
        process.waitForFinished();
    }
    const QString output = QString::fromUtf8(process.readAll());
    abortOnSanitizerReport(output, binary());
    return {finished ? process.exitCode() : -1, output};
}

} // namespace syncline::test
