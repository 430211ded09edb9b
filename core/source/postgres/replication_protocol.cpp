#include "source/postgres/replication_protocol.h"

#include "source/postgres/byte_reader.h"

#include <chrono>

namespace syncline {

ReplicationMessage parseReplicationMessage(std::string_view copyData)
{
    ByteReader reader(copyData);
    const char tag = char(reader.u8());
    if (tag == 'w') {
        XLogData data;
        data.start = Lsn(reader.u64());
        data.walEnd = Lsn(reader.u64());
        data.sendTime = reader.i64();
        data.payload = copyData.substr(reader.offset());
        return data;
    }
    if (tag == 'k') {
        PrimaryKeepalive keepalive;
        keepalive.walEnd = Lsn(reader.u64());
        keepalive.sendTime = reader.i64();
        keepalive.replyRequested = reader.u8() != 0;
        return keepalive;
    }
    throw DecodeError(std::string("unknown replication message type '") + tag + "'");
}

static void appendBigEndian(std::string &out, std::uint64_t value)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        out += char((value >> shift) & 0xff);
}

std::string standbyStatusUpdate(Lsn written, Lsn flushed, Lsn applied, std::int64_t nowPgMicros,
                                bool replyRequested)
{
    std::string out(1, 'r');
    appendBigEndian(out, written.value());
    appendBigEndian(out, flushed.value());
    appendBigEndian(out, applied.value());
    appendBigEndian(out, std::uint64_t(nowPgMicros));
    out += char(replyRequested ? 1 : 0);
    return out;
}

std::int64_t nowPostgresMicros()
{
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::microseconds>(now).count() -
           kPostgresEpochOffsetMicros;
}

} // namespace syncline
