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

void SchemaRecorder::observe(const TransactionChunk &chunk)
{
    if (!m_history)
        return;
    for (const ChangeEvent &event : chunk.events) {
        if (event.table.get() == m_last)
            continue;
        m_last = event.table.get();
        if (event.table && m_seen.insert(event.table.get()).second)
            record(event.table, chunk.commitLsn);
    }
}

void SchemaRecorder::record(const std::shared_ptr<const TableSchema> &table, Lsn lsn)
{
    m_held.push_back(table);
    try {
        if (m_history->record(*table, lsn))
            log::info("schema", "new version of " + table->qualifiedName() + " (" +
                                    std::to_string(table->columns.size()) + " columns)");
    } catch (const std::exception &error) {
        log::warning("schema", std::string("schema history not written: ") + error.what());
        m_history.reset();
    }
}

} // namespace syncline
