#include "dlq/replayer.h"

#include "codec/debezium_envelope.h"
#include "dlq/dead_letter_store.h"
#include "pg/error.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/time_text.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace syncline::dlq {

namespace {

std::pair<std::string, std::string> splitTable(const std::string &qualified)
{
    const auto dot = qualified.find('.');
    if (dot == std::string::npos)
        return {"public", qualified};
    return {qualified.substr(0, dot), qualified.substr(dot + 1)};
}

} // namespace

const char *outcomeName(ReplayResult::Outcome outcome)
{
    switch (outcome) {
    case ReplayResult::Outcome::Applied:
        return "applied";
    case ReplayResult::Outcome::AlreadyApplied:
        return "already applied";
    case ReplayResult::Outcome::WouldApply:
        return "would apply";
    case ReplayResult::Outcome::Failed:
        return "failed";
    case ReplayResult::Outcome::Quarantined:
        return "quarantined";
    case ReplayResult::Outcome::Waiting:
        return "waiting";
    }
    return "?";
}

Replayer::Replayer(const PipelineConfig &config, DeadLetterStore &store, TargetOpener openTarget)
    : m_config(config), m_store(store), m_openTarget(std::move(openTarget))
{}

Replayer::~Replayer() = default;

std::string Replayer::currentActor()
{
    const char *user = std::getenv("USER");
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string(user && *user ? user : "unknown") + '@' + host;
}

ReplayTarget &Replayer::targetOf(const std::string &sink)
{
    auto &target = m_targets[sink];
    if (target)
        return *target;
    const auto config = std::find_if(m_config.sinks.begin(), m_config.sinks.end(),
                                     [&](const auto &s) { return s.name == sink; });
    if (config == m_config.sinks.end())
        throw PermanentError("sink " + sink + " is not in the pipeline file");
    target = m_openTarget(*config, m_config);
    return *target;
}

bool Replayer::applyToTarget(ReplayTarget &target, const DeadLetter &letter)
{
    const DecodedEnvelope envelope = decodeValue(letter.replayValue());
    const auto [schemaName, tableName] = envelope.schema.empty()
                                             ? splitTable(letter.table)
                                             : std::pair{envelope.schema, envelope.table};
    const auto table = target.describeTable(schemaName, tableName);
    if (!table)
        throw PermanentError("target table " + schemaName + '.' + tableName + " does not exist");
    const ChangeEvent event = toChangeEvent(envelope, table);
    return target.applyOnce(
        event, {m_config.name, letter.sink, letter.eventId, letter.id, currentActor()});
}

ReplayResult Replayer::replayOne(const DeadLetter &letter, const ReplayOptions &options)
{
    using Outcome = ReplayResult::Outcome;
    ReplayResult result{letter.id, Outcome::Failed, {}};
    if (letter.status == DeadLetterStatus::Quarantined || letter.replayCount >= options.loopGuard) {
        if (!options.dryRun && letter.status != DeadLetterStatus::Quarantined)
            m_store.setStatus(letter.id, DeadLetterStatus::Quarantined);
        result.outcome = Outcome::Quarantined;
        result.detail = "replayed " + std::to_string(letter.replayCount) +
                        " times without success (loop guard " + std::to_string(options.loopGuard) +
                        "); not replayed again";
        return result;
    }
    const auto first = m_store.firstHolding(letter.sink, letter.table, letter.key);
    if (letter.key != "null" && first && *first < letter.id) {
        result.outcome = Outcome::Waiting;
        result.detail = "dead letter #" + std::to_string(*first) +
                        " of the same row has to be replayed or discarded first";
        return result;
    }
    if (options.dryRun) {
        try {
            const auto envelope = decodeValue(letter.replayValue());
            result.outcome = Outcome::WouldApply;
            result.detail = std::string("op ") + char(envelope.op) + " on " + letter.table + ' ' +
                            letter.key + (letter.edited ? " (edited)" : "");
        } catch (const std::exception &error) {
            result.detail = error.what();
        }
        return result;
    }
    try {
        const bool alreadyApplied = !applyToTarget(targetOf(letter.sink), letter);
        SYNCLINE_FAILPOINT("dlq.replay_midway");
        m_store.recordReplay(letter.id, DeadLetterStatus::Replayed, isoUtcNow(), {});
        result.outcome = alreadyApplied ? Outcome::AlreadyApplied : Outcome::Applied;
        result.detail = alreadyApplied ? "a replay applied it before" : "";
    } catch (const std::exception &error) {
        const bool quarantine = letter.replayCount + 1 >= options.loopGuard;
        m_store.recordReplay(letter.id, quarantine ? DeadLetterStatus::Quarantined : letter.status,
                             isoUtcNow(), error.what());
        result.outcome = quarantine ? Outcome::Quarantined : Outcome::Failed;
        result.detail = error.what();
        const auto *pgError = dynamic_cast<const pg::Error *>(&error);
        if ((pgError && pgError->isTransient()) || dynamic_cast<const TransientError *>(&error))
            m_targets.erase(letter.sink); // reconnect for the next one
    }
    return result;
}

std::vector<ReplayResult> Replayer::replay(const DeadLetterFilter &filter,
                                           const ReplayOptions &options, const Progress &progress)
{
    DeadLetterFilter selection = filter;
    if (selection.statuses.empty())
        selection.statuses = {DeadLetterStatus::Pending, DeadLetterStatus::Held,
                              DeadLetterStatus::Quarantined};
    const auto letters = m_store.list(selection);
    std::vector<ReplayResult> results;
    const auto started = std::chrono::steady_clock::now();
    int sent = 0; // replays that went to a target: what the rate cap protects it from
    for (const auto &letter : letters) {
        if (options.maxPerSecond > 0 && !options.dryRun) {
            const auto due =
                started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(sent / options.maxPerSecond));
            std::this_thread::sleep_until(due);
        }
        results.push_back(replayOne(letter, options));
        const auto outcome = results.back().outcome;
        if (outcome != ReplayResult::Outcome::Waiting &&
            outcome != ReplayResult::Outcome::Quarantined)
            ++sent;
        if (progress && !progress(results.back(), int(results.size()), int(letters.size())))
            break;
    }
    std::map<std::string, int> counts;
    int applied = 0;
    for (const auto &result : results) {
        ++counts[outcomeName(result.outcome)];
        applied += result.outcome == ReplayResult::Outcome::Applied;
    }
    std::string summary;
    for (const auto &[name, count] : counts)
        summary += (summary.empty() ? "" : ", ") + std::to_string(count) + ' ' + name;
    m_store.appendAudit({0, isoUtcNow(), options.actor.empty() ? currentActor() : options.actor,
                         "replay", filter.sink, filter.describe(), options.dryRun, applied,
                         summary.empty() ? "nothing matched" : summary});
    return results;
}

int Replayer::discard(const DeadLetterFilter &filter, const std::string &actor, bool dryRun)
{
    DeadLetterFilter selection = filter;
    if (selection.statuses.empty())
        selection.statuses = {DeadLetterStatus::Pending, DeadLetterStatus::Held,
                              DeadLetterStatus::Quarantined};
    const auto letters = m_store.list(selection);
    std::string ids;
    for (const auto &letter : letters) {
        if (!dryRun)
            m_store.setStatus(letter.id, DeadLetterStatus::Discarded);
        ids += (ids.empty() ? "#" : ", #") + std::to_string(letter.id);
    }
    m_store.appendAudit({0, isoUtcNow(), actor.empty() ? currentActor() : actor, "discard",
                         filter.sink, filter.describe(), dryRun, int(letters.size()),
                         ids.empty() ? "nothing matched" : ids});
    return int(letters.size());
}

void Replayer::edit(std::int64_t id, const std::string &envelope, const std::string &actor)
{
    const auto letter = m_store.get(id);
    if (!letter)
        throw StoreError("no dead letter #" + std::to_string(id));
    decodeValue(envelope); // refuses what a replay could not apply
    m_store.setEdited(id, envelope);
    m_store.appendAudit({0, isoUtcNow(), actor.empty() ? currentActor() : actor, "edit",
                         letter->sink, "id=" + std::to_string(id), false, 1,
                         "was: " + letter->replayValue()});
}

} // namespace syncline::dlq
