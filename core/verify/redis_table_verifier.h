#pragma once

#include "config/pipeline_config.h"
#include "sink/redis/redis_connection.h"
#include "verify/table_verifier.h"
#include "verify/verify_result.h"

#include <string>

namespace syncline::pg {
class Connection;
}

namespace syncline::verify {

class SinkCatchUp;

// Compares one table of a Redis sink in materialize mode with the source, key by key: the
// source's rows are read in one snapshot with a mark and each turned into the key and value the
// sink writes (the key template; a hash without its NULL fields, or a JSON object); once the
// sink has passed the mark, the table's keys are SCANned (the template's pattern) and their
// hashes or JSON values read. Keys are matched; a key only the source has is missing, only
// Redis has extra, on both with other values (or another type) different, each confirmed over
// rounds as compareInRounds() does. Whole tables are held in memory.
class RedisTableVerifier
{
public:
    // `pipeline` names the sink's own keys, which are left out.
    RedisTableVerifier(pg::Connection &source, const PostgresSinkConfig &sink,
                       const std::string &pipeline, SinkCatchUp &catchUp, VerifyOptions options);

    TableResult verify(const std::string &table);

private:
    pg::Connection &m_source;
    const PostgresSinkConfig &m_sink;
    std::string m_ownPrefix; // syncline:<pipeline>:<sink>:
    SinkCatchUp &m_catchUp;
    VerifyOptions m_options;
    redis::Connection m_redis;
};

} // namespace syncline::verify
