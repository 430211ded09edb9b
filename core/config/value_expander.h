#pragma once

#include "config/pipeline_config.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace syncline {

class Diagnostics;

// Replaces each ${NAME} by the environment variable NAME; "$${" stands for a literal "${".
// Unset or malformed references are reported at `at`, naming `property` but never the value, and
// give nullopt.
std::optional<std::string> expandEnvironment(std::string_view text, std::string_view property,
                                             SourceMark at, Diagnostics &diagnostics);

// For a secret: "file:<path>" becomes the file's content without its trailing line breaks; a
// relative path is relative to baseDir. Any other value is returned as it is.
std::optional<std::string> resolveSecretFile(std::string value, std::string_view property,
                                             const std::filesystem::path &baseDir, SourceMark at,
                                             Diagnostics &diagnostics);

} // namespace syncline
