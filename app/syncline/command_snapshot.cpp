#include "commands.h"

#include "snapshot/snapshot_progress.h"
#include "source/postgres/source_tables.h"
#include "util/log.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace syncline::cli {

int snapshot(const Options &options)
{
    auto config = loadOrReport(options.pipelineFile);
    if (!config)
        return BadInput;
    if (options.tables.empty()) {
        std::cerr << "syncline snapshot: which table? (--table schema.table)\n";
        return BadInput;
    }
    if (!config->hasSource) {
        std::cerr << "syncline snapshot: " << options.pipelineFile
                  << " has no source to copy from\n";
        return BadInput;
    }
    std::vector<std::string> tables;
    for (const auto &table : options.tables) {
        const std::string qualified =
            table.find('.') == std::string::npos ? "public." + table : table;
        const auto &entries = config->source.tables;
        if (std::none_of(entries.begin(), entries.end(), [&](const std::string &entry) {
                return entry == qualified || matchesTableEntry(entry, qualified);
            })) {
            std::cerr << "syncline snapshot: " << qualified
                      << " is not one of the pipeline's tables\n";
            return BadInput;
        }
        tables.push_back(qualified);
    }
    std::filesystem::create_directories(config->stateDir);
    SnapshotProgress store(SnapshotProgress::fileIn(config->stateDir));
    const char *user = getenv("USER");
    for (const auto &table : tables) {
        store.request(table, std::string("requested by ") + (user ? user : "an operator"));
        std::cout << "requested an incremental snapshot of " << table
                  << "; the running pipeline copies it while streaming (or the next run does); "
                     "see syncline status "
                  << options.pipelineFile << '\n';
    }
    return Success;
}

} // namespace syncline::cli
