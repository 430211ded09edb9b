#pragma once

#include "config/config_error.h"
#include "config/pipeline_document.h"

#include <filesystem>
#include <string_view>
#include <variant>

namespace syncline {

using PipelineDocumentResult = std::variant<PipelineDocument, ConfigError>;

// Reads a pipeline file into a document without checking it against the registry, so that a
// file with problems can still be edited: keys it does not know are kept, values stay as
// written (${ENV} unexpanded). Fails only when the text is not one YAML mapping.
PipelineDocumentResult readPipelineYaml(std::string_view yamlText,
                                        const std::filesystem::path &pretendFile);

} // namespace syncline
