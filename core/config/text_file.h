#pragma once

#include <filesystem>
#include <string>

namespace syncline {

struct TextFile
{
    bool ok = false;
    std::string content{}; // when ok
    std::string error{};   // the operating system's reason, when not ok
};

// The file's bytes; more than maxBytes of them is an error (a pipeline file or a secret read from
// /dev/zero or a growing log must not take all memory).
TextFile readTextFile(const std::filesystem::path &path, std::size_t maxBytes);

} // namespace syncline
