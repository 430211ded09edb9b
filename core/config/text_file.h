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

TextFile readTextFile(const std::filesystem::path &path);

} // namespace syncline
