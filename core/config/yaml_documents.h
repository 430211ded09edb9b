#pragma once

#include <string>
#include <vector>

namespace YAML {
struct Mark;
}

namespace syncline {

// Where the root node of each YAML document in `text` is, for telling a file of one document from
// one of several. Throws YAML::ParserException on invalid YAML, as YAML::LoadAll() does. Unlike
// LoadAll() of yaml-cpp 0.7, it returns on every input: a document that does not move the parser
// forward (a lone ",") is a syntax error here, where LoadAll() loops and allocates forever
// (jbeder/yaml-cpp#1040, fixed after 0.8).
std::vector<YAML::Mark> yamlDocumentRoots(const std::string &text);

} // namespace syncline
