#include "sink/http/http_position_store.h"

namespace syncline::http {

HttpPositionStore::HttpPositionStore(const std::filesystem::path &stateDir, std::string sink)
    : m_db(stateDir / "http-sinks.db", "http sink position store",
           "CREATE TABLE IF NOT EXISTS positions (sink TEXT PRIMARY KEY, position INTEGER NOT "
           "NULL)"),
      m_sink(std::move(sink))
{}

std::optional<Lsn> HttpPositionStore::load()
{
    SqliteStatement select(m_db, "SELECT position FROM positions WHERE sink = ?");
    select.bind(m_sink);
    if (!select.step())
        return std::nullopt;
    return Lsn(std::uint64_t(select.integer(0)));
}

void HttpPositionStore::save(Lsn position)
{
    SqliteStatement upsert(m_db, "INSERT INTO positions (sink, position) VALUES (?, ?) ON "
                                 "CONFLICT (sink) DO UPDATE SET position = excluded.position");
    upsert.bind(m_sink).bind(std::int64_t(position.value()));
    upsert.step();
}

} // namespace syncline::http
