#include "bench_report.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace syncline::bench {

using namespace Qt::StringLiterals;

namespace {

QString sourceDir()
{
    return QString::fromUtf8(SYNCLINE_BENCH_SOURCE_DIR);
}

// `git <arguments>` in the source tree, trimmed; empty when git is missing or fails.
QString git(const QStringList &arguments)
{
    QProcess process;
    process.start(u"git"_s, QStringList{u"-C"_s, sourceDir()} + arguments);
    if (!process.waitForFinished(10000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

QJsonArray toJson(const QList<double> &values)
{
    QJsonArray array;
    for (const double value : values)
        array.append(value);
    return array;
}

} // namespace

Result Measured::result(std::size_t index, const QString &metric, const QString &unit,
                        bool higherIsBetter, const QString &note) const
{
    Result r{workload, metric, unit, 0, 0, higherIsBetter, note, {}, {}};
    auto median = [&](const std::vector<Values> &runs, QList<double> &all) {
        std::vector<double> column;
        for (const auto &run : runs)
            column.push_back(run.at(index));
        all = QList<double>(column.begin(), column.end());
        std::sort(column.begin(), column.end());
        return column.empty() ? 0.0 : column[column.size() / 2];
    };
    r.builtin = median(builtin, r.builtinRuns);
    r.syncline = median(syncline, r.synclineRuns);
    return r;
}

void Measured::appendCpu(QList<Result> &results, std::size_t first, const QStringList &notes) const
{
    const QStringList builtinNotes{u"built-in has none: it applies inside the target server"_s,
                                   {},
                                   u"built-in: apply worker; syncline: the sink's sessions"_s,
                                   u"runner + walsender + target backend"_s};
    const QStringList &said = notes.isEmpty() ? builtinNotes : notes;
    results.append(result(first, u"CPU runner"_s, u"s"_s, false, said.value(0)));
    results.append(result(first + 1, u"CPU walsender"_s, u"s"_s, false, said.value(1)));
    results.append(result(first + 2, u"CPU target backend"_s, u"s"_s, false, said.value(2)));
    results.append(result(first + 3, u"efficiency"_s, u"changes/CPU-s"_s, true, said.value(3)));
}

void printResults(const QList<Result> &results)
{
    std::printf("\n%-34s %-26s %12s %12s %8s\n", "workload", "metric", "built-in", "syncline",
                "ratio");
    for (const auto &r : results) {
        const double ratio =
            r.builtin > 0 && r.syncline > 0
                ? (r.higherIsBetter ? r.syncline / r.builtin : r.builtin / r.syncline)
                : 0;
        std::printf("%-34s %-26s %12.2f %12.2f %7.2fx\n", qPrintable(r.workload),
                    qPrintable(r.metric + u" ("_s + r.unit + u')'), r.builtin, r.syncline, ratio);
    }
    std::printf("ratio > 1 means Syncline is better; built-in replication is PostgreSQL's own "
                "publication/subscription.\n");
    QStringList said;
    for (const auto &r : results)
        if (r.note.startsWith(u"builtin column"_s) && !said.contains(r.workload + r.note)) {
            said << r.workload + r.note;
            std::printf("  %s: %s\n", qPrintable(r.workload), qPrintable(r.note));
        }
    std::fflush(stdout); // before what main() says on stderr next
}

bool writeJson(const QList<Result> &results, const RunInfo &info, const QString &path)
{
    QJsonArray rows;
    for (const auto &r : results)
        rows.append(QJsonObject{{u"workload"_s, r.workload},
                                {u"metric"_s, r.metric},
                                {u"unit"_s, r.unit},
                                {u"builtin"_s, r.builtin},
                                {u"syncline"_s, r.syncline},
                                {u"higher_is_better"_s, r.higherIsBetter},
                                {u"note"_s, r.note},
                                {u"builtin_runs"_s, toJson(r.builtinRuns)},
                                {u"syncline_runs"_s, toJson(r.synclineRuns)}});
    const QString dirty = git({u"status"_s, u"--porcelain"_s, u"--untracked-files=no"_s});
    const QJsonObject run{{u"date"_s, QDateTime::currentDateTime().toString(Qt::ISODate)},
                          {u"commit"_s, git({u"rev-parse"_s, u"HEAD"_s})},
                          {u"uncommitted_changes"_s, !dirty.isEmpty()},
                          {u"arguments"_s, QJsonArray::fromStringList(info.arguments)},
                          {u"repeat"_s, info.repeat},
                          {u"quick"_s, info.quick},
                          {u"transport"_s, info.transport},
                          {u"cores"_s, QThread::idealThreadCount()},
                          {u"host"_s, QString(QSysInfo::prettyProductName() + u", kernel "_s +
                                              QSysInfo::kernelVersion())}};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(QJsonDocument(QJsonObject{{u"run"_s, run}, {u"results"_s, rows}}).toJson());
    return file.error() == QFile::NoError;
}

QString publishPath()
{
    const QDir dir(sourceDir() + u"/tests/bench/results"_s);
    dir.mkpath(u"."_s);
    const QString date = QDate::currentDate().toString(Qt::ISODate);
    QString path = dir.filePath(date + u".json"_s);
    for (int n = 2; QFile::exists(path); ++n)
        path = dir.filePath(date + u'-' + QString::number(n) + u".json"_s);
    return path;
}

} // namespace syncline::bench
