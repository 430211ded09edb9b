#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace syncline::kafka {

// Where to browse: a bootstrap list and the librdkafka properties it needs (security.protocol,
// sasl.*, ssl.*). The values may be secrets: nothing here is ever logged.
struct BrowseConnection
{
    std::string bootstrap;
    std::vector<std::pair<std::string, std::string>> properties;
};

using BrowseClock = std::chrono::steady_clock;
using BrowseDeadline = BrowseClock::time_point;

struct PartitionWatermarks
{
    int partition = 0;
    std::int64_t low = 0;  // the first offset still kept
    std::int64_t high = 0; // the offset the next message gets
    std::string error;     // why the watermarks are unknown (then low == high == 0)

    // Offsets between the watermarks: the messages kept, or fewer on compacted or transactional
    // topics (deleted records and commit markers take offsets too).
    std::int64_t messages() const { return high - low; }
};

struct TopicInfo
{
    std::string name;
    std::vector<PartitionWatermarks> partitions;
    std::string error; // the broker's error for this topic, e.g. not authorized

    std::int64_t messages() const;
};

// How a blocking call ended.
enum class BrowseOutcome
{
    Done,      // the call did what it was asked
    EndOfData, // reading: every partition is at its end, nothing more to read right now
    TimedOut,  // the deadline passed first; what came so far is in the result
    Cancelled, // the cancel flag was set
    Failed     // the error says why
};

struct TopicListing
{
    BrowseOutcome outcome = BrowseOutcome::Done;
    std::string error;
    std::vector<TopicInfo> topics; // by name
};

struct BrowsedMessage
{
    int partition = 0;
    std::int64_t offset = 0;
    std::int64_t timestampMs = -1; // -1: none
    bool logAppendTime = false;    // the broker's time, not the producer's
    std::optional<std::string> key;
    std::optional<std::string> value; // none: a tombstone
    std::vector<std::pair<std::string, std::string>> headers;
};

} // namespace syncline::kafka
