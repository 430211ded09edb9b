#pragma once

#include "model/lsn.h"
#include "source/mysql/binlog_stream.h"

namespace syncline::mysql {

// The pipeline orders transactions by one 64-bit position (Lsn), which sinks store beside their
// rows. A place in one server's binary log maps to a position that grows with the log: the
// file's sequence number (binlog.000042: 42) in the high 32 bits, the offset in the low 32 (the
// server writes offsets as 32-bit numbers). Printed as an Lsn, "2A/1F4" is binlog.000042
// offset 0x1F4.
//
// Another server's log (a failover, or RESET MASTER) numbers its files anew, so positions from
// it cannot be compared with these: the copy then needs a new snapshot.
//
// Throws PermanentError for a file name without a sequence number.
Lsn orderOf(const BinlogPosition &position);

} // namespace syncline::mysql
