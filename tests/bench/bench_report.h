#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

namespace syncline::bench {

// One line of the results table: a metric of a workload, the median for each contender.
struct Result
{
    QString workload;
    QString metric;
    QString unit;
    double builtin = 0;
    double syncline = 0;
    bool higherIsBetter = true;
    QString note;
    QList<double> builtinRuns; // every run's value, in the JSON only
    QList<double> synclineRuns;
};

// One run's figures, in the order its workload documents.
using Values = std::vector<double>;

// Every run's figures for each contender.
struct Measured
{
    QString workload;
    std::vector<Values> builtin;
    std::vector<Values> syncline;

    // Figure `index`: the median of each contender's runs, and every run.
    Result result(std::size_t index, const QString &metric, const QString &unit,
                  bool higherIsBetter = true, const QString &note = {}) const;
    // The CPU rows from figure `first` on: runner, walsender, target backend (s), changes per
    // CPU second. notes: the four rows' notes, when not built-in's beside Syncline's.
    void appendCpu(QList<Result> &results, std::size_t first, const QStringList &notes = {}) const;
};

// What the JSON says of the run besides its results, so that a published figure is traceable.
struct RunInfo
{
    QStringList arguments;
    int repeat = 1;
    bool quick = false;
    QString transport;
};

// The table on stdout (built-in, syncline, ratio), and below it the notes that say what a
// row's built-in column holds instead ("builtin column = ...").
void printResults(const QList<Result> &results);
// {"run": {date, commit, arguments, ...}, "results": [...]} at path; false when it cannot write.
bool writeJson(const QList<Result> &results, const RunInfo &info, const QString &path);
// tests/bench/results/<date>.json in the source tree (<date>-2.json, ... when taken).
QString publishPath();

} // namespace syncline::bench
