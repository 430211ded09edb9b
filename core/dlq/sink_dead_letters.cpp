#include "dlq/sink_dead_letters.h"

#include "codec/debezium_envelope.h"
#include "dlq/error_class.h"
#include "util/failpoint.h"
#include "util/log.h"
#include "util/time_text.h"

#include <charconv>

namespace syncline::dlq {

namespace {

// The keys a change touches: its row's key, and the old key when an update moves the row.
std::vector<std::string> rowKeys(const ChangeEvent &event, const std::vector<int> &key)
{
    std::vector<std::string> keys;
    if (key.empty())
        return keys; // without a key, rows cannot be told apart and are never held
    if (event.after)
        keys.push_back(encodeKey(event, key));
    if (event.before) {
        ChangeEvent old;
        old.op = Operation::Delete;
        old.table = event.table;
        old.before = event.before;
        std::string oldKey = encodeKey(old, key);
        if (keys.empty() || oldKey != keys.front())
            keys.push_back(std::move(oldKey));
    }
    return keys;
}

// Where a direct-mode event ("<commit lsn>/<index>") stands in its transaction; 0 otherwise.
std::uint64_t indexInTransaction(const std::string &eventId)
{
    const auto slash = eventId.rfind('/');
    std::uint64_t index = 0;
    if (slash == std::string::npos)
        return 0;
    const char *end = eventId.data() + eventId.size();
    const auto parsed = std::from_chars(eventId.data() + slash + 1, end, index);
    return parsed.ec == std::errc() && parsed.ptr == end ? index : 0;
}

} // namespace

SinkDeadLetters::SinkDeadLetters(std::string pipeline, std::string sink, int maxRetries,
                                 FailureLedger &ledger, DeadLetterStore &store)
    : m_pipeline(std::move(pipeline)), m_sink(std::move(sink)), m_maxRetries(maxRetries),
      m_ledger(ledger), m_store(store)
{
    refresh();
}

std::string SinkDeadLetters::eventId(const TransactionChunk &chunk, int index)
{
    return syncline::eventId(chunk, index);
}

bool SinkDeadLetters::recordFailure(const TransactionChunk &chunk, int index,
                                    const std::string &sqlstate, const std::string &message)
{
    return m_ledger.recordFailure(chunk.commitLsn, eventId(chunk, index), sqlstate, message)
               .attempts > m_maxRetries;
}

int SinkDeadLetters::attempts(const TransactionChunk &chunk, int index) const
{
    const auto failure = m_ledger.failure(eventId(chunk, index));
    return failure ? failure->attempts : 0;
}

std::vector<std::string> SinkDeadLetters::refresh()
{
    // Only this sink adds rows to hold, and it knows them; others can only release them.
    if (m_storeVersion >= 0 && m_heldRows.empty() && m_quarantined.empty())
        return {};
    const std::int64_t version = m_store.version();
    if (version == m_storeVersion)
        return {};
    m_storeVersion = version;
    m_heldRows.clear();
    m_heldPerTable.clear();
    for (auto &[row, id] : m_store.heldRows(m_sink)) {
        ++m_heldPerTable[row.first];
        m_heldRows.emplace(std::move(row), id);
    }
    auto before = std::move(m_quarantined);
    m_quarantined.clear();
    for (auto &[table, id] : m_store.quarantinedTables(m_sink))
        m_quarantined.emplace(std::move(table), id);
    std::vector<std::string> released;
    for (const auto &[table, id] : before)
        if (!m_quarantined.count(table)) {
            released.push_back(table);
            log::info("dlq", "sink " + m_sink + ": " + table +
                                 " is out of quarantine; its changes are applied again");
        }
    return released;
}

void SinkDeadLetters::quarantine(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                                 const std::vector<int> &key, const std::string &reason)
{
    const ChangeEvent &event = chunk->events[std::size_t(index)];
    const std::string table = event.table->qualifiedName();
    if (const auto root = m_quarantined.find(table); root != m_quarantined.end())
        return holdInQuarantine(chunk, index, key, root->second);
    FailureLedger::Failure failure;
    failure.firstFailedAt = isoUtcNow();
    failure.message = reason;
    const auto keys = rowKeys(event, key);
    const std::int64_t id = store(*chunk, index, keys.empty() ? std::string("null") : keys.front(),
                                  failure, std::nullopt, "schema_change");
    m_quarantined[table] = id;
    ++m_diverted;
    log::error("schema", "sink " + m_sink + ": " + table + " is quarantined (dead letter #" +
                             std::to_string(id) + "): " + reason +
                             ". Its changes are held in order as dead letters; other tables go "
                             "on. Change the target by hand and replay them (syncline dlq replay "
                             "<pipeline.yaml> --table " +
                             table + "), or discard them and resync the table");
}

void SinkDeadLetters::holdInQuarantine(const std::shared_ptr<const TransactionChunk> &chunk,
                                       int index, const std::vector<int> &key, std::int64_t root)
{
    const ChangeEvent &event = chunk->events[std::size_t(index)];
    const auto keys = rowKeys(event, key);
    FailureLedger::Failure failure;
    failure.firstFailedAt = isoUtcNow();
    failure.message = "held: " + event.table->qualifiedName() +
                      " is quarantined by a schema change (dead letter #" + std::to_string(root) +
                      ")";
    store(*chunk, index, keys.empty() ? std::string("null") : keys.front(), failure, root,
          "schema_change");
    ++m_diverted;
}

std::optional<std::int64_t> SinkDeadLetters::heldBy(const std::string &table,
                                                    const std::string &key) const
{
    const auto it = m_heldRows.find({table, key});
    if (it == m_heldRows.end())
        return std::nullopt;
    return it->second;
}

bool SinkDeadLetters::divert(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                             const std::vector<int> &key)
{
    if (m_quarantined.empty() && m_heldPerTable.empty() && m_ledger.empty())
        return false; // the common case, once per change: nothing held, nothing failed
    const ChangeEvent &event = chunk->events[std::size_t(index)];
    const std::string table = event.table->qualifiedName();
    if (const auto root = m_quarantined.find(table); root != m_quarantined.end()) {
        holdInQuarantine(chunk, index, key, root->second);
        return true;
    }
    if (event.op == Operation::Truncate) {
        supersedeBefore(*chunk, index);
        return false;
    }
    const bool tableHeld = m_heldPerTable.count(table) != 0;
    std::optional<FailureLedger::Failure> failure;
    // Chunks read from Kafka do not keep their boundaries from one session to the next, so
    // their changes are looked up one by one.
    if (!m_ledger.empty() && (!chunk->origin.empty() || m_ledger.hasFailuresIn(chunk->commitLsn))) {
        failure = m_ledger.failure(eventId(*chunk, index));
        if (failure && failure->attempts <= m_maxRetries)
            failure.reset();
    }
    if (!failure && !tableHeld)
        return false;

    const auto keys = rowKeys(event, key);
    std::optional<std::int64_t> blocker;
    for (const auto &rowKey : keys)
        if ((blocker = heldBy(table, rowKey)))
            break;
    if (!blocker && !failure)
        return false;

    FailureLedger::Failure reason;
    if (blocker) {
        reason.firstFailedAt = isoUtcNow();
        reason.message = "held behind dead letter #" + std::to_string(*blocker) +
                         ", an earlier change of the same row";
    } else {
        reason = *failure;
    }
    const std::string storedKey = keys.empty() ? std::string("null") : keys.front();
    const std::int64_t id = store(*chunk, index, storedKey, reason, blocker);
    for (const auto &rowKey : keys)
        if (m_heldRows.try_emplace({table, rowKey}, blocker.value_or(id)).second)
            ++m_heldPerTable[table];
    if (failure)
        m_ledger.forget(chunk->commitLsn, eventId(*chunk, index));
    ++m_diverted;
    log::warning("dlq",
                 "sink " + m_sink + ": " +
                     (blocker ? "held back a change of " + table + " " + storedKey +
                                    " behind dead letter #" + std::to_string(*blocker)
                              : "dead-lettered a change of " + table + " " + storedKey + " after " +
                                    std::to_string(reason.attempts) + " attempts") +
                     " (dead letter #" + std::to_string(id) + "); the pipeline goes on");
    return true;
}

void SinkDeadLetters::supersedeBefore(const TransactionChunk &chunk, int index)
{
    for (const auto &table : chunk.events[std::size_t(index)].truncatedTables) {
        const std::string name = table->qualifiedName();
        if (!m_heldPerTable.count(name))
            continue;
        DeadLetterFilter filter;
        filter.sink = m_sink;
        filter.table = name;
        filter.statuses = {DeadLetterStatus::Pending, DeadLetterStatus::Held,
                           DeadLetterStatus::Quarantined};
        std::string ids;
        int superseded = 0;
        for (const auto &letter : m_store.list(filter)) {
            // Only what came before the truncate: a change after it (in a batch the target
            // had not committed when the runner died) is still due.
            const auto lsn = Lsn::parse(letter.sourceLsn);
            if (lsn && (*lsn > chunk.commitLsn ||
                        (*lsn == chunk.commitLsn &&
                         indexInTransaction(letter.eventId) > chunk.firstEventIndex + index)))
                continue;
            m_store.setStatus(letter.id, DeadLetterStatus::Superseded);
            ids += (ids.empty() ? "#" : ", #") + std::to_string(letter.id);
            ++superseded;
        }
        for (auto row = m_heldRows.begin(); row != m_heldRows.end();)
            row = row->first.first == name ? m_heldRows.erase(row) : std::next(row);
        m_heldPerTable.erase(name);
        if (!superseded)
            continue;
        const std::string reason = "TRUNCATE of " + name + " at " + chunk.commitLsn.toString() +
                                   " on the source made them moot";
        m_store.appendAudit({0, isoUtcNow(), "syncline", "supersede", m_sink, "table=" + name,
                             false, superseded, ids + ": " + reason});
        log::warning("dlq", "sink " + m_sink + ": " + std::to_string(superseded) +
                                " dead letters of " + name + " superseded (" + ids +
                                "): " + reason);
    }
}

std::int64_t SinkDeadLetters::store(const TransactionChunk &chunk, int index,
                                    const std::string &key, const FailureLedger::Failure &failure,
                                    std::optional<std::int64_t> heldBehind, const char *errorClass)
{
    const ChangeEvent &event = chunk.events[std::size_t(index)];
    EnvelopeSource source;
    source.name = m_pipeline;
    source.lsn = chunk.commitLsn;
    source.txId = chunk.xid;
    source.commitTimeMicros = chunk.commitTimeMicros;
    DeadLetter letter;
    letter.sink = m_sink;
    letter.eventId = eventId(chunk, index);
    letter.status = heldBehind ? DeadLetterStatus::Held : DeadLetterStatus::Pending;
    letter.table = event.table->qualifiedName();
    letter.key = key;
    letter.value = encodeValue(event, source, unixMillisNow());
    letter.errorClass = errorClass   ? errorClass
                        : heldBehind ? "held"
                                     : errorClassOf(failure.sqlstate);
    letter.sqlstate = failure.sqlstate;
    letter.message = failure.message;
    letter.heldBehind = heldBehind;
    letter.attempts = failure.attempts;
    letter.firstFailedAt = failure.firstFailedAt;
    letter.deadLetteredAt = isoUtcNow();
    letter.sourceLsn = chunk.commitLsn.toString();
    letter.sourceTxid = chunk.xid;
    letter.id = m_store.add(letter);
    SYNCLINE_FAILPOINT("dlq.written_before_commit");
    if (m_mirror)
        m_mirror(letter, chunk, index);
    return letter.id;
}

} // namespace syncline::dlq
