#include "schema/schema_recorder.h"

#include "schema/schema_evolution.h"
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
        const auto versions = m_history->versions(table.qualifiedName());
        table.ddl =
            ddlOfVersion(versions, versions.size() - 1, m_history->ddl(table.qualifiedName()));
    } catch (const std::exception &error) {
        log::warning("schema", std::string("schema history not written: ") + error.what());
        m_history.reset();
    }
}

void SchemaRecorder::recordDdl(const std::string &object, const std::string &commandTag,
                               const std::string &ddl, Lsn lsn)
{
    if (!m_history)
        return;
    try {
        m_history->recordDdl({object, lsn.toString(), {}, commandTag, ddl});
        log::info("schema", commandTag + " " + object + " at " + lsn.toString());
    } catch (const std::exception &error) {
        log::warning("schema", std::string("schema history not written: ") + error.what());
        m_history.reset();
    }
}

SchemaActionLog::SchemaActionLog(std::filesystem::path stateDir, std::string sink)
    : m_stateDir(std::move(stateDir)), m_sink(std::move(sink))
{}

SchemaActionLog::~SchemaActionLog() = default;

void SchemaActionLog::record(const TableSchema &table, const SchemaPlan &plan, Lsn lsn,
                             const std::string &refusal)
{
    if (m_failed)
        return;
    try {
        if (!m_history)
            m_history = std::make_unique<SchemaHistory>(SchemaHistory::fileIn(m_stateDir));
        for (const auto &change : plan.changes) {
            std::string statements;
            for (const auto &statement : change.statements)
                statements += (statements.empty() ? "" : "\n") + statement + ';';
            m_history->recordAction({table.qualifiedName(),
                                     m_sink,
                                     lsn.toString(),
                                     {},
                                     schemaChangeKindName(change.kind),
                                     change.column,
                                     change.detail,
                                     !refusal.empty() ? "quarantined"
                                     : change.action == SchemaChangePolicy::Action::Keep
                                         ? "kept"
                                         : "applied",
                                     statements});
        }
    } catch (const std::exception &error) {
        log::warning("schema", "sink " + m_sink +
                                   ": what it did about schema changes is not "
                                   "recorded: " +
                                   error.what());
        m_failed = true;
    }
}

} // namespace syncline
