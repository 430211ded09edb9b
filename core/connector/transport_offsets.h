#pragma once

#include "model/lsn.h"
#include "model/message_position.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace syncline {

using TopicPartition = std::pair<std::string, int>;

// What a sink fed from a log transport (Kafka) consumed, kept by the sink per consumer group
// beside the rows: each partition's next offset and last applied position, and where the
// snapshot the sink holds ends. The offsets are stored inside the sink's apply transaction, so
// rows and offsets commit together or not at all.
class TransportOffsets
{
public:
    struct Stored
    {
        std::int64_t storedOffset = -1; // as stored, whichever cluster it was for
        std::int64_t nextOffset = -1;   // -1 when stored for another cluster
        std::optional<MessagePosition> position;
    };

    virtual ~TransportOffsets() = default;

    // Shares with the group where the snapshot this sink holds ends, and returns the latest
    // any member recorded.
    virtual std::optional<Lsn> recordSnapshot() = 0;
    virtual std::map<TopicPartition, Stored> load(const std::string &clusterId) = 0;
    // The partitions of `topic` whose committed position is at or past `position`.
    virtual std::set<int> partitionsAt(const std::string &topic,
                                       const MessagePosition &position) = 0;
    // Inside the sink's open apply transaction: stores the partition's next offset where it
    // still holds `expected` (-1: none yet). Where another member of the group committed
    // meanwhile, the transaction fails as a serialization failure (it is retried).
    virtual void stage(const TopicPartition &partition, std::int64_t expected, std::int64_t next,
                       const std::optional<MessagePosition> &position,
                       const std::string &clusterId) = 0;
    // Whether every member of the group reads these offsets (they are in the sink's target).
    // When not (a file of this runner's: the http sink), the offsets the group committed to
    // Kafka count too: another member may have sent further meanwhile.
    virtual bool sharedByTheGroup() const { return true; }
};

} // namespace syncline
