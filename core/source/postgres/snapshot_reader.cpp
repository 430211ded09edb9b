#include "source/postgres/snapshot_reader.h"

#include "pg/conninfo.h"

#include "util/bounded_queue.h"
#include "util/log.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <exception>
#include <thread>

namespace syncline {

SnapshotReader::SnapshotReader(const std::string &dsn, const std::string &snapshotName)
    : m_conn(pg::Connection::open(dsn, pg::Connection::Mode::Normal, "syncline snapshot"))
{
    m_conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    m_conn.exec("SET TRANSACTION SNAPSHOT " + pg::quoteLiteral(snapshotName));
}

long long SnapshotReader::estimatedRows(const TableDefinition &table)
{
    const std::string value = m_conn.queryValue(
        "SELECT reltuples::bigint FROM pg_class WHERE oid = " +
        pg::quoteLiteral(pg::quoteQualifiedName(table.schema, table.name)) + "::regclass");
    return value.empty() ? 0 : std::stoll(value);
}

// Reading the source and writing the target overlap: a thread reads COPY data from the source
// while the caller's thread hands it to the consumer.
long long SnapshotReader::copyTable(const TableDefinition &table, const RowsConsumer &consume,
                                    Format format)
{
    struct Chunk
    {
        std::string data;
        long long rows = 0;
    };
    BoundedQueue<Chunk> chunks(8);
    std::exception_ptr readFailure;
    long long rows = 0;
    std::thread readerThread([&, pipeline = log::currentPipeline()] {
        log::PipelineScope scope(pipeline);
        try {
            rows = readTable(table, format, [&](std::string &&data, long long chunkRows) {
                Chunk chunk{std::move(data), chunkRows};
                while (!chunks.push(std::move(chunk), std::chrono::milliseconds(100)))
                    if (chunks.isClosed())
                        throw std::runtime_error("snapshot copy abandoned");
            });
        } catch (...) {
            readFailure = std::current_exception();
        }
        chunks.close();
    });
    try {
        for (;;) {
            auto chunk = chunks.pop(std::chrono::milliseconds(100));
            if (chunk)
                consume(chunk->data, chunk->rows);
            else if (chunks.isClosed() && chunks.empty())
                break;
        }
    } catch (...) {
        chunks.close();
        readerThread.join();
        throw;
    }
    readerThread.join();
    if (readFailure)
        std::rethrow_exception(readFailure);
    return rows;
}

long long copyOut(pg::Connection &connection, const std::string &copySql, const std::string &what,
                  std::size_t chunkBytes,
                  const std::function<void(std::string &&, long long rows)> &emit)
{
    connection.exec(copySql);
    PGconn *conn = connection.handle();
    std::string chunk;
    chunk.reserve(chunkBytes + 4096);
    long long chunkRows = 0;
    for (;;) {
        char *buffer = nullptr;
        const int length = PQgetCopyData(conn, &buffer, 0);
        if (length > 0) {
            // One message a row; in binary, the 19-byte header comes with the first row and the
            // trailer (a field count of -1) alone, or with the header when there is no row.
            constexpr int kBinaryHeader = 19;
            const bool binaryTrailer = (length == 2 || (length == kBinaryHeader + 2 &&
                                                        std::string_view(buffer, 6) == "PGCOPY")) &&
                                       buffer[length - 2] == '\xff' && buffer[length - 1] == '\xff';
            chunk.append(buffer, std::size_t(length));
            PQfreemem(buffer);
            chunkRows += binaryTrailer ? 0 : 1;
            if (chunk.size() >= chunkBytes) {
                emit(std::move(chunk), chunkRows);
                chunk = std::string();
                chunk.reserve(chunkBytes + 4096);
                chunkRows = 0;
            }
            continue;
        }
        if (length == -2)
            throw pg::Error::connectionLost(std::string("COPY broke: ") + PQerrorMessage(conn));
        break;
    }
    pg::Result result(PQgetResult(conn));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK)
        throw pg::Error::fromResult(result.get(), conn, what);
    const long long rows = std::atoll(PQcmdTuples(result.get())); // "COPY n"
    while (pg::Result extra{PQgetResult(conn)}) {
    }
    if (!chunk.empty())
        emit(std::move(chunk), chunkRows);
    return rows;
}

long long SnapshotReader::readTable(const TableDefinition &table, Format format,
                                    const std::function<void(std::string &&, long long)> &emit)
{
    return copyOut(m_conn,
                   "COPY " + pg::quoteQualifiedName(table.schema, table.name) + ' ' +
                       copyColumnList(table) + " TO STDOUT" +
                       (format == Format::Binary ? " (FORMAT binary)" : ""),
                   "snapshot COPY of " + table.qualifiedName(), 256 * 1024, emit);
}

} // namespace syncline
