#pragma once

#include "model/change_event.h"
#include "transport/kafka/message_position.h"
#include "transport/kafka/topic_names.h"

#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <string>

typedef struct rd_kafka_s rd_kafka_t;

namespace syncline::kafka {

// A truncate is produced to every partition of its table's topic (header
// syncline.truncate_partitions), since changes of the rows it removes may come before it in
// any of them. Each partition that reaches it is paused there. Whoever holds partition 0
// applies it once every other partition has committed a position at or past it, moving
// partition 0 past it in the same target transaction; the others go on once partition 0's
// committed position is past it. Committed positions are read from the target, so members of
// a group that split the partitions between them see each other's.
class TruncateBarriers
{
public:
    struct Barrier
    {
        std::string topic;
        MessagePosition position;
        int partitions = 0;
        std::map<int, std::int64_t> held;    // partition -> the offset of its truncate message
        std::optional<ChangeEvent> truncate; // read from partition 0, once held there
        Lsn lsn;
    };

    explicit TruncateBarriers(rd_kafka_t *consumer) : m_consumer(consumer) {}

    bool empty() const { return m_barriers.empty(); }
    bool holds(const TopicPartition &partition) const;
    // Pauses the partition at its truncate message (at `offset`); `truncate` is given when the
    // partition is 0.
    void hold(const std::string &topic, int partition, std::int64_t offset,
              const MessagePosition &position, int partitions,
              std::optional<ChangeEvent> truncate = {}, Lsn lsn = {});
    std::list<Barrier> &barriers() { return m_barriers; }
    // Resumes the barrier's partitions after their truncate messages and forgets it.
    void release(std::list<Barrier>::iterator barrier);
    // Forgets every barrier without resuming (the partitions are being revoked).
    void clear() { m_barriers.clear(); }

private:
    rd_kafka_t *m_consumer;
    std::list<Barrier> m_barriers;
};

} // namespace syncline::kafka
