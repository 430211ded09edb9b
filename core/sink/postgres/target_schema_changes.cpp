#include "sink/postgres/target_schema_changes.h"

#include "config/pipeline_config.h"
#include "model/table_schema.h"
#include "pg/connection.h"
#include "pg/conninfo.h"
#include "sink/postgres/target_catalog.h"
#include "util/failpoint.h"
#include "util/log.h"

#include <libpq-fe.h>

#include <regex>
#include <string_view>

namespace syncline {

TargetSchemaChanges::TargetSchemaChanges(const PostgresSinkConfig &config, pg::Connection &conn,
                                         InTransaction inTransaction)
    : m_config(config), m_conn(conn), m_inTransaction(std::move(inTransaction))
{}

void TargetSchemaChanges::load(const std::string &schema, const std::string &name)
{
    TargetCatalog catalog(m_conn);
    Table &target = m_tables[schema + '.' + name];
    target.key = catalog.keyColumns(schema, name);
    target.columnTypes = catalog.columnTypes(schema, name);
    target.columns = catalog.describeColumns(schema, name);
    target.rowsAreIndependent = catalog.rowsAreIndependent(schema, name);
}

const TargetSchemaChanges::Table *TargetSchemaChanges::find(const std::string &qualifiedName) const
{
    const auto it = m_tables.find(qualifiedName);
    return it == m_tables.end() ? nullptr : &it->second;
}

std::optional<std::string> TargetSchemaChanges::run(const TableSchema &table,
                                                    const std::vector<std::string> &statements)
{
    std::optional<std::string> rejected;
    m_inTransaction([&] {
        m_conn.exec("SAVEPOINT syncline_schema_change");
        try {
            for (const auto &statement : statements)
                m_conn.exec(statement);
        } catch (const pg::Error &error) {
            if (error.isTransient())
                throw;
            m_conn.exec("ROLLBACK TO SAVEPOINT syncline_schema_change");
            rejected = std::string("the target rejected the schema change: ") + error.what();
        }
        m_conn.exec("RELEASE SAVEPOINT syncline_schema_change");
        load(table.schema, table.name);
    });
    if (!rejected)
        SYNCLINE_FAILPOINT("sink.schema_changed_before_commit");
    return rejected;
}

SchemaPlan TargetSchemaChanges::planFor(const TableSchema &table)
{
    auto plan = planSchemaChanges(table, m_tables.at(table.qualifiedName()).columns,
                                  m_config.schemaChanges);
    if (plan.changes.empty())
        return plan;
    // The target may have been changed by hand since it was read: plan against it as it is.
    m_inTransaction([&] { load(table.schema, table.name); });
    return planSchemaChanges(table, m_tables.at(table.qualifiedName()).columns,
                             m_config.schemaChanges);
}

bool TargetSchemaChanges::needsDdl(const TableSchema &table)
{
    const auto plan = planFor(table);
    return plan.refused() || !plan.statements().empty();
}

std::string TargetSchemaChanges::evolve(const TableSchema &table, Lsn lsn)
{
    const auto plan = planFor(table);
    if (plan.changes.empty())
        return {};
    const std::string what = "sink " + m_config.name + ": " + table.qualifiedName() + " changed (" +
                             plan.describe() + ")";
    auto tell = [&](const std::string &refusal) {
        if (m_observer)
            m_observer(table, plan, lsn, refusal);
        return refusal;
    };
    if (plan.refused())
        return tell("schema change refused by the sink's policy: " + plan.describe());
    const auto statements = plan.statements();
    if (!statements.empty())
        if (auto rejected = run(table, statements))
            return tell(*rejected + " (" + plan.describe() + ")");
    tell({});
    if (statements.empty())
        log::debug("schema", what + "; the target needed no change");
    else
        log::info("schema", what + "; applied to the target in the transaction of the first "
                                   "change");
    return {};
}

// PostgreSQL refuses a new enum value in the transaction that added it, hence the connection
// of its own. Values added BEFORE or AFTER another go last on the target.
bool TargetSchemaChanges::addMissingEnumValue(const PGresult *result)
{
    const char *state = PQresultErrorField(const_cast<PGresult *>(result), PG_DIAG_SQLSTATE);
    const char *primary =
        PQresultErrorField(const_cast<PGresult *>(result), PG_DIAG_MESSAGE_PRIMARY);
    if (!state || !primary || std::string_view(state) != "22P02" ||
        m_config.schemaChanges.addColumn == SchemaChangePolicy::Action::Quarantine)
        return false;
    static const std::regex kMissingValue(R"re(invalid input value for enum (.+): "(.*)")re");
    std::cmatch match;
    if (!std::regex_match(primary, match, kMissingValue))
        return false;
    auto connection = pg::Connection::open(m_config.dsn, pg::Connection::Mode::Normal,
                                           "syncline sink " + m_config.name);
    connection.exec("ALTER TYPE " + match[1].str() + " ADD VALUE IF NOT EXISTS " +
                    pg::quoteLiteral(match[2].str()));
    log::info("schema", "sink " + m_config.name + ": added value " +
                            pg::quoteLiteral(match[2].str()) + " to enum " + match[1].str() +
                            " on the target, as the source did");
    return true;
}

} // namespace syncline
