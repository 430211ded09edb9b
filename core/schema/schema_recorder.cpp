#include "schema/schema_recorder.h"

#include "schema/schema_history.h"
#include "util/log.h"

namespace syncline {

SchemaRecorder::SchemaRecorder(const std::filesystem::path &stateDir)
{
    try {
        m_history = std::make_unique<SchemaHistory>(SchemaHistory::fileIn(stateDir));
    } catch (const std::exception &error) {
        log::warning("schema", std::string("no schema history: ") + error.what());
    }
}

SchemaRecorder::~SchemaRecorder() = default;

void SchemaRecorder::track(TableSchema &table, Lsn lsn)
{
    if (!m_history)
        return;
    try {
        m_history->linkToPrevious(table);
        if (m_history->record(table, lsn)) {
            std::string renames;
            for (const auto &column : table.columns)
                if (!column.renamedFrom.empty())
                    renames += (renames.empty() ? "; renamed " : ", ") + column.renamedFrom +
                               " to " + column.name;
            log::info("schema", "new version of " + table.qualifiedName() + " (" +
                                    std::to_string(table.columns.size()) + " columns" + renames +
                                    ") at " + lsn.toString());
        }
    } catch (const std::exception &error) {
        log::warning("schema", std::string("schema history not written: ") + error.what());
        m_history.reset();
    }
}

} // namespace syncline
