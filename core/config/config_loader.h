#pragma once

#include "config/config_error.h"
#include "config/pipeline_config.h"

#include <filesystem>
#include <string_view>
#include <variant>
#include <vector>

namespace syncline {

// A pipeline ready to run, or every problem found in its file, in file order.
using PipelineConfigResult = std::variant<PipelineConfig, std::vector<ConfigError>>;

// Reads and validates a pipeline file against the connector registry. ${NAME} in values comes
// from the environment; a secret given as file:<path> is read from that file. Messages never
// contain a secret's value.
PipelineConfigResult loadPipelineConfig(const std::filesystem::path &file);

// The same for text already in memory; pretendFile names it in errors and anchors relative paths.
PipelineConfigResult parsePipelineConfig(std::string_view yamlText,
                                         const std::filesystem::path &pretendFile);

} // namespace syncline
