#include "sink/postgres/replay_applier.h"

#include "sink/postgres/statement_builder.h"
#include "sink/postgres/target_catalog.h"

#include <libpq-fe.h>

namespace syncline {
namespace {

const char *const kMarkerTable = R"sql(
CREATE SCHEMA IF NOT EXISTS syncline;
CREATE TABLE IF NOT EXISTS syncline.replayed_dead_letters (
    pipeline text NOT NULL,
    sink text NOT NULL,
    event_id text NOT NULL,
    dead_letter_id bigint NOT NULL,
    replayed_at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    PRIMARY KEY (pipeline, sink, event_id));
)sql";

// Runs a statement with parameters that may be NULL (nullptr).
pg::Result run(pg::Connection &connection, const std::string &sql,
               const std::vector<const char *> &values, const std::string &context,
               const std::vector<std::uint32_t> &types = {})
{
    pg::Result result(PQexecParams(connection.handle(), sql.c_str(), int(values.size()),
                                   types.empty() ? nullptr : types.data(), values.data(), nullptr,
                                   nullptr, 0));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw pg::Error::fromResult(result.get(), connection.handle(), context);
    return result;
}

} // namespace

ReplayApplier::ReplayApplier(const PostgresSinkConfig &config)
    : m_conn(pg::Connection::open(config.dsn, pg::Connection::Mode::Normal,
                                  "syncline replay " + config.name))
{
    m_conn.exec(kMarkerTable);
}

std::shared_ptr<TableSchema> ReplayApplier::describeTable(const std::string &schema,
                                                          const std::string &table)
{
    return TargetCatalog(m_conn).tableSchema(schema, table);
}

bool ReplayApplier::applyOnce(const ChangeEvent &event, const ReplayMark &mark)
{
    const TableSchema &table = *event.table;
    TargetCatalog catalog(m_conn);
    std::vector<int> key;
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        if (table.columns[i].isKey)
            key.push_back(int(i));
    const auto columnTypes =
        TargetColumnTypes::forSource(table, catalog.columnTypes(table.schema, table.name));

    std::string sql;
    std::vector<const char *> values;
    std::vector<std::uint32_t> types;
    if (event.op == Operation::Truncate) {
        sql = StatementBuilder::truncate(event);
    } else {
        const ApplyStatement statement = StatementBuilder::build(
            table, key, StatementBuilder::shapeOf(event, key), &columnTypes);
        sql = statement.sql;
        for (const auto &parameter : statement.parameters)
            values.push_back(StatementBuilder::parameterValue(event, parameter));
        types = statement.parameterTypes(columnTypes);
    }

    m_conn.exec("BEGIN");
    try {
        const std::string id = std::to_string(mark.deadLetterId);
        const pg::Result marked =
            run(m_conn,
                "INSERT INTO syncline.replayed_dead_letters (pipeline, sink, event_id, "
                "dead_letter_id, actor) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                {mark.pipeline.c_str(), mark.sink.c_str(), mark.eventId.c_str(), id.c_str(),
                 mark.actor.c_str()},
                "recording the replay");
        const bool alreadyApplied = std::string(PQcmdTuples(marked.get())) == "0";
        if (!alreadyApplied)
            run(m_conn, sql, values, "replaying dead letter #" + id, types);
        m_conn.exec(alreadyApplied ? "ROLLBACK" : "COMMIT");
        return !alreadyApplied;
    } catch (...) {
        if (PQtransactionStatus(m_conn.handle()) != PQTRANS_UNKNOWN)
            PQclear(PQexec(m_conn.handle(), "ROLLBACK"));
        throw;
    }
}

} // namespace syncline
