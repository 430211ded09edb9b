#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncline {

// Edits (insert, delete, substitute, swap two neighbours) that turn a into b; case-insensitive.
std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate closest to word, if it is close enough to be a likely typo.
std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string> &candidates);

// "a, b, c"
std::string joined(const std::vector<std::string> &words);

} // namespace syncline
