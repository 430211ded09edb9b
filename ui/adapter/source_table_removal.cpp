#include "source_table_removal.h"

#include "config/pipeline_yaml_reader.h"
#include "config/pipeline_yaml_writer.h"
#include "config/text_file.h"
#include "source/postgres/source_tables.h"

#include <algorithm>

namespace syncline::ui {

SourceTableRemoval removeSourceTable(const std::filesystem::path &file, const std::string &table)
{
    const TextFile text = readTextFile(file, std::size_t(4) << 20);
    if (!text.ok)
        return {{}, "cannot read " + file.string() + ": " + text.error};
    auto read = readPipelineYaml(text.content, file);
    if (const auto *error = std::get_if<ConfigError>(&read))
        return {{}, error->toString()};
    auto &document = std::get<PipelineDocument>(read);
    const DocumentValue *tables = document.source ? document.source->find("tables") : nullptr;
    if (!tables || tables->shape != DocumentValue::Shape::List)
        return {{}, file.string() + " has no list of source tables"};
    std::vector<std::string> kept;
    for (const auto &entry : tables->items)
        if (entry != table)
            kept.push_back(entry);
    const auto pattern = std::find_if(kept.begin(), kept.end(), [&](const std::string &entry) {
        return matchesTableEntry(entry, table);
    });
    if (pattern != kept.end())
        return {{},
                table + " is matched by the pattern " + *pattern +
                    " in the source's tables, and a pattern cannot leave one table out. Replace "
                    "the pattern by the tables to keep, then drop the table again"};
    if (kept.size() == tables->items.size())
        return {{}, table + " is not in the source's tables of " + file.string()};
    if (kept.empty())
        return {{}, table + " is the pipeline's only table; delete the pipeline instead"};
    document.source->set("tables", DocumentValue::list(std::move(kept)));
    return {writePipelineYaml(document), {}};
}

} // namespace syncline::ui
