#pragma once

#include "model/lsn.h"
#include "source/mysql/binlog_stream.h"

#include <cstdint>

namespace syncline::mysql {

// The pipeline orders transactions by one 64-bit position (Lsn), which sinks store beside their
// rows. A place in one server's binary log maps to a position that grows with the log: the
// file's sequence number (binlog.000042: 42) in bits 32-51, the offset in the low 32 (the
// server writes offsets as 32-bit numbers). Printed as an Lsn, "2A/1F4" is binlog.000042
// offset 0x1F4.
//
// Another server's log (a failover to a promoted replica) numbers its files anew, often lower,
// so its places cannot be compared with the old server's: a sink holding binlog.000042 of the
// old primary would skip binlog.000007 of the new one as "applied before", and lose it. The
// epoch in the high 12 bits (bits 52-63) counts the servers the capture point moved to by GTID
// (CapturePoint::epoch), so every place in a later server's log orders after every place in an
// earlier one. Positions stay one monotonic sequence across a failover: every sink's skip
// check, the schema history and the Kafka envelopes keep working unchanged, and no sink has to
// reset its stored position (which, with several sinks, could not be done atomically with the
// first new change). Epoch 0 is the encoding before epochs: stored positions keep their meaning.
//
// Throws PermanentError for a file name without a sequence number, a sequence number of 2^20
// or more (servers write six digits), or an epoch of 4096 or more.
Lsn orderOf(const BinlogPosition &position, std::uint32_t epoch);

// Before every place of an epoch's log: where capture resumes before the new server has said
// where in its log the GTID state is.
Lsn epochStart(std::uint32_t epoch);

} // namespace syncline::mysql
