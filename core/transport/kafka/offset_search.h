#pragma once

#include <cstdint>
#include <functional>
#include <optional>

namespace syncline::kafka {

// The first message at or after an offset, as a probe read it.
struct ProbedMessage
{
    std::int64_t offset = 0;
    std::int64_t timestampMs = 0;
};

// What a probe found at or after an offset: a message, nothing before the end (found false),
// or no answer (ok false: timed out or cancelled).
struct ProbeResult
{
    bool ok = false;
    bool found = false;
    ProbedMessage message;
};

// The first offset in [low, high) whose message has a timestamp at or after `timestampMs`, or
// `high` when there is none, found by bisection (about log2(high - low) probes). For brokers
// that do not answer offset-for-time requests; assumes timestamps do not go down within the
// partition, as with LogAppendTime or one producer's CreateTime. Empty when a probe fails.
std::optional<std::int64_t>
searchOffsetForTime(std::int64_t low, std::int64_t high, std::int64_t timestampMs,
                    const std::function<ProbeResult(std::int64_t offset)> &probe);

} // namespace syncline::kafka
