#pragma once

#include "pg/connection.h"

namespace syncline::verify {

// Runs `body` inside one REPEATABLE READ transaction, so every statement sees one snapshot.
template <typename Body> auto inSnapshot(pg::Connection &connection, const Body &body)
{
    connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
    try {
        auto result = body();
        connection.exec("COMMIT");
        return result;
    } catch (...) {
        try {
            connection.exec("ROLLBACK");
        } catch (...) {
        }
        throw;
    }
}

} // namespace syncline::verify
