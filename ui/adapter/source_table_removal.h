#pragma once

#include <filesystem>
#include <string>

namespace syncline::ui {

// A pipeline file with one table taken out of its source's `tables:` (the Schemas page's "Drop
// from pipeline…"), or why that cannot be done: the file cannot be read, the table is matched
// only by a pattern (there is no exclusion list: the pattern would take it in again), or it is
// the pipeline's only table.
struct SourceTableRemoval
{
    std::string yaml;    // the file's new text, when `refusal` is empty
    std::string refusal; // why the table cannot be removed
};

SourceTableRemoval removeSourceTable(const std::filesystem::path &file, const std::string &table);

} // namespace syncline::ui
