#pragma once

#include "model/change_event.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

namespace syncline {

namespace pgoutput {

struct Begin
{
    Lsn finalLsn;                      // where the commit record starts
    std::int64_t commitTimeMicros = 0; // since the Unix epoch
    std::uint32_t xid = 0;
};

struct Commit
{
    Lsn commitLsn;
    Lsn endLsn;
    std::int64_t commitTimeMicros = 0;
};

struct Relation
{
    std::shared_ptr<const TableSchema> table;
    bool isNew = true; // false: the server resent a relation the decoder knew unchanged
};

struct Change
{
    ChangeEvent event;
    // Inside a stream block: the (sub)transaction that made the change; 0 otherwise.
    std::uint32_t xid = 0;
};

// Protocol version 2 streams a large transaction while it is still in progress, in blocks
// between StreamStart and StreamStop; StreamCommit or StreamAbort ends it later.
struct StreamStart
{
    std::uint32_t xid = 0;
    bool firstSegment = false;
};

struct StreamStop
{};

struct StreamCommit
{
    std::uint32_t xid = 0;
    Lsn commitLsn;
    Lsn endLsn;
    std::int64_t commitTimeMicros = 0;
};

// subxid == xid: the whole transaction rolled back; otherwise one of its subtransactions.
struct StreamAbort
{
    std::uint32_t xid = 0;
    std::uint32_t subxid = 0;
};

// pg_logical_emit_message(): the incremental snapshot's watermarks travel as these.
struct LogicalMessage
{
    bool transactional = false;
    Lsn lsn;
    std::string prefix;
    std::string content;
};

// Origin and Type carry nothing a sink applies.
struct Ignored
{
    char tag = 0;
};

using Message = std::variant<Begin, Commit, Relation, Change, LogicalMessage, Ignored, StreamStart,
                             StreamStop, StreamCommit, StreamAbort>;

} // namespace pgoutput

// Decodes pgoutput protocol version 1 and 2 messages. Keeps the relation cache that later change
// messages refer to. Throws DecodeError on truncated, corrupt or out-of-protocol input.
class PgOutputDecoder
{
public:
    pgoutput::Message decode(std::string_view payload);

    std::shared_ptr<const TableSchema> relation(std::uint32_t relationId) const;
    // Replaces the cached relation (the source adds what the catalog knows): later changes
    // refer to `table`.
    void replaceRelation(std::shared_ptr<const TableSchema> table);

private:
    pgoutput::Message decodeRelation(class ByteReader &reader);
    pgoutput::Message decodeInsert(ByteReader &reader);
    pgoutput::Message decodeUpdate(ByteReader &reader);
    pgoutput::Message decodeDelete(ByteReader &reader);
    pgoutput::Message decodeTruncate(ByteReader &reader);
    std::shared_ptr<const TableSchema> requireRelation(std::uint32_t relationId) const;
    pgoutput::Change startChange(ByteReader &reader, Operation op) const;
    // Inside a stream block, messages about data name their transaction first.
    std::uint32_t streamedXid(ByteReader &reader) const;

    std::unordered_map<std::uint32_t, std::shared_ptr<const TableSchema>> m_relations;
    bool m_inStream = false; // between StreamStart and StreamStop
};

} // namespace syncline
