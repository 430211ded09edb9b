#pragma once

#include "model/lsn.h"
#include "util/sqlite_database.h"

#include <filesystem>
#include <optional>
#include <string>

namespace syncline::http {

// Where an http sink records how far its receiver acknowledged: the receiver cannot keep it,
// so it lives in the state directory (http-sinks.db, SQLite, durable on return).
class HttpPositionStore
{
public:
    HttpPositionStore(const std::filesystem::path &stateDir, std::string sink);

    std::optional<Lsn> load();
    void save(Lsn position);

private:
    SqliteDatabase m_db;
    std::string m_sink;
};

} // namespace syncline::http
