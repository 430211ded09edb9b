#include "verify/repairer.h"

#include "verify/verify_error.h"

#include "dlq/dead_letter_store.h"
#include "pg/connection.h"
#include "snapshot/snapshot_progress.h"
#include "source/postgres/source_catalog.h"
#include "transform/transform_chain.h"
#include "util/time_text.h"

#include <libpq-fe.h>

#include <set>
#include <thread>

namespace syncline::verify {

namespace {

const char *actionFor(Difference::Kind kind)
{
    switch (kind) {
    case Difference::Kind::Missing:
        return "insert from the source";
    case Difference::Kind::Extra:
        return "delete";
    case Difference::Kind::Different:
        return "update from the source";
    }
    return "update from the source";
}

} // namespace

std::vector<std::string> Repairer::plannedActions(const std::vector<TableResult> &results)
{
    std::vector<std::string> lines;
    for (const auto &result : results)
        for (const auto &difference : result.differences)
            lines.push_back(result.sink + ' ' + difference.table + ' ' + difference.keyJson() +
                            ": " + actionFor(difference.kind));
    return lines;
}

// A repair reads the differing keys again from the source, and verify reports keys as they
// leave the transforms: a key the chain masks or renames names no source row.
void Repairer::refuseUnfindableKeys(
    const std::map<std::string, std::set<std::vector<std::string>>> &keys) const
{
    if (m_pipeline.transforms.empty() || keys.empty())
        return;
    const transform::TransformChain chain(m_pipeline.transforms, m_pipeline.allowUnmasked);
    auto source = pg::Connection::open(m_pipeline.source.dsn, pg::Connection::Mode::Normal,
                                       "syncline repair");
    for (const auto &[table, tableKeys] : keys) {
        const TableSchema schema = SourceCatalog(source).describeTable(table).toSchema();
        const auto plan = chain.planFor(schema);
        bool found = true;
        for (const auto &operation : plan->operations)
            if (operation.mask && schema.columns[operation.column].isKey)
                found = false;
        for (std::size_t i = 0; i < plan->outputColumns.size(); ++i)
            if (schema.columns[plan->outputColumns[i]].isKey &&
                schema.columns[plan->outputColumns[i]].name != plan->output->columns[i].name)
                found = false;
        if (!found)
            throw VerifyError("cannot repair " + table +
                              " by key: the transforms mask or rename its key, so the keys "
                              "verify reports name no source row; copy it again with syncline "
                              "snapshot --table " +
                              table);
    }
}

Repairer::Requests Repairer::request(const std::vector<TableResult> &results,
                                     const std::string &actor) const
{
    std::map<std::string, std::set<SnapshotProgress::Key>> keys;
    for (const auto &result : results) {
        if (result.differences.size() < std::size_t(result.differenceCount()))
            throw VerifyError(result.table +
                              " has more differences than verify keeps; copy it "
                              "again with syncline snapshot --table " +
                              result.table);
        for (const auto &difference : result.differences)
            keys[difference.table].insert(difference.key);
    }
    refuseUnfindableKeys(keys);
    SnapshotProgress store(SnapshotProgress::fileIn(m_pipeline.stateDir));
    for (const auto &job : store.jobs())
        if (keys.count(job.table) && !job.finished() && !job.keys)
            throw VerifyError(job.table + " is being copied (incremental snapshot); repair it "
                                          "once the copy is done");

    dlq::DeadLetterStore audit(dlq::DeadLetterStore::fileIn(m_pipeline.stateDir));
    Requests requests;
    for (const auto &[table, tableKeys] : keys) {
        requests[table] = store.request(
            table, "repair of " + std::to_string(tableKeys.size()) + " rows by " + actor,
            std::vector<SnapshotProgress::Key>(tableKeys.begin(), tableKeys.end()));
        for (const auto &result : results) {
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
    return requests;
}

void Repairer::waitUntilSent(const Requests &requests, std::chrono::milliseconds timeout,
                             const std::atomic<bool> *cancel) const
{
    auto source = pg::Connection::open(m_pipeline.source.dsn, pg::Connection::Mode::Normal,
                                       "syncline repair");
    SnapshotProgress store(SnapshotProgress::fileIn(m_pipeline.stateDir));
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto slot = source.execParams(
            "SELECT active, confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1",
            {m_pipeline.source.slot});
        const bool active = PQntuples(slot.get()) == 1 && pg::resultValue(slot.get(), 0, 0) == "t";
        const Lsn confirmed = PQntuples(slot.get()) == 1
                                  ? Lsn::parse(pg::resultValue(slot.get(), 0, 1)).value_or(Lsn())
                                  : Lsn();
        std::size_t sent = 0;
        for (const auto &job : store.jobs()) {
            const auto wanted = requests.find(job.table);
            if (wanted == requests.end())
                continue;
            if (job.generation != wanted->second)
                throw VerifyError(job.table +
                                  " was asked to be copied again meanwhile; its repair gave way");
            sent += SnapshotProgress::confirmedPart(job, confirmed).finished();
        }
        if (sent == requests.size())
            return;
        if (!active)
            throw VerifyError("the pipeline is not running (slot " + m_pipeline.source.slot +
                              " is inactive). The repair is recorded and goes on when it runs "
                              "again; then run syncline verify");
        if (cancel && cancel->load())
            throw VerifyError("cancelled; the repair goes on in the pipeline");
        if (std::chrono::steady_clock::now() > deadline)
            throw VerifyError("the repair was not sent in time; see syncline status");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace syncline::verify
