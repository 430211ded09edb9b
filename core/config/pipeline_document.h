#pragma once

#include "config/pipeline_config.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncline {

// A pipeline file as text, for editing it (the console's designer): every key as written, keys
// the registry does not know kept, nothing expanded or checked. readPipelineYaml() makes one,
// writePipelineYaml() writes it; parsePipelineConfig() on that text validates it.
struct DocumentValue
{
    enum class Shape
    {
        Scalar,
        List, // of scalars
        Map,  // of scalars, in file order
        Yaml, // anything else, kept as YAML text
    };
    Shape shape = Shape::Scalar;
    std::string text{}; // Scalar; Yaml: the node as YAML
    std::vector<std::string> items{};
    std::vector<std::pair<std::string, std::string>> pairs{};

    static DocumentValue scalar(std::string text);
    static DocumentValue list(std::vector<std::string> items);
    static DocumentValue map(std::vector<std::pair<std::string, std::string>> pairs);
    static DocumentValue yaml(std::string text);

    bool operator==(const DocumentValue &other) const = default;
};

struct DocumentEntry
{
    std::string key;
    DocumentValue value;
    SourceMark mark{}; // the key's position when read from a file

    bool operator==(const DocumentEntry &other) const; // key and value; marks do not count
};

// One mapping: the top level (without source, transforms, transport and sinks), a connector's
// section.
struct DocumentSection
{
    std::vector<DocumentEntry> entries{};
    SourceMark mark{}; // "source:" / "transport:" key, or a sink item's first key

    const DocumentValue *find(std::string_view key) const;
    std::string text(std::string_view key) const;   // a scalar's text, else empty
    void set(std::string key, DocumentValue value); // replaces in place, else appends
    bool remove(std::string_view key);

    bool operator==(const DocumentSection &other) const { return entries == other.entries; }
};

struct PipelineDocument
{
    DocumentSection top{}; // "pipeline", "state_dir" and keys the registry does not know
    std::optional<DocumentSection> source{};
    std::vector<DocumentSection> transforms{}; // in the order they run
    std::optional<DocumentSection> transport{};
    std::vector<DocumentSection> sinks{};

    bool operator==(const PipelineDocument &other) const = default;
};

} // namespace syncline
