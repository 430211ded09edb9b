#include "sink/redis/redis_replay_target.h"

#include "sink/redis/apply_script.h"
#include "sink/redis/change_writer.h"
#include "util/errors.h"

#include <hiredis/hiredis.h>

namespace syncline {

RedisReplayTarget::RedisReplayTarget(PostgresSinkConfig config, const std::string &pipelineName,
                                     Describe describe)
    : m_config(std::move(config)), m_prefix("syncline:" + pipelineName + ":" + m_config.name + ":"),
      m_describe(std::move(describe))
{}

RedisReplayTarget::~RedisReplayTarget() = default;

bool RedisReplayTarget::applyOnce(const ChangeEvent &event, const ReplayMark &mark)
{
    const std::string who = "sink " + m_config.name;
    if (!m_conn) {
        m_conn = redis::Connection::open(redis::redisServerOf(m_config.redis), who);
        const redis::Reply loaded = m_conn->command({"SCRIPT", "LOAD", redis::applyScript()});
        if (loaded->type != REDIS_REPLY_STRING)
            throw PermanentError(
                m_conn->describe("cannot load the apply script: " + redis::errorOf(*loaded)));
        m_sha.assign(loaded->str, loaded->len);
        m_maxBulkBytes = m_conn->maxBulkBytes();
    }
    redis::ChangeWriter writer(m_config.redis);
    redis::ScriptBatch batch(m_maxBulkBytes);
    batch.setTableTtls(m_config.redis.tableTtls);
    // A replay applies whatever the positions stored beside the key say: its own is not used.
    writer.change(event, redis::changePosition(0, 0), batch);
    const std::string note =
        "dead letter #" + std::to_string(mark.deadLetterId) + " by " + mark.actor;
    redis::ScriptBatch::Call call;
    call.positionKey = m_prefix + "position";
    call.end = note;
    call.prefix = m_prefix;
    call.ttlSeconds = m_config.redis.ttlSeconds;
    call.streamMaxLength = m_config.redis.streamMaxLength;
    call.replayKey = m_prefix + "replayed";
    call.replay = mark.eventId;
    const auto &arguments = batch.evalArguments(m_sha, call);
    m_conn->append(arguments.pointers, arguments.lengths);
    const redis::Reply reply = m_conn->read();
    if (const std::string error = redis::errorOf(*reply); !error.empty())
        throw PermanentError(m_conn->describe("the apply script failed: " + error));
    const auto outcome = batch.outcome(*reply);
    if (outcome.alreadyReplayed)
        return false;
    if (!outcome.failures.empty())
        throw PermanentError(m_conn->describe("Redis refused the change (key " +
                                              outcome.failures.front().key +
                                              "): " + outcome.failures.front().error));
    return true;
}

} // namespace syncline
