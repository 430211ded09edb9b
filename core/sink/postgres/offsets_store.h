#pragma once

#include "model/lsn.h"
#include "pg/connection.h"

#include <optional>
#include <string>

namespace syncline {

// The sink's position in the source stream, kept in the target database (table
// syncline.offsets) and written in the same transaction as the rows it covers.
class OffsetsStore
{
public:
    OffsetsStore(std::string pipeline, std::string sink)
        : m_pipeline(std::move(pipeline)), m_sink(std::move(sink))
    {}

    static void ensureTable(pg::Connection &connection);
    const std::string &pipeline() const { return m_pipeline; }

    // The end LSN of the last source transaction this sink committed, if it ever did.
    std::optional<Lsn> read(pg::Connection &connection) const;

    // The statement and parameters that record `position`; run inside the apply transaction.
    static const char *upsertSql();
    std::vector<std::string> upsertParameters(Lsn position) const;

private:
    std::string m_pipeline;
    std::string m_sink;
};

} // namespace syncline
