#include "commands.h"

#include "verify_output.h"

#include "dlq/dead_letter_store.h"
#include "dlq/replayer.h"
#include "pg/connection.h"
#include "snapshot/snapshot_progress.h"
#include "util/time_text.h"

#include <libpq-fe.h>

#include <iostream>
#include <map>
#include <thread>

namespace syncline::cli {

namespace {

// The rows a repair re-reads from the source, per table: the union over sinks, as the repair
// travels the stream to every sink (to the others it changes nothing).
std::map<std::string, std::vector<SnapshotProgress::Key>>
keysToRepair(const std::vector<verify::TableResult> &results)
{
    std::map<std::string, std::set<SnapshotProgress::Key>> unique;
    for (const auto &result : results)
        for (const auto &difference : result.differences)
            unique[difference.table].insert(difference.key);
    std::map<std::string, std::vector<SnapshotProgress::Key>> keys;
    for (auto &[table, set] : unique)
        keys[table].assign(set.begin(), set.end());
    return keys;
}

const char *action(verify::Difference::Kind kind)
{
    switch (kind) {
    case verify::Difference::Kind::Missing:
        return "insert from the source";
    case verify::Difference::Kind::Extra:
        return "delete";
    case verify::Difference::Kind::Different:
        return "update from the source";
    }
    return "update from the source";
}

Lsn slotConfirmation(pg::Connection &source, const std::string &slot, bool &active)
{
    auto result = source.execParams(
        "SELECT active, confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1",
        {slot});
    active = PQntuples(result.get()) == 1 && pg::resultValue(result.get(), 0, 0) == "t";
    return PQntuples(result.get()) == 1
               ? Lsn::parse(pg::resultValue(result.get(), 0, 1)).value_or(Lsn())
               : Lsn();
}

// Waits until the pipeline has read every requested repair and the slot is confirmed past it.
bool waitForRepairs(const PipelineConfig &config, SnapshotProgress &store,
                    const std::map<std::string, std::int64_t> &generations)
{
    auto source =
        pg::Connection::open(config.source.dsn, pg::Connection::Mode::Normal, "syncline repair");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    for (;;) {
        bool active = false;
        const Lsn confirmed = slotConfirmation(source, config.source.slot, active);
        std::size_t done = 0;
        for (const auto &job : store.jobs()) {
            const auto wanted = generations.find(job.table);
            if (wanted == generations.end())
                continue;
            if (job.generation != wanted->second) {
                std::cerr << "syncline repair: " << job.table
                          << " was asked to be copied again meanwhile; its repair gave way\n";
                return false;
            }
            done += SnapshotProgress::confirmedPart(job, confirmed).finished();
        }
        if (done == generations.size())
            return true;
        if (!active) {
            std::cerr << "syncline repair: the pipeline is not running (slot " << config.source.slot
                      << " is inactive). The repair is recorded and goes on when it runs again; "
                         "then run syncline verify\n";
            return false;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            std::cerr << "syncline repair: the repair did not finish in 10 minutes; see syncline "
                         "status\n";
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace

int repairCopies(const Options &options)
{
    auto config = loadOrReport(options.pipelineFile);
    if (!config)
        return BadInput;
    int exitCode = Success;
    const auto before = compareForCli(*config, options, exitCode);
    if (!before)
        return exitCode;
    std::cout << "before repair:\n";
    verify_output::printText(std::cout, *before, {});
    const long long differences = verify_output::differenceCount(*before);
    if (differences == 0)
        return verify_output::anyError(*before) ? Failure : Success;
    for (const auto &result : *before)
        if (result.differences.size() < std::size_t(result.differenceCount())) {
            std::cerr << "syncline repair: " << result.table << " has more differences than "
                      << "verify keeps; resync it with syncline snapshot --table " << result.table
                      << '\n';
            return Failure;
        }

    if (options.dryRun) {
        std::cout << "would repair (dry run, nothing changed):\n";
        for (const auto &result : *before)
            for (const auto &difference : result.differences)
                std::cout << "  " << result.sink << ' ' << difference.table << ' '
                          << difference.keyJson() << ": " << action(difference.kind) << '\n';
        return DifferencesFound;
    }

    SnapshotProgress store(SnapshotProgress::fileIn(config->stateDir));
    const auto keys = keysToRepair(*before);
    for (const auto &job : store.jobs())
        if (keys.count(job.table) && !job.finished() && !job.keys) {
            std::cerr << "syncline repair: " << job.table
                      << " is being copied (incremental snapshot); repair it once the copy is "
                         "done\n";
            return Failure;
        }
    const std::string actor = dlq::Replayer::currentActor();
    dlq::DeadLetterStore audit(dlq::DeadLetterStore::fileIn(config->stateDir));
    std::map<std::string, std::int64_t> generations;
    for (const auto &[table, tableKeys] : keys) {
        generations[table] = store.request(
            table, "repair of " + std::to_string(tableKeys.size()) + " rows by " + actor,
            tableKeys);
        for (const auto &result : *before) {
            if (result.table != table || result.differenceCount() == 0)
                continue;
            dlq::AuditEntry entry;
            entry.at = isoUtcNow();
            entry.actor = actor;
            entry.action = "repair";
            entry.sink = result.sink;
            entry.filter = "table=" + table;
            entry.affected = int(result.differenceCount());
            entry.detail = std::to_string(result.missing) + " missing, " +
                           std::to_string(result.extra) + " extra, " +
                           std::to_string(result.different) + " different";
            audit.appendAudit(entry);
        }
    }
    std::cout << "repairing " << differences << " rows through the pipeline's stream...\n";
    if (!waitForRepairs(*config, store, generations))
        return Failure;

    const auto after = compareForCli(*config, options, exitCode);
    if (!after)
        return exitCode;
    std::cout << "after repair:\n";
    verify_output::printText(std::cout, *after, {});
    if (verify_output::differenceCount(*after) > 0)
        return DifferencesFound;
    return verify_output::anyError(*after) ? Failure : Success;
}

} // namespace syncline::cli
