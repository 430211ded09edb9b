#include "sink/postgres/offsets_store.h"

#include <libpq-fe.h>

namespace syncline {

void OffsetsStore::ensureTable(pg::Connection &connection)
{
    connection.exec("CREATE SCHEMA IF NOT EXISTS syncline");
    connection.exec("CREATE TABLE IF NOT EXISTS syncline.offsets ("
                    " pipeline text NOT NULL,"
                    " sink text NOT NULL,"
                    " lsn pg_lsn NOT NULL,"
                    " updated_at timestamptz NOT NULL DEFAULT now(),"
                    " PRIMARY KEY (pipeline, sink))");
}

std::optional<Lsn> OffsetsStore::read(pg::Connection &connection) const
{
    auto result = connection.execParams(
        "SELECT lsn FROM syncline.offsets WHERE pipeline = $1 AND sink = $2", {m_pipeline, m_sink});
    if (PQntuples(result.get()) == 0)
        return std::nullopt;
    return Lsn::parse(pg::resultValue(result.get(), 0, 0));
}

const char *OffsetsStore::upsertSql()
{
    return "INSERT INTO syncline.offsets (pipeline, sink, lsn, updated_at) "
           "VALUES ($1, $2, $3::pg_lsn, now()) ON CONFLICT (pipeline, sink) "
           "DO UPDATE SET lsn = EXCLUDED.lsn, updated_at = EXCLUDED.updated_at";
}

std::vector<std::string> OffsetsStore::upsertParameters(Lsn position) const
{
    return {m_pipeline, m_sink, position.toString()};
}

} // namespace syncline
