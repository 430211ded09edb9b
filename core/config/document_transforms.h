#pragma once

#include "config/pipeline_config.h"
#include "config/pipeline_document.h"

#include <string>
#include <vector>

namespace syncline {

// The transform steps of a document as far as choosing columns goes (type, columns, tagged,
// with), keys left out: what the console's Privacy view shows while the file does not validate
// yet (a key's ${ENV} unset, a sink missing). Running the chain takes parsePipelineConfig().
std::vector<TransformConfig> transformSelections(const PipelineDocument &document);

// The document's allow_unmasked patterns.
std::vector<std::string> allowUnmaskedOf(const PipelineDocument &document);

} // namespace syncline
