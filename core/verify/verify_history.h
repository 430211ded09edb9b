#pragma once

#include "verify/verify_result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {
class SqliteDatabase;
}

namespace syncline::verify {

// What verify runs found, kept in the pipeline's state directory so that `syncline status`,
// the runner's schedule and the console all see the last result of each table, whoever ran it
// (the schedule, `syncline verify`, the console). Counts only: the keys go to --report files.
class VerifyHistory
{
public:
    static std::filesystem::path fileIn(const std::filesystem::path &stateDir);

    explicit VerifyHistory(const std::filesystem::path &file);
    ~VerifyHistory();

    struct Run
    {
        std::int64_t id = 0;
        std::string trigger; // "schedule", "command", "console"
        std::int64_t startedMs = 0;
        std::string finishedAt;
        std::string error; // what ended it early; empty when every table got a result
    };

    // A run's results (possibly none, when `error` stopped it before the first table).
    void record(const std::string &trigger, std::int64_t startedMs,
                const std::vector<TableResult> &results, const std::string &error = {});

    // record() into the state directory's history, where that directory exists (the pipeline
    // has run on this machine). A history that cannot be written is not the verify's failure, so
    // this returns what went wrong instead of throwing (empty when recorded or skipped).
    static std::string recordIn(const std::filesystem::path &stateDir, const std::string &trigger,
                                std::int64_t startedMs, const std::vector<TableResult> &results,
                                const std::string &error = {});

    // The newest run of `trigger`, or of any trigger when empty.
    std::optional<Run> lastRun(const std::string &trigger = {}) const;

    struct Recorded
    {
        TableResult result; // without differences
        std::string verifiedAt;
        std::string trigger;
    };
    // The newest result of each sink and table, by sink and table.
    std::vector<Recorded> latest() const;

private:
    std::unique_ptr<SqliteDatabase> m_db;
};

} // namespace syncline::verify
