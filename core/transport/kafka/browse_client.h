#pragma once

#include "transport/kafka/browse_types.h"
#include "transport/kafka/kafka_handle.h"

#include <atomic>
#include <string>
#include <vector>

namespace syncline::kafka {

// Pieces the topic browser's calls share. Every wait is cut into short slices so that a set
// cancel flag is seen within about kBrowseSliceMs.
inline constexpr int kBrowseSliceMs = 200;

// A consumer that never joins its group, commits or stores offsets: it reads what it is
// assigned. Throws PermanentError for a property librdkafka refuses (its value not named).
Handle createBrowseConsumer(const BrowseConnection &connection);

bool isCancelled(const std::atomic<bool> *cancel);
int sliceMs(BrowseDeadline deadline); // until the deadline, at most kBrowseSliceMs, at least 0

struct MetadataResult
{
    BrowseOutcome outcome = BrowseOutcome::Done;
    std::string error;
    std::vector<TopicInfo> topics; // names, partitions (no watermarks yet) and topic errors
};

// Every topic's partitions, or only `topic`'s when it is not empty. Retries transport errors
// until the deadline.
MetadataResult fetchMetadata(rd_kafka_t *client, const std::string &topic, BrowseDeadline deadline,
                             const std::atomic<bool> *cancel);

// Fills in the low and high watermarks of every partition of `topics`, two requests per broker
// in all. A partition the broker does not answer for gets its error; a timeout leaves the
// outcome TimedOut.
BrowseOutcome queryWatermarks(rd_kafka_t *client, std::vector<TopicInfo> &topics,
                              BrowseDeadline deadline, const std::atomic<bool> *cancel,
                              std::string &error);

} // namespace syncline::kafka
