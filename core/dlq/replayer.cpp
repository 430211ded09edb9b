#include "dlq/replayer.h"

#include "codec/debezium_envelope.h"
#include "dlq/dead_letter_store.h"
#include "pg/connection.h"
#include "sink/postgres/statement_builder.h"
#include "sink/postgres/target_catalog.h"
#include "util/failpoint.h"
#include "util/time_text.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace syncline::dlq {

namespace {

const char *const kMarkerTable = R"sql(
CREATE SCHEMA IF NOT EXISTS syncline;
CREATE TABLE IF NOT EXISTS syncline.replayed_dead_letters (
    pipeline text NOT NULL,
    sink text NOT NULL,
    event_id text NOT NULL,
    dead_letter_id bigint NOT NULL,
    replayed_at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    PRIMARY KEY (pipeline, sink, event_id));
)sql";

// Runs a statement with parameters that may be NULL (nullptr).
pg::Result run(pg::Connection &connection, const std::string &sql,
               const std::vector<const char *> &values, const std::string &context,
               const std::vector<std::uint32_t> &types = {})
{
    pg::Result result(PQexecParams(connection.handle(), sql.c_str(), int(values.size()),
                                   types.empty() ? nullptr : types.data(), values.data(), nullptr,
                                   nullptr, 0));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw pg::Error::fromResult(result.get(), connection.handle(), context);
    return result;
}

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

Replayer::Replayer(const PipelineConfig &config, DeadLetterStore &store)
    : m_config(config), m_store(store)
{}

Replayer::~Replayer() = default;

std::string Replayer::currentActor()
{
    const char *user = std::getenv("USER");
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string(user && *user ? user : "unknown") + '@' + host;
}

pg::Connection &Replayer::targetOf(const std::string &sink)
{
    auto &connection = m_targets[sink];
    if (connection)
        return *connection;
    const auto config = std::find_if(m_config.sinks.begin(), m_config.sinks.end(),
                                     [&](const auto &s) { return s.name == sink; });
    if (config == m_config.sinks.end())
        throw pg::Error("sink " + sink + " is not in the pipeline file", "",
                        pg::Severity::Permanent);
    connection = std::make_unique<pg::Connection>(
        pg::Connection::open(config->dsn, pg::Connection::Mode::Normal, "syncline replay " + sink));
    connection->exec(kMarkerTable);
    return *connection;
}

void Replayer::applyToTarget(pg::Connection &target, const DeadLetter &letter, bool &alreadyApplied)
{
    const DecodedEnvelope envelope = decodeValue(letter.replayValue());
    const auto [schemaName, tableName] = envelope.schema.empty()
                                             ? splitTable(letter.table)
                                             : std::pair{envelope.schema, envelope.table};
    TargetCatalog catalog(target);
    const auto columns = catalog.columnNames(schemaName, tableName);
    if (!columns)
        throw pg::Error("target table " + schemaName + '.' + tableName + " does not exist", "42P01",
                        pg::Severity::Permanent);
    const auto keyNames = catalog.keyColumns(schemaName, tableName);
    auto table = std::make_shared<TableSchema>();
    table->schema = schemaName;
    table->name = tableName;
    std::vector<int> key;
    for (const auto &name : *columns) {
        const bool isKey = std::find(keyNames.begin(), keyNames.end(), name) != keyNames.end();
        if (isKey)
            key.push_back(int(table->columns.size()));
        Column column;
        column.name = name;
        column.isKey = isKey;
        table->columns.push_back(std::move(column));
    }
    const auto columnTypes =
        TargetColumnTypes::forSource(*table, catalog.columnTypes(schemaName, tableName));
    ChangeEvent event = toChangeEvent(envelope, table);
    if (event.op == Operation::Truncate)
        event.truncatedTables = {table};

    std::string sql;
    std::vector<const char *> values;
    std::vector<std::uint32_t> types;
    if (event.op == Operation::Truncate) {
        sql = StatementBuilder::truncate(event);
    } else {
        const ApplyStatement statement = StatementBuilder::build(
            *table, key, StatementBuilder::shapeOf(event, key), &columnTypes);
        sql = statement.sql;
        for (const auto &parameter : statement.parameters)
            values.push_back(StatementBuilder::parameterValue(event, parameter));
        types = statement.parameterTypes(columnTypes);
    }

    target.exec("BEGIN");
    try {
        const std::string id = std::to_string(letter.id);
        const std::string actor = currentActor();
        const pg::Result marked =
            run(target,
                "INSERT INTO syncline.replayed_dead_letters (pipeline, sink, event_id, "
                "dead_letter_id, actor) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                {m_config.name.c_str(), letter.sink.c_str(), letter.eventId.c_str(), id.c_str(),
                 actor.c_str()},
                "recording the replay");
        alreadyApplied = std::string(PQcmdTuples(marked.get())) == "0";
        if (!alreadyApplied)
            run(target, sql, values, "replaying dead letter #" + id, types);
        target.exec(alreadyApplied ? "ROLLBACK" : "COMMIT");
    } catch (...) {
        if (PQtransactionStatus(target.handle()) != PQTRANS_UNKNOWN)
            PQclear(PQexec(target.handle(), "ROLLBACK"));
        throw;
    }
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
        bool alreadyApplied = false;
        applyToTarget(targetOf(letter.sink), letter, alreadyApplied);
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
        if (const auto *pgError = dynamic_cast<const pg::Error *>(&error);
            pgError && pgError->isTransient())
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
