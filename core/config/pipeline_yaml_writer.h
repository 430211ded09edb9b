#pragma once

#include "config/pipeline_document.h"

#include <string>

namespace syncline {

// The document as a pipeline file: the top level and each section in the connector registry's
// order, then the keys it does not know in their own order. Values are written as they are
// (a secret as "${ENV}" or "file:<path>" stays so); lists in flow style, mappings in block style.
// Comments of a file that was read are not kept.
std::string writePipelineYaml(const PipelineDocument &document);

} // namespace syncline
