#pragma once

#include <filesystem>
#include <string>

namespace syncline {

// A problem in a pipeline file, located so that editors and terminals can jump to it.
struct ConfigError
{
    std::filesystem::path file;
    int line = 0; // 1-based; 0 when the problem is the file as a whole
    int column = 0;
    std::string message;

    // "pipeline.yaml:12:5: error: unknown key 'slto' (did you mean 'slot'?)"
    std::string toString() const;
};

} // namespace syncline
