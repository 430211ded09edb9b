#pragma once

#include <optional>
#include <string>
#include <vector>

namespace syncline::verify {

// A row's key: the text of each key column's value, in key order.
using Key = std::vector<std::string>;

// The rows whose key is after `after` and up to `upTo`, in key order; an absent bound is open.
struct KeyRange
{
    std::optional<Key> after;
    std::optional<Key> upTo;

    static KeyRange all() { return {}; }
    // The ranges between consecutive `bounds` (in key order): (-inf, b1], (b1, b2], ... (bn, inf).
    static std::vector<KeyRange> between(const std::vector<Key> &bounds, const KeyRange &within);
};

} // namespace syncline::verify
