#include "transport/kafka/offset_search.h"

namespace syncline::kafka {

std::optional<std::int64_t>
searchOffsetForTime(std::int64_t low, std::int64_t high, std::int64_t timestampMs,
                    const std::function<ProbeResult(std::int64_t offset)> &probe)
{
    // The answer stays within [low, high].
    while (low < high) {
        const std::int64_t middle = low + (high - low) / 2;
        const ProbeResult result = probe(middle);
        if (!result.ok)
            return std::nullopt;
        if (!result.found || result.message.offset >= high)
            high = middle; // nothing from middle on
        else if (result.message.timestampMs >= timestampMs)
            high = result.message.offset; // offsets in (middle, offset) hold no message
        else
            low = result.message.offset + 1;
    }
    return low;
}

} // namespace syncline::kafka
