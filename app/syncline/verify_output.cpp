#include "verify_output.h"

#include "util/format.h"
#include "util/json.h"

#include <algorithm>
#include <fstream>
#include <iomanip>

namespace syncline::cli::verify_output {

namespace {

constexpr std::size_t kDifferencesShown = 10;
constexpr std::size_t kDifferencesInJson = 1000;

} // namespace

long long differenceCount(const std::vector<verify::TableResult> &results)
{
    long long count = 0;
    for (const auto &result : results)
        count += result.differenceCount();
    return count;
}

bool anyError(const std::vector<verify::TableResult> &results)
{
    return std::any_of(results.begin(), results.end(),
                       [](const auto &result) { return !result.error.empty(); });
}

void printText(std::ostream &out, const std::vector<verify::TableResult> &results,
               const std::string &reportFile)
{
    std::size_t width = 5;
    for (const auto &result : results)
        width = std::max(width, result.sink.size() + 1 + result.table.size());
    out << std::left << std::setw(int(width)) << "table" << std::right << std::setw(12) << "rows"
        << std::setw(9) << "missing" << std::setw(7) << "extra" << std::setw(11) << "different"
        << std::setw(9) << "time" << std::setw(12) << "rows/s" << '\n';
    for (const auto &result : results) {
        out << std::left << std::setw(int(width)) << result.sink + ' ' + result.table << std::right;
        if (!result.error.empty()) {
            out << "  not compared: " << result.error << '\n';
            continue;
        }
        out << std::setw(12) << result.sourceRows << std::setw(9) << result.missing << std::setw(7)
            << result.extra << std::setw(11) << result.different << std::setw(9)
            << formatDecimal(result.seconds, 1) + " s" << std::setw(12)
            << (long long)result.rowsPerSecond() << '\n';
        if (!result.notCompared.empty()) {
            std::string columns;
            for (const auto &column : result.notCompared)
                columns += (columns.empty() ? "" : ", ") + column;
            out << "  columns not compared: " << columns << '\n';
        }
        if (result.unsettled)
            out << "  " << result.unsettled
                << " rows changed on the source in every check and are not settled either way; "
                   "run verify again\n";
    }
    std::size_t shown = 0;
    const long long total = differenceCount(results);
    for (const auto &result : results)
        for (const auto &difference : result.differences) {
            if (shown == 0)
                out << "first differences"
                    << (reportFile.empty() ? "" : " (all in " + reportFile + ")") << ":\n";
            if (shown++ == kDifferencesShown)
                break;
            out << "  " << result.sink << ' ' << difference.table << ' ' << difference.keyJson()
                << ' ' << verify::Difference::kindName(difference.kind) << '\n';
        }
    long long tablesWithDifferences = 0;
    for (const auto &result : results)
        tablesWithDifferences += result.differenceCount() > 0;
    if (total == 0)
        out << (anyError(results) ? "no differences in the tables compared\n"
                                  : "equal: no differences\n");
    else
        out << total << " differences in " << tablesWithDifferences << " of " << results.size()
            << " tables\n";
}

void printJson(std::ostream &out, const std::vector<verify::TableResult> &results)
{
    std::string json = "{\"equal\": ";
    json += differenceCount(results) == 0 && !anyError(results) ? "true" : "false";
    json += ", \"tables\": [";
    bool first = true;
    for (const auto &result : results) {
        json += first ? "" : ", ";
        first = false;
        json += "{\"sink\": " + jsonQuoted(result.sink) +
                ", \"table\": " + jsonQuoted(result.table) +
                ", \"rows\": " + std::to_string(result.sourceRows) +
                ", \"missing\": " + std::to_string(result.missing) +
                ", \"extra\": " + std::to_string(result.extra) +
                ", \"different\": " + std::to_string(result.different) +
                ", \"unsettled\": " + std::to_string(result.unsettled) +
                ", \"seconds\": " + formatDecimal(result.seconds, 3) +
                ", \"rows_per_second\": " + std::to_string((long long)result.rowsPerSecond()) +
                ", \"error\": " + (result.error.empty() ? "null" : jsonQuoted(result.error)) + "}";
    }
    json += "], \"differences\": [";
    std::size_t listed = 0;
    for (const auto &result : results)
        for (const auto &difference : result.differences) {
            if (listed == kDifferencesInJson)
                break;
            json += listed++ ? ", " : "";
            auto item = difference.toJson(false);
            item.insert(1, "\"sink\": " + jsonQuoted(result.sink) + ", ");
            json += item;
        }
    const long long total = differenceCount(results);
    json += "], \"differences_total\": " + std::to_string(total) +
            ", \"differences_capped\": " + (total > (long long)listed ? "true" : "false") + "}";
    out << json << '\n';
}

bool writeReport(const std::string &file, const std::vector<verify::TableResult> &results)
{
    std::ofstream report(file, std::ios::trunc);
    for (const auto &result : results)
        for (const auto &difference : result.differences) {
            auto line = difference.toJson(true);
            line.insert(1, "\"sink\": " + jsonQuoted(result.sink) + ", ");
            report << line << '\n';
        }
    report.flush();
    return bool(report);
}

} // namespace syncline::cli::verify_output
