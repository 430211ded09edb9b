#include "source/postgres/replication_stream.h"

#include "pg/conninfo.h"
#include "source/postgres/replication_protocol.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace syncline {

ReplicationStream::ReplicationStream(const std::string &dsn)
    : m_conn(pg::Connection::open(dsn, pg::Connection::Mode::Replication, "syncline"))
{}

ReplicationStream::~ReplicationStream()
{
    releaseBuffer();
}

void ReplicationStream::releaseBuffer()
{
    if (m_buffer) {
        PQfreemem(m_buffer);
        m_buffer = nullptr;
    }
}

ReplicationStream::CreatedSlot ReplicationStream::createSlot(const std::string &slot,
                                                             bool exportSnapshot)
{
    std::string sql = "CREATE_REPLICATION_SLOT " + pg::quoteIdentifier(slot) + " LOGICAL pgoutput ";
    if (m_conn.serverVersion() >= 150000)
        sql += exportSnapshot ? "(SNAPSHOT 'export')" : "(SNAPSHOT 'nothing')";
    else
        sql += exportSnapshot ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT";
    auto result = m_conn.exec(sql);
    CreatedSlot created;
    created.consistentPoint = Lsn::parse(pg::resultValue(result.get(), 0, 1)).value_or(Lsn());
    created.snapshotName = pg::resultValue(result.get(), 0, 2);
    return created;
}

bool ReplicationStream::start(const std::string &slot, const std::string &publication, Lsn startLsn,
                              bool streamLargeTransactions)
{
    const int version = PQserverVersion(m_conn.handle());
    const bool streaming = streamLargeTransactions && version >= 140000;
    const std::string sql =
        "START_REPLICATION SLOT " + pg::quoteIdentifier(slot) + " LOGICAL " + startLsn.toString() +
        (streaming ? " (proto_version '2', streaming 'on'" : " (proto_version '1'") +
        ", publication_names " + pg::quoteLiteral(pg::quoteIdentifier(publication)) +
        // Logical messages carry incremental snapshots' watermarks (14+).
        (version >= 140000 ? ", messages 'true'" : "") + ")";
    m_conn.exec(sql); // returns PGRES_COPY_BOTH on success
    return streaming;
}

std::optional<std::string_view>
ReplicationStream::read(std::chrono::steady_clock::time_point deadline)
{
    releaseBuffer();
    PGconn *conn = m_conn.handle();
    for (;;) {
        const int length = PQgetCopyData(conn, &m_buffer, 1);
        if (length > 0)
            return std::string_view(m_buffer, std::size_t(length));
        if (length == -1) {
            pg::Result tail(PQgetResult(conn));
            throw pg::Error::fromResult(tail.get(), conn, "replication stream ended");
        }
        if (length == -2)
            throw pg::Error::connectionLost(std::string("replication stream broke: ") +
                                            PQerrorMessage(conn));
        // Nothing whole is buffered: wait for more (a message may span several reads). The
        // clock is read only here.
        const auto timeout = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const bool patientWait = m_patient && timeout > kPatientWait;
        pollfd descriptor{PQsocket(conn), POLLIN, 0};
        const int ready =
            poll(&descriptor, 1,
                 int(patientWait ? kPatientWait.count() : std::max<long long>(0, timeout.count())));
        if (ready < 0 && errno != EINTR)
            throw pg::Error::connectionLost("poll on the replication socket failed");
        // A patient wait that ends short of the low-water mark reads what did arrive, and stops
        // being patient: the server sends slower than that, so it has no backlog to send.
        if (patientWait && ready == 0)
            setPatient(false);
        if ((ready > 0 || patientWait) && !PQconsumeInput(conn))
            throw pg::Error::connectionLost(std::string("replication connection lost: ") +
                                            PQerrorMessage(conn));
        if (ready <= 0 && !patientWait)
            return std::nullopt;
    }
}

void ReplicationStream::setPatient(bool patient)
{
    if (patient == m_patient)
        return;
    // poll() reports the socket readable only once this many bytes are waiting (Linux 2.6.28+).
    const int lowWater = patient ? kPatientBytes : 1;
    setsockopt(PQsocket(m_conn.handle()), SOL_SOCKET, SO_RCVLOWAT, &lowWater, sizeof lowWater);
    m_patient = patient;
}

void ReplicationStream::sendStatus(Lsn written, Lsn flushed, bool replyRequested)
{
    const std::string message =
        standbyStatusUpdate(written, flushed, flushed, nowPostgresMicros(), replyRequested);
    PGconn *conn = m_conn.handle();
    if (PQputCopyData(conn, message.data(), int(message.size())) != 1 || PQflush(conn) != 0)
        throw pg::Error::connectionLost(std::string("cannot send standby status: ") +
                                        PQerrorMessage(conn));
}

} // namespace syncline
