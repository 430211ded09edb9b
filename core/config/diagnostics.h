#pragma once

#include "config/config_error.h"
#include "config/pipeline_config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace YAML {
struct Mark;
}

namespace syncline {

// yaml-cpp counts from 0 (and uses -1 for "no position"); SourceMark counts from 1 (0: none).
SourceMark toSourceMark(const YAML::Mark &mark);

// Collects every problem found in one pipeline file.
class Diagnostics
{
public:
    explicit Diagnostics(std::filesystem::path file) : m_file(std::move(file)) {}

    void error(SourceMark at, std::string message);
    bool hasErrors() const { return !m_errors.empty(); }
    const std::filesystem::path &file() const { return m_file; }

    // The errors in file order (problems with the file as a whole first).
    std::vector<ConfigError> takeErrors();

private:
    std::filesystem::path m_file;
    std::vector<ConfigError> m_errors;
};

} // namespace syncline
