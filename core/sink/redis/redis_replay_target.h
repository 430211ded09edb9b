#pragma once

#include "config/pipeline_config.h"
#include "connector/replay_target.h"
#include "sink/redis/redis_connection.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace syncline {

// ReplayTarget on the Redis sink's keys: each replayed change is one call of the apply script,
// which writes it (as the sink's mode does, whatever the positions stored beside its key) and
// notes its event id in the hash <prefix>replayed in the same call, unless that hash has it
// already. Redis keeps no table definitions: `describe` gives a table's columns and key (the
// source's catalog).
class RedisReplayTarget : public ReplayTarget
{
public:
    using Describe = std::function<std::shared_ptr<TableSchema>(const std::string &schema,
                                                                const std::string &table)>;
    RedisReplayTarget(PostgresSinkConfig config, const std::string &pipelineName,
                      Describe describe);
    ~RedisReplayTarget() override;

    std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                               const std::string &table) override
    {
        return m_describe(schema, table);
    }
    // Throws PermanentError with Redis's error when Redis refuses the change again.
    bool applyOnce(const ChangeEvent &event, const ReplayMark &mark) override;

private:
    PostgresSinkConfig m_config;
    std::string m_prefix;
    Describe m_describe;
    std::optional<redis::Connection> m_conn;
    std::string m_sha;
    std::size_t m_maxBulkBytes = 0;
};

} // namespace syncline
