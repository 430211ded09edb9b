#pragma once

#include "connector/transport_offsets.h"

#include <string>
#include <vector>

namespace syncline::pg {
class Connection;
}

namespace syncline {

class PostgresSink;

// TransportOffsets in a PostgreSQL target, per consumer group: syncline.kafka_consumer_offsets
// (each partition's next offset and last applied position, written in the apply transaction by
// a fenced commit) and syncline.kafka_group_snapshots (where the snapshot the target holds
// ends). Reads go through `catalog`, a plain connection; commits through the sink's own.
class ConsumerOffsets : public TransportOffsets
{
public:
    // Creates the tables when missing.
    ConsumerOffsets(PostgresSink &sink, pg::Connection &catalog, std::string pipeline,
                    std::string group);

    std::optional<Lsn> recordSnapshot() override;
    std::map<TopicPartition, Stored> load(const std::string &clusterId) override;
    std::set<int> partitionsAt(const std::string &topic, const MessagePosition &position) override;
    void stage(const TopicPartition &partition, std::int64_t expected, std::int64_t next,
               const std::optional<MessagePosition> &position,
               const std::string &clusterId) override;

private:
    PostgresSink &m_sink;
    pg::Connection &m_catalog;
    std::string m_pipeline;
    std::string m_group;
};

} // namespace syncline
