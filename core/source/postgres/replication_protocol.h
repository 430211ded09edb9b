#pragma once

#include "model/lsn.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace syncline {

// The streaming replication sub-protocol carried in CopyData messages.
struct XLogData
{
    Lsn start;
    Lsn walEnd;
    std::int64_t sendTime = 0; // microseconds since 2000-01-01
    std::string_view payload;  // points into the buffer that was parsed
};

struct PrimaryKeepalive
{
    Lsn walEnd;
    std::int64_t sendTime = 0;
    bool replyRequested = false;
};

using ReplicationMessage = std::variant<XLogData, PrimaryKeepalive>;

// Throws DecodeError on a truncated or unknown message.
ReplicationMessage parseReplicationMessage(std::string_view copyData);

// The 'r' standby status update: written, flushed and applied positions.
std::string standbyStatusUpdate(Lsn written, Lsn flushed, Lsn applied, std::int64_t nowPgMicros,
                                bool replyRequested = false);

// Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01).
constexpr std::int64_t kPostgresEpochOffsetMicros = 946684800LL * 1000000LL;
std::int64_t nowPostgresMicros();

} // namespace syncline
