// RedisSink's MULTI/EXEC of plain writes (redis_sink.h says when and why).

#include "sink/redis/redis_sink.h"

#include "util/errors.h"
#include "util/failpoint.h"

#include <hiredis/hiredis.h>

namespace syncline {

bool RedisSink::sendTransaction(Commit &next)
{
    // <prefix>unverified is written first, on its own (inside EXEC it could be refused while
    // the writes go on), unless another batch left it. WATCH: should another client change
    // what MGET shows, EXEC writes nothing.
    static const char *const kClaim = R"lua(
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
)lua";
    const std::string end = endOf(next);
    redis::Connection &conn = connection();
    conn.append({"EVAL", kClaim, "1", m_unverifiedKey, end});
    conn.append({"WATCH", m_positionKey, m_newestKey});
    conn.append({"MGET", m_positionKey, m_newestKey});
    const redis::Reply claim = conn.read();
    const redis::Reply watch = conn.read();
    for (const redis::Reply *reply : {&claim, &watch})
        if (const std::string error = redis::errorOf(**reply); !error.empty())
            throw TransientError(conn.describe("cannot start a MULTI/EXEC: " + error));
    const redis::Reply held = conn.read();
    auto text = [&](std::size_t i) -> std::optional<std::string> {
        if (held->type != REDIS_REPLY_ARRAY || held->elements != 2 ||
            held->element[i]->type != REDIS_REPLY_STRING)
            return std::nullopt;
        return std::string(held->element[i]->str, held->element[i]->len);
    };
    const auto position = text(0), newest = text(1);
    const auto [first, last] = next.batch.positionBounds();
    // Each write newer than every position recorded for a key and than the sink's (none is
    // stale), older than the end (a resend after this batch's end is recorded is at or before
    // the sink's position, which every later call skips).
    const bool claimed = claim->type == REDIS_REPLY_INTEGER && claim->integer == 1;
    const bool newer = claimed && first && position && *position == m_recorded && newest &&
                       *first > *newest && *first > *position && *last < end;
    if (!newer) {
        conn.append({"UNWATCH"});
        if (claimed)
            conn.append({"DEL", m_unverifiedKey});
        for (int i = claimed ? 2 : 1; i > 0; --i)
            conn.read();
        return false;
    }
    conn.append({"MULTI"});
    conn.appendFormatted(next.commands);
    conn.append({"EXEC"});
    next.transaction = true;
    return true;
}

void RedisSink::finishTransaction(Commit &done)
{
    const auto changes = static_cast<long long>(done.batch.changes());
    std::string refusedWhileQueued; // MULTI's +OK, then a +QUEUED per command, or an error
    for (std::size_t i = 0; i <= done.batch.commandCount(); ++i)
        if (const std::string error = redis::errorOf(*m_conn->read());
            !error.empty() && refusedWhileQueued.empty())
            refusedWhileQueued = error;
    const redis::Reply exec = m_conn->read();
    if (exec->type == REDIS_REPLY_ERROR) {
        // EXECABORT (OOM, ...): nothing was written.
        const std::string error =
            refusedWhileQueued.empty() ? redis::errorOf(*exec) : refusedWhileQueued;
        const std::string message = m_conn->describe("Redis refused a MULTI/EXEC: " + error);
        if (redis::isTransientError(error))
            throw TransientError(message);
        throw PermanentError(message);
    }
    // Nil: another client changed a key WATCH watched, and nothing was written. Refused
    // commands: the others were applied, the position was not. Either way the script applies
    // the batch (the last state of each key again: nothing older shows) and deals with them.
    if (exec->type != REDIS_REPLY_ARRAY || !done.batch.commandFailures(*exec).empty()) {
        done.transaction = false;
        send(done.batch, endOf(done), true, m_recorded);
        finish(done, nullptr);
        return;
    }
    SYNCLINE_FAILPOINT("redis_sink.batch_applied");
    static const char *const kSettle = R"lua(
local stored = redis.call('GET', KEYS[1])
if not stored or stored < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
)lua";
    const std::string end = endOf(done);
    const redis::Reply settled =
        m_conn->command({"EVAL", kSettle, "2", m_positionKey, m_unverifiedKey, end});
    if (const std::string error = redis::errorOf(*settled); !error.empty())
        throw TransientError(m_conn->describe("cannot record the position: " + error));
    noteRecorded(end);
    applied(done, changes);
}

} // namespace syncline
