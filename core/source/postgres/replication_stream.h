#pragma once

#include "model/lsn.h"
#include "pg/connection.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace syncline {

// A logical replication connection: creates the slot and streams pgoutput from it.
class ReplicationStream
{
public:
    explicit ReplicationStream(const std::string &dsn);
    ~ReplicationStream();
    ReplicationStream(const ReplicationStream &) = delete;
    ReplicationStream &operator=(const ReplicationStream &) = delete;

    struct CreatedSlot
    {
        Lsn consistentPoint;
        std::string snapshotName; // empty unless a snapshot was exported
    };
    // With exportSnapshot the snapshot stays usable by other sessions (SET TRANSACTION SNAPSHOT)
    // until the next command on this connection.
    CreatedSlot createSlot(const std::string &slot, bool exportSnapshot);

    // With streamLargeTransactions, asks for protocol version 2 with streaming on (14+): a
    // transaction larger than the server's logical_decoding_work_mem arrives while in progress.
    // Returns whether it asked.
    bool start(const std::string &slot, const std::string &publication, Lsn startLsn,
               bool streamLargeTransactions);

    // The next CopyData message, or nullopt when none arrived by the deadline (or within the
    // timeout). The view stays valid until the next call. Throws pg::Error when the stream
    // ends or breaks.
    std::optional<std::string_view> read(std::chrono::steady_clock::time_point deadline);
    std::optional<std::string_view> read(std::chrono::milliseconds timeout)
    {
        return read(std::chrono::steady_clock::now() + timeout);
    }

    void sendStatus(Lsn written, Lsn flushed, bool replyRequested = false);

    // While the stream carries a backlog, waking for every message the server sends costs the
    // reader a poll and a recv each (most of its time in a drain, measured): a patient stream
    // waits until kPatientBytes have arrived or kPatientWait has passed. Off, each message is
    // read as soon as it arrives.
    void setPatient(bool patient);
    static constexpr int kPatientBytes = 16 * 1024;
    static constexpr std::chrono::milliseconds kPatientWait{1};

private:
    void releaseBuffer();

    pg::Connection m_conn;
    char *m_buffer = nullptr;
    bool m_patient = false;
};

} // namespace syncline
