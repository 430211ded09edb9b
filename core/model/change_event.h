#pragma once

#include "model/lsn.h"
#include "model/message_position.h"
#include "model/table_schema.h"
#include "model/value.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

// Debezium's op letters: create, update, delete, read (snapshot), truncate.
enum class Operation : char
{
    Insert = 'c',
    Update = 'u',
    Delete = 'd',
    Read = 'r',
    Truncate = 't'
};

struct ChangeEvent
{
    Operation op = Operation::Insert;
    std::shared_ptr<const TableSchema> table;
    // For updates and deletes: the old key (replica identity default/index) or the whole old
    // row (replica identity full). Columns that the old tuple does not carry are Null.
    std::optional<Row> before;
    bool beforeIsKeyOnly = true;
    std::optional<Row> after;
    // Truncate only: every table in the statement, and its options.
    std::vector<std::shared_ptr<const TableSchema>> truncatedTables;
    bool truncateCascade = false;
    bool truncateRestartIdentity = false;

    // A short description of the row's key, for log lines: "id=42".
    std::string describeKey() const;
};

// Where a transaction begins in a MySQL/MariaDB binary log: what Debezium's MySQL envelope
// names in its source block.
struct BinlogCoordinates
{
    std::string file;
    std::uint64_t position = 0;
    std::string gtid; // MariaDB: "0-1-42"; empty without GTIDs
    std::uint32_t serverId = 0;
};

// A committed source transaction, delivered in chunks so a transaction of any size streams
// through bounded queues. Only the last chunk has isLast set; that one carries the commit.
//
// A streamed chunk belongs to a large transaction still in progress on the source (pgoutput
// streaming): it has no commit position yet, and chunks of other transactions, committed
// meanwhile, may come between its chunks. Its last chunk carries no events: it commits the
// transaction, with its commit and end positions, or rolls it back (aborted).
struct TransactionChunk
{
    std::uint32_t xid = 0;
    Lsn commitLsn; // start of the commit record (pgoutput Begin's final LSN)
    Lsn endLsn;    // end of the commit record: the position to confirm once applied
    std::int64_t commitTimeMicros = 0; // microseconds since the Unix epoch
    bool isFirst = false;
    bool isLast = false;
    bool streamed = false;
    bool aborted = false; // streamed: the source rolled the transaction back
    // Position of events[0] within its transaction: (commitLsn, firstEventIndex + i) names an
    // event the same way every time the transaction is streamed.
    std::uint64_t firstEventIndex = 0;
    std::shared_ptr<const BinlogCoordinates> binlog; // MySQL/MariaDB sources only
    // Chunks read from Kafka: "topic/partition", and each event's offset, which name it instead.
    std::string origin;
    std::vector<std::int64_t> offsets;
    // And each event's place in the source stream (its syncline.position header; else its
    // envelope's LSN and its offset): what a sink orders a key's changes by.
    std::vector<MessagePosition> positions;
    // Per event: whether its position came from the header, given by the source and so the
    // same every time the change is produced again (to a new cluster, by a restarted source).
    std::vector<bool> sourcePositions;
    std::vector<ChangeEvent> events;
    // Roughly what the events hold in memory: what queues and batches budget by.
    std::size_t bytes = 0;
};

// The event's identity in the source stream, the same each time it is delivered: the commit
// position and its index in the transaction ("0/16B3748/3"). For chunks read from Kafka, the
// topic and the message's source position ("t@0/16B3748#6"), the same each time the source
// produces the change, whatever its offset (an embedded cluster is new at each start, and a
// restarted source produces again what it had not confirmed); for a message without one (not
// Syncline's), its topic/partition and offset ("t/0@42"). Dead letters and HTTP idempotency
// keys use it.
std::string eventId(const TransactionChunk &chunk, int index);

// The memory an event's values take, roughly (text, plus a little per value).
std::size_t approximateBytes(const ChangeEvent &event);

} // namespace syncline
