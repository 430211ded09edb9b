#include "sink/postgres/snapshot_loader.h"

#include "pg/conninfo.h"
#include "sink/postgres/offsets_store.h"
#include "sink/postgres/target_catalog.h"
#include "snapshot/table_copy.h"
#include "util/failpoint.h"
#include "util/format.h"
#include "util/log.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>

namespace syncline {

void SnapshotLoader::load(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                          const OffsetsStore &offsets, Lsn consistentPoint,
                          const RowsCopied &progress)
{
    const auto started = std::chrono::steady_clock::now();
    m_conn.exec("BEGIN");
    std::string names;
    for (const auto &table : tables)
        names += (names.empty() ? "" : ", ") + pg::quoteQualifiedName(table.schema, table.name);
    m_conn.exec("TRUNCATE " + names);

    PGconn *conn = m_conn.handle();
    long long totalRows = 0;
    for (const auto &table : tables) {
        if (&table != &tables.front())
            SYNCLINE_FAILPOINT("snapshot.between_tables");
        const long long estimate = reader.estimatedRows(table);
        const auto format = copiesInBinary(table, reader.postgresVersion())
                                ? TableCopySource::Format::Binary
                                : TableCopySource::Format::Text;
        // reltuples is -1 until the table was first analyzed: then say nothing of its size.
        log::info(
            "snapshot",
            "sink " + m_sinkName + ": copying " + table.qualifiedName() +
                (estimate > 0 ? " (about " + std::to_string(estimate) + " rows)" : std::string()) +
                (format == TableCopySource::Format::Binary ? " in binary" : " as text"));
        m_conn.exec("COPY " + pg::quoteQualifiedName(table.schema, table.name) + ' ' +
                    copyColumnList(table) + " FROM STDIN" +
                    (format == TableCopySource::Format::Binary ? " (FORMAT binary)" : ""));
        const long long rows = reader.copyTable(
            table,
            [&](std::string_view data, long long chunkRows) {
                if (PQputCopyData(conn, data.data(), int(data.size())) != 1)
                    throw pg::Error::connectionLost(
                        std::string("snapshot COPY into target broke: ") + PQerrorMessage(conn));
                if (progress)
                    progress(chunkRows);
            },
            format);
        if (PQputCopyEnd(conn, nullptr) != 1)
            throw pg::Error::connectionLost(std::string("snapshot COPY end failed: ") +
                                            PQerrorMessage(conn));
        pg::Result result(PQgetResult(conn));
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
            throw pg::Error::fromResult(result.get(), conn,
                                        "loading snapshot of " + table.qualifiedName());
        while (pg::Result extra{PQgetResult(conn)}) {
        }
        totalRows += rows;
        log::info("snapshot", "sink " + m_sinkName + ": copied " + std::to_string(rows) +
                                  " rows of " + table.qualifiedName());
    }
    m_conn.execParams(OffsetsStore::upsertSql(), offsets.upsertParameters(consistentPoint));
    SYNCLINE_FAILPOINT("snapshot.copied_before_commit");
    m_conn.exec("COMMIT");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    log::info("snapshot", "sink " + m_sinkName + ": snapshot of " + std::to_string(totalRows) +
                              " rows committed in " + formatDecimal(seconds, 1) +
                              " s; streaming from " + consistentPoint.toString());
}

bool SnapshotLoader::copiesInBinary(const TableDefinition &table, int sourceVersion)
{
    // Types with OIDs below this are in PostgreSQL's catalog data, the same on every server;
    // above it, initdb's own (information_schema's domains) and users' differ by server.
    constexpr std::uint32_t kFirstGenbkiObjectId = 10000;
    if (sourceVersion / 10000 != m_conn.serverVersion() / 10000)
        return false;
    TargetCatalog catalog(m_conn);
    const auto targetColumns = catalog.columns(table.schema, table.name);
    if (!targetColumns)
        return false;
    std::vector<std::uint32_t> types;
    for (const auto &column : table.columns) {
        const auto target =
            std::find_if(targetColumns->begin(), targetColumns->end(),
                         [&](const Column &candidate) { return candidate.name == column.name; });
        if (column.typeOid == 0 || column.typeOid >= kFirstGenbkiObjectId ||
            target == targetColumns->end() || target->typeOid != column.typeOid)
            return false;
        types.push_back(column.typeOid);
    }
    return !types.empty() && catalog.hasBinaryIo(types);
}

} // namespace syncline
