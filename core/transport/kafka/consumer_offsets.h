#pragma once

#include "model/lsn.h"
#include "transport/kafka/message_position.h"
#include "transport/kafka/topic_names.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace syncline::pg {
class Connection;
}

namespace syncline::kafka {

// What a Kafka sink consumed, kept in its target per consumer group: each partition's next
// offset and last applied position (syncline.kafka_consumer_offsets, written in the same
// transaction as the rows by a fenced commit), and where the snapshot the target holds ends
// (syncline.kafka_group_snapshots).
class ConsumerOffsets
{
public:
    struct Stored
    {
        std::int64_t storedOffset = -1; // as stored, whichever cluster it was for
        std::int64_t nextOffset = -1;   // -1 when stored for another cluster
        std::optional<MessagePosition> position;
    };

    explicit ConsumerOffsets(std::string group) : m_group(std::move(group)) {}

    static void ensureTables(pg::Connection &connection);

    // Shares with the group where the snapshot this pipeline's sink copied into the target
    // ends (its syncline.offsets position), and returns the latest any member recorded.
    std::optional<Lsn> recordSnapshot(pg::Connection &connection, const std::string &pipeline,
                                      const std::string &sink) const;
    std::map<TopicPartition, Stored> load(pg::Connection &connection,
                                          const std::string &clusterId) const;
    // The partitions of `topic` whose committed position is at or past `position`.
    std::set<int> partitionsAt(pg::Connection &connection, const std::string &topic,
                               const MessagePosition &position) const;

    // Run inside the apply transaction: stores the partition's offset where it still holds
    // `expected` (-1: no row yet), and fails it (SQLSTATE 40001) where another member of the
    // group committed meanwhile.
    static const char *commitSql();
    std::vector<std::string>
    commitParameters(const TopicPartition &partition, std::int64_t expected, std::int64_t next,
                     const std::optional<MessagePosition> &position, const std::string &clusterId,
                     const std::string &pipeline, const std::string &sink) const;

private:
    std::string m_group;
};

} // namespace syncline::kafka
