#include "schema_snapshot.h"

#include "dlq/dead_letter_store.h"

#include <algorithm>
#include <exception>
#include <system_error>

namespace syncline::ui {

std::string TableHistory::ddlOfVersion(std::size_t index) const
{
    return syncline::ddlOfVersion(versions, index, ddl);
}

int SchemaSnapshot::indexOf(const std::string &table) const
{
    const auto found = std::find_if(tables.begin(), tables.end(), [&](const TableHistory &history) {
        return history.name == table;
    });
    return found == tables.end() ? -1 : int(found - tables.begin());
}

bool SchemaSnapshot::sameVersionsAs(const SchemaSnapshot &other) const
{
    if (status != other.status || error != other.error || tables.size() != other.tables.size() ||
        held.size() != other.held.size())
        return false;
    for (std::size_t i = 0; i < held.size(); ++i)
        if (held[i].table != other.held[i].table || held[i].sink != other.held[i].sink ||
            held[i].heldChanges != other.held[i].heldChanges)
            return false;
    return std::equal(tables.begin(), tables.end(), other.tables.begin(),
                      [](const TableHistory &a, const TableHistory &b) {
                          return a.name == b.name && a.versions.size() == b.versions.size() &&
                                 a.actions.size() == b.actions.size();
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
            TableHistory entry{std::move(table), {}, {}, {}};
            entry.versions = history.versions(entry.name);
            entry.actions = history.actions(entry.name);
            entry.ddl = history.ddl(entry.name);
            if (!entry.versions.empty()) // recorded between the two reads: next time
                snapshot.tables.push_back(std::move(entry));
        }
        const auto store = dlq::DeadLetterStore::fileIn(stateDirectory);
        if (std::filesystem::exists(store, error))
            for (auto &held : dlq::DeadLetterStore(store).quarantines())
                snapshot.held.push_back({std::move(held.sink), std::move(held.table),
                                         std::move(held.reason), held.heldChanges});
        snapshot.status = SchemaSnapshot::Status::Loaded;
    } catch (const std::exception &failure) {
        snapshot.status = SchemaSnapshot::Status::Failed;
        snapshot.error = QString::fromStdString(failure.what());
        snapshot.tables.clear();
    }
    return snapshot;
}

} // namespace syncline::ui
