#include "sink/redis/redis_sink.h"

#include "connector/rejected_changes.h"
#include "connector/transport_offsets.h"
#include "metrics/pipeline_metrics.h"
#include "snapshot/copy_text.h"
#include "snapshot/table_copy.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/log.h"

#include <hiredis/hiredis.h>

#include <algorithm>

namespace syncline {

namespace {

constexpr std::size_t kSnapshotBatchRows = 500;
constexpr int kSnapshotCallsInFlight = 8;

using Mode = RedisSinkOptions::Mode;

redis::RedisUrl urlOf(const PostgresSinkConfig &config)
{
    try {
        return redis::redisServerOf(config.redis);
    } catch (const PermanentError &error) {
        throw PermanentError("sink " + config.name + ": " + error.what());
    }
}

void addTables(redis::ChangeWriter &writer, const std::string &sink,
               const std::vector<TableDefinition> &tables)
{
    for (const auto &table : tables) {
        try {
            writer.addTable(table);
        } catch (const PermanentError &error) {
            throw PermanentError("sink " + sink + ": " + error.what());
        }
    }
}

} // namespace

RedisSink::RedisSink(PostgresSinkConfig config, std::string pipelineName)
    : m_config(std::move(config)), m_prefix("syncline:" + pipelineName + ":" + m_config.name + ":"),
      m_positionKey(m_prefix + "position"), m_newestKey(m_prefix + "newest"),
      m_unverifiedKey(m_prefix + "unverified"), m_writer(m_config.redis), m_next(newCommit())
{}

RedisSink::~RedisSink() = default;

void RedisSink::check(const PostgresSinkConfig &config)
{
    redis::Connection::open(urlOf(config), "sink " + config.name);
}

std::string RedisSink::where(const PostgresSinkConfig &config)
{
    try {
        return redis::redisServerOf(config.redis).describe();
    } catch (const PermanentError &) {
        return "(an invalid url)";
    }
}

redis::Connection &RedisSink::connection()
{
    if (!m_conn)
        connect();
    return *m_conn;
}

void RedisSink::connect()
{
    m_conn = redis::Connection::open(redis::redisServerOf(m_config.redis), "sink " + m_config.name);
    m_maxBulkBytes = m_conn->maxBulkBytes();
    loadScript();
    const redis::Reply stored = m_conn->command({"GET", m_positionKey});
    m_position.reset();
    m_recorded.clear();
    if (stored->type == REDIS_REPLY_STRING) {
        m_recorded.assign(stored->str, stored->len);
        m_position = Lsn(std::stoull(m_recorded, nullptr, 16));
    }
    const redis::Reply unverified = m_conn->command({"GET", m_unverifiedKey});
    m_recoverUntil.reset();
    if (unverified->type == REDIS_REPLY_STRING &&
        std::string(unverified->str, unverified->len) > m_recorded) {
        m_recoverUntil =
            Lsn(std::stoull(std::string(unverified->str, unverified->len), nullptr, 16));
        log::info("redis", "sink " + m_config.name + ": the replies of the batch up to " +
                               m_recoverUntil->toString() +
                               " were not checked; its changes are applied again as one");
    }
}

void RedisSink::loadScript()
{
    const redis::Reply loaded = m_conn->command({"SCRIPT", "LOAD", redis::applyScript()});
    if (loaded->type != REDIS_REPLY_STRING)
        throw PermanentError(
            m_conn->describe("cannot load the apply script: " + redis::errorOf(*loaded)));
    m_sha.assign(loaded->str, loaded->len);
}

void RedisSink::prepareTables(const std::vector<TableDefinition> &tables)
{
    CataloglessSink::prepareTables(tables);
    addTables(m_writer, m_config.name, tables);
}

void RedisSink::checkTables(const PostgresSinkConfig &config,
                            const std::vector<TableDefinition> &tables)
{
    redis::ChangeWriter writer(config.redis);
    addTables(writer, config.name, tables);
}

std::unique_ptr<RedisSink::Commit> RedisSink::newCommit() const
{
    auto commit = std::make_unique<Commit>();
    commit->batch.setTableTtls(m_config.redis.tableTtls);
    return commit;
}

void RedisSink::Commit::clear()
{
    batch.clear();
    chunks.clear();
    origins.clear();
    commitTimes.clear();
    commands.clear();
    transaction = false;
}

void RedisSink::send(redis::ScriptBatch &batch, const std::string &end, bool commit,
                     const std::string &after)
{
    redis::ScriptBatch::Call call;
    call.positionKey = m_positionKey;
    call.end = end;
    call.prefix = m_prefix;
    call.ttlSeconds = m_config.redis.ttlSeconds;
    call.streamMaxLength = m_config.redis.streamMaxLength;
    call.commit = commit;
    call.after = after;
    if (!m_stagedOffsets.empty()) {
        call.offsets.hash = offsetsKey(m_offsetsGroup);
        for (const auto &staged : m_stagedOffsets)
            call.offsets.writes.push_back(
                {staged.partition.first + '/' + std::to_string(staged.partition.second),
                 staged.expected,
                 std::to_string(staged.next) + '\n' + staged.clusterId + '\n' + staged.position});
    }
    const auto &arguments = batch.evalArguments(m_sha, call);
    connection().append(arguments.pointers, arguments.lengths);
    ++m_repliesPending;
}

std::map<TopicPartition, CataloglessSink::KeptOffset>
RedisSink::readOffsets(const std::string &group)
{
    const redis::Reply all = connection().command({"HGETALL", offsetsKey(group)});
    if (all->type != REDIS_REPLY_ARRAY)
        throw TransientError(
            connection().describe("cannot read the consumer offsets: " + redis::errorOf(*all)));
    std::map<TopicPartition, KeptOffset> offsets;
    for (std::size_t i = 0; i + 1 < all->elements; i += 2) {
        const std::string field(all->element[i]->str, all->element[i]->len);
        const std::string value(all->element[i + 1]->str, all->element[i + 1]->len);
        const auto slash = field.rfind('/');
        const auto first = value.find('\n');
        const auto second = value.find('\n', first + 1);
        if (slash == std::string::npos || second == std::string::npos)
            continue; // the group's snapshot end (field "")
        offsets[{field.substr(0, slash), std::stoi(field.substr(slash + 1))}] = {
            std::stoll(value.substr(0, first)), value.substr(first + 1, second - first - 1),
            value.substr(second + 1)};
    }
    return offsets;
}

std::optional<Lsn> RedisSink::shareSnapshotEnd(const std::string &group)
{
    // Field "" of the group's hash; positions are fixed-width hex, so text order is theirs.
    static const char *const kShare = R"lua(
local stored = redis.call('HGET', KEYS[1], '')
if ARGV[1] ~= '' and (not stored or stored < ARGV[1]) then
  redis.call('HSET', KEYS[1], '', ARGV[1])
  return ARGV[1]
end
return stored
)lua";
    const redis::Reply own = connection().command({"GET", m_positionKey});
    const std::string ownText =
        own->type == REDIS_REPLY_STRING ? std::string(own->str, own->len) : std::string();
    const redis::Reply shared =
        connection().command({"EVAL", kShare, "1", offsetsKey(group), ownText});
    if (shared->type == REDIS_REPLY_NIL)
        return std::nullopt;
    if (shared->type != REDIS_REPLY_STRING)
        throw TransientError(connection().describe("cannot record the group's snapshot: " +
                                                   redis::errorOf(*shared)));
    return Lsn(std::stoull(std::string(shared->str, shared->len), nullptr, 16));
}

namespace {

// The first word of Redis's error: WRONGTYPE, OOM, ...
std::string errorCode(const std::string &error)
{
    return error.substr(0, error.find(' '));
}

} // namespace

void RedisSink::readScriptReply()
{
    const redis::Reply reply = readReply();
    // Snapshot calls are pipelined and their batches gone: a refusal there stops the load.
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements > 2 &&
        reply->element[2]->type == REDIS_REPLY_STRING)
        throw PermanentError(
            m_conn->describe("Redis refused a snapshot row: " +
                             std::string(reply->element[2]->str, reply->element[2]->len)));
}

redis::Reply RedisSink::readReply()
{
    --m_repliesPending;
    redis::Reply reply = m_conn->read();
    const std::string error = redis::errorOf(*reply);
    if (error.empty())
        return reply;
    if (error.rfind("CONFLICT ", 0) == 0) {
        // Another member of the consumer group committed the partition: nothing was written.
        const std::string field = error.substr(9);
        const auto slash = field.rfind('/');
        throw TransientError(
            conflict(m_config.name, {field.substr(0, slash), std::atoi(field.c_str() + slash + 1)},
                     m_offsetsGroup));
    }
    if (error.rfind("NOSCRIPT", 0) == 0) {
        // Redis restarted without the script: load it again; the session repeats the batch.
        loadScript();
        throw TransientError(m_conn->describe("the apply script was gone (Redis restarted?)"));
    }
    const std::string message = m_conn->describe("the apply script failed: " + error);
    if (redis::isTransientError(error))
        throw TransientError(message);
    throw PermanentError(message);
}

void RedisSink::finish(Commit &done, Commit *behind)
{
    if (done.transaction) {
        finishTransaction(done);
        return;
    }
    const redis::Reply reply = readReply();
    const auto outcome = done.batch.outcome(*reply);
    auto changes = static_cast<long long>(done.batch.changes());
    if (outcome.outOfSequence)
        throw TransientError(m_conn->describe(
            "the sink's position in Redis is not the one this session left (is another "
            "syncline applying this pipeline?)"));
    if (!outcome.failures.empty()) {
        rejected(done, outcome.failures);
        for (const auto &failure : outcome.failures)
            changes -= static_cast<long long>(failure.origins.size());
        // Every refused change is dead-lettered and the others applied: record the position
        // (and the staged offsets, which the refusing call left as they were). The call sent
        // behind this one found the position short of what it follows, and wrote nothing.
        if (behind && !behind->batch.outcome(*readReply()).outOfSequence)
            throw PermanentError(m_conn->describe("a script call went on past a refused change"));
        done.batch.clear();
        send(done.batch, endOf(done), true, m_externalPositions ? std::string() : m_recorded);
        readScriptReply();
        noteRecorded(endOf(done));
        if (behind)
            send(behind->batch, endOf(*behind), true, m_recorded);
    } else {
        noteRecorded(endOf(done));
    }
    SYNCLINE_FAILPOINT("redis_sink.batch_applied");
    applied(done, changes);
}

void RedisSink::applied(const Commit &done, long long changes)
{
    m_position = done.end;
    if (m_recoverUntil && !(done.end < *m_recoverUntil))
        m_recoverUntil.reset();
    m_appliedChanges += changes;
    if (m_metrics)
        m_metrics->recordApplied(changes, done.commitTimes, m_config.name);
}

std::string RedisSink::endOf(const Commit &commit) const
{
    // Fed from Kafka, the sink's position stays the source's (where its snapshot ends): batch
    // numbers count within a session, and the consumer offsets say what was applied.
    return m_externalPositions ? std::string() : redis::sinkPosition(commit.end.value());
}

void RedisSink::noteRecorded(const std::string &end)
{
    if (end > m_recorded)
        m_recorded = end;
}

void RedisSink::copyTable(TableCopySource &reader, const TableDefinition &table,
                          Lsn consistentPoint, const std::function<void(long long rows)> &progress)
{
    const std::string qualified = table.qualifiedName();
    redis::ScriptBatch &batch = m_next->batch;
    batch.setMaxBulkBytes(m_maxBulkBytes);
    if (m_config.redis.mode != Mode::Stream)
        m_writer.truncate(table.schema, table.name,
                          redis::snapshotPosition(consistentPoint.value(), 0), batch);
    if (m_config.redis.mode == Mode::Invalidate)
        return; // nothing is cached: removing the keys is the whole load
    std::uint64_t row = 0;
    std::string pending; // a row split across chunks
    reader.copyTable(
        table,
        [&](std::string_view data, long long rows) {
            pending.append(data);
            std::size_t start = 0;
            for (auto end = pending.find('\n'); end != std::string::npos;
                 end = pending.find('\n', start)) {
                m_writer.snapshotRow(
                    table, parseCopyTextRow(std::string_view(pending).substr(start, end - start)),
                    redis::snapshotPosition(consistentPoint.value(), ++row), batch);
                start = end + 1;
                if (batch.changes() >= kSnapshotBatchRows) {
                    send(batch, "");
                    batch.clear();
                    while (m_repliesPending > kSnapshotCallsInFlight)
                        readScriptReply();
                }
            }
            pending.erase(0, start);
            progress(rows);
        },
        TableCopySource::Format::Text);
}

void RedisSink::loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                             Lsn consistentPoint,
                             const std::function<void(long long rows)> &progress)
{
    waitForCommits();
    m_next->clear();
    for (const auto &table : tables)
        copyTable(reader, table, consistentPoint, progress);
    send(m_next->batch, redis::sinkPosition(consistentPoint.value()));
    m_next->clear();
    while (m_repliesPending > 0)
        readScriptReply();
    noteRecorded(redis::sinkPosition(consistentPoint.value()));
    m_recoverUntil.reset(); // the script removed <prefix>unverified, an earlier slot's
    m_position = consistentPoint;
}

void RedisSink::recordPosition(Lsn position)
{
    waitForCommits();
    m_next->clear();
    send(m_next->batch, redis::sinkPosition(position.value()));
    readScriptReply();
    noteRecorded(redis::sinkPosition(position.value()));
    m_recoverUntil.reset(); // the script removed <prefix>unverified, an earlier slot's
    m_position = position;
}

void RedisSink::applyEvents(const std::shared_ptr<const TransactionChunk> &chunk,
                            std::uint64_t commitLsn)
{
    int chunkIndex = -1;
    m_next->batch.setMaxBulkBytes(m_maxBulkBytes);
    for (int i = 0; i < int(chunk->events.size()); ++i) {
        const ChangeEvent &event = chunk->events[std::size_t(i)];
        // From Kafka: each change's own source position, as the message carried it (a chunk
        // holds changes of many source transactions, and a transaction may span chunks).
        const std::string position =
            std::size_t(i) < chunk->positions.size()
                ? redis::changePosition(chunk->positions[std::size_t(i)].lsn,
                                        chunk->positions[std::size_t(i)].index)
                : redis::changePosition(commitLsn, m_eventIndex);
        ++m_eventIndex;
        if (m_deadLetters && event.table &&
            m_deadLetters->divert(chunk, i, event.table->keyColumnIndexes())) {
            if (m_metrics)
                m_metrics->recordDeadLetters(1);
            continue;
        }
        Commit &next = *m_next;
        if (chunkIndex < 0) {
            next.chunks.push_back(chunk);
            chunkIndex = int(next.chunks.size() - 1);
        }
        next.origins.emplace_back(chunkIndex, i);
        next.batch.setOrigin(int(next.origins.size() - 1));
        try {
            m_writer.change(event, position, next.batch);
        } catch (const redis::ScriptBatch::TooLarge &tooLarge) {
            next.origins.pop_back(); // nothing of it was added
            refuseTooLarge(chunk, i, tooLarge.what());
        }
    }
    m_next->batch.setOrigin(-1);
}

void RedisSink::apply(const std::shared_ptr<const TransactionChunk> &chunk)
{
    if (chunk->streamed) {
        // Still in progress on the source: held until its commit, then applied as one.
        auto &held = m_streamed[chunk->xid];
        if (!chunk->isLast) {
            held.push_back(chunk);
            return;
        }
        if (!chunk->aborted) {
            m_eventIndex = 0;
            if (m_deadLetters)
                m_deadLetters->refresh();
            for (const auto &part : held)
                applyEvents(part, chunk->commitLsn.value());
            m_pendingEnd = chunk->endLsn;
            m_next->commitTimes.push_back(chunk->commitTimeMicros);
        }
        m_streamed.erase(chunk->xid);
        return;
    }
    if (chunk->isFirst) {
        m_eventIndex = 0;
        m_insideTransaction = true;
        // A replay (syncline dlq replay, while this runs) may have released held rows.
        if (m_deadLetters)
            m_deadLetters->refresh();
    }
    applyEvents(chunk, chunk->commitLsn.value());
    if (chunk->isLast) {
        m_insideTransaction = false;
        m_pendingEnd = chunk->endLsn;
        m_next->commitTimes.push_back(chunk->commitTimeMicros);
    }
}

void RedisSink::commit()
{
    if (!m_pendingEnd) {
        waitForCommits();
        return;
    }
    // Committed in parts, the changes up to an unchecked MULTI/EXEC's end could put older
    // values over the newer ones it wrote (with no position recorded): they go as one call.
    if (m_recoverUntil && *m_pendingEnd < *m_recoverUntil)
        return;
    std::unique_ptr<Commit> next = std::exchange(m_next, std::move(m_spare));
    if (!m_next)
        m_next = newCommit();
    next->end = *m_pendingEnd;
    m_pendingEnd.reset();
    if (m_externalPositions) {
        // The staged offsets go with each call of this commit (a second one records the
        // position once refused changes are dead-lettered), and are gone after it, whatever it
        // did.
        try {
            send(next->batch, endOf(*next), true);
            finish(*next, nullptr);
        } catch (...) {
            m_stagedOffsets.clear();
            throw;
        }
        m_stagedOffsets.clear();
        next->clear();
        m_spare = std::move(next);
        return;
    }
    // Plain writes go as a MULTI/EXEC, with nothing in flight: the guard reads what Redis holds
    // once every call before has been applied. Nothing is sent behind one either: its replies
    // say whether the position may move.
    next->commands.clear();
    next->transaction = false;
    const bool plain = !m_recoverUntil && m_config.redis.mode != Mode::Stream &&
                       next->batch.positionBounds().first &&
                       next->batch.appendCommands(next->commands, m_config.redis.ttlSeconds);
    if (plain || (m_sent && m_sent->transaction))
        waitForCommits();
    if (plain && sendTransaction(*next)) {
        m_sent = std::move(next);
        return;
    }
    // Sent behind the call in flight, following the position that one leaves: should that one
    // have a change refused, this one writes nothing.
    send(next->batch, endOf(*next), true,
         m_sent ? std::max(m_recorded, endOf(*m_sent)) : m_recorded);
    if (m_sent) {
        finish(*m_sent, next.get());
        m_sent->clear();
        m_spare = std::move(m_sent);
    }
    m_sent = std::move(next);
}

void RedisSink::waitForCommits()
{
    if (!m_sent)
        return;
    finish(*m_sent, nullptr);
    m_sent->clear();
    m_spare = std::move(m_sent);
}

void RedisSink::rejected(const Commit &commit,
                         const std::vector<redis::ScriptBatch::Failure> &failures)
{
    bool retry = false;
    std::string first;
    for (const auto &failure : failures) {
        if (failure.origins.empty())
            throw PermanentError(
                m_conn->describe("Redis refused a write to " + failure.key + ": " + failure.error));
        const auto &[chunkIndex, index] = commit.origins[std::size_t(failure.origins.front())];
        const auto &chunk = commit.chunks[std::size_t(chunkIndex)];
        const std::string what = "sink " + m_config.name + ": Redis refused change " +
                                 eventId(*chunk, index) + " (key " + failure.key +
                                 "): " + failure.error;
        if (!m_deadLetters)
            throw PermanentError(what);
        if (!m_deadLetters->recordFailure(*chunk, index, errorCode(failure.error), failure.error)) {
            retry = true;
            if (first.empty())
                first = what;
            continue;
        }
        // Out of retries: dead-lettered, and the changes merged after it held behind it.
        for (const int origin : failure.origins) {
            const auto &[c, i] = commit.origins[std::size_t(origin)];
            const auto &held = commit.chunks[std::size_t(c)];
            const ChangeEvent &event = held->events[std::size_t(i)];
            if (m_deadLetters->divert(held, i, event.table->keyColumnIndexes()) && m_metrics)
                m_metrics->recordDeadLetters(1);
        }
        log::warning("redis", what + "; dead-lettered");
    }
    if (retry)
        throw RejectedChangeError(first + "; it is applied again");
}

void RedisSink::refuseTooLarge(const std::shared_ptr<const TransactionChunk> &chunk, int index,
                               const std::string &why)
{
    const std::string what = "sink " + m_config.name + ": change " + eventId(*chunk, index) +
                             " cannot be written: " + why;
    if (!m_deadLetters)
        throw PermanentError(what);
    // No retry makes it fit: its retries are used up at once, and it is dead-lettered (to be
    // replayed once the server takes more, or the column is masked or left out).
    while (!m_deadLetters->recordFailure(*chunk, index, "too_large", why)) {
    }
    const ChangeEvent &event = chunk->events[std::size_t(index)];
    if (m_deadLetters->divert(chunk, index, event.table->keyColumnIndexes()) && m_metrics)
        m_metrics->recordDeadLetters(1);
    log::warning("redis", what + "; dead-lettered");
}

void RedisSink::abandon()
{
    m_next->clear();
    m_sent.reset();
    m_pendingEnd.reset();
    m_stagedOffsets.clear();
    m_insideTransaction = false;
    m_streamed.clear();
    m_repliesPending = 0;
    m_conn.reset();
}

} // namespace syncline
