#include "verify/key_range.h"

namespace syncline::verify {

std::vector<KeyRange> KeyRange::between(const std::vector<Key> &bounds, const KeyRange &within)
{
    std::vector<KeyRange> ranges;
    std::optional<Key> start = within.after;
    for (const auto &bound : bounds) {
        if (within.upTo && bound == *within.upTo)
            break; // the last piece ends at the range's own end
        ranges.push_back({start, bound});
        start = bound;
    }
    ranges.push_back({start, within.upTo});
    return ranges;
}

} // namespace syncline::verify
