#include "schema_snapshot.h"

#include <algorithm>
#include <exception>
#include <system_error>

namespace syncline::ui {

int SchemaSnapshot::indexOf(const std::string &table) const
{
    const auto found = std::find_if(tables.begin(), tables.end(), [&](const TableHistory &history) {
        return history.name == table;
    });
    return found == tables.end() ? -1 : int(found - tables.begin());
}

bool SchemaSnapshot::sameVersionsAs(const SchemaSnapshot &other) const
{
    if (status != other.status || error != other.error || tables.size() != other.tables.size())
        return false;
    return std::equal(tables.begin(), tables.end(), other.tables.begin(),
                      [](const TableHistory &a, const TableHistory &b) {
                          return a.name == b.name && a.versions.size() == b.versions.size();
                      });
}

SchemaSnapshot loadSchemaSnapshot(const std::filesystem::path &stateDirectory)
{
    SchemaSnapshot snapshot;
    snapshot.stateDirectory = QString::fromStdString(stateDirectory.string());
    const std::filesystem::path file = SchemaHistory::fileIn(stateDirectory);
    std::error_code error;
    if (!std::filesystem::exists(file, error))
        return snapshot; // NoHistory; opening it would create it
    try {
        SchemaHistory history(file);
        for (std::string &table : history.tables()) {
            TableHistory entry{std::move(table), {}};
            entry.versions = history.versions(entry.name);
            if (!entry.versions.empty()) // recorded between the two reads: next time
                snapshot.tables.push_back(std::move(entry));
        }
        snapshot.status = SchemaSnapshot::Status::Loaded;
    } catch (const std::exception &failure) {
        snapshot.status = SchemaSnapshot::Status::Failed;
        snapshot.error = QString::fromStdString(failure.what());
        snapshot.tables.clear();
    }
    return snapshot;
}

} // namespace syncline::ui
