#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace syncline::test {

// What a pipeline file for a test should say.
struct PipelineSpec
{
    QString name;
    QString sourceDsn;
    QStringList tables;
    QString targetDsn;
    QString snapshot = QStringLiteral("initial");
    int batchMaxChanges = 5000;
    QString sourceOptions; // more YAML lines for the source, each indented by two spaces
    QString sinkOptions;   // more YAML lines for the sink, each indented by four spaces
    QString sinks; // when set, the entries of "sinks:" instead of the postgres sink "replica"
    QString transport = QStringLiteral("  type: direct\n"); // the transport mapping's lines
    QString topLevel; // more top-level YAML lines, after the sinks ("verify:\n  every: 3s\n")
    QString sourceType = QStringLiteral("postgres"); // or "mysql": a server_id, no slot
    unsigned serverId = 5401;                        // mysql only
};

// The `syncline` binary (or another program, such as the console) as a user runs it: a child
// process whose output goes to a log file.
class SynclineRunner
{
public:
    explicit SynclineRunner(const QString &workDir, QString program = binary());
    ~SynclineRunner(); // kills a process still running

    // Writes <workDir>/<name>.yaml and returns its path.
    QString writePipeline(const PipelineSpec &spec);

    void start(const QStringList &arguments);
    // Waits until the output (from this start on) contains `text`; false on timeout or exit.
    bool waitForOutput(const QString &text, int timeoutMs);
    void kill9();
    void terminate();               // SIGTERM, the graceful stop
    int waitForExit(int timeoutMs); // exit code; -1 on timeout, -2 when it crashed
    bool isRunning() const;
    qint64 pid() const;
    QString output() const; // everything this run printed
    QString outputTail(int lines = 30) const;

    // Runs to completion: {exit code, output}.
    static std::pair<int, QString> runOnce(const QStringList &arguments, int timeoutMs = 60000);
    static QString binary();

private:
    void checkFinishedRun(); // aborts the test when the last run printed a sanitizer report

    QString m_workDir;
    QString m_program;
    QString m_logFile;
    int m_runs = 0;
    bool m_logChecked = false;
    std::unique_ptr<QProcess> m_process;
};

} // namespace syncline::test
