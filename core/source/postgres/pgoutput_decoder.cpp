#include "source/postgres/pgoutput_decoder.h"

#include "source/postgres/byte_reader.h"
#include "source/postgres/replication_protocol.h"

namespace syncline {
namespace {

std::int64_t toUnixMicros(std::int64_t postgresMicros)
{
    std::int64_t unixMicros = 0;
    if (__builtin_add_overflow(postgresMicros, kPostgresEpochOffsetMicros, &unixMicros))
        throw DecodeError("commit time " + std::to_string(postgresMicros) +
                          " is beyond what a timestamp can hold");
    return unixMicros;
}

Row readTuple(ByteReader &reader, const TableSchema &table)
{
    const std::uint16_t count = reader.u16();
    if (count > table.columns.size())
        throw DecodeError("tuple for " + table.qualifiedName() + " has " + std::to_string(count) +
                          " columns, relation has " + std::to_string(table.columns.size()));
    Row row;
    row.reserve(table.columns.size());
    for (std::uint16_t i = 0; i < count; ++i) {
        const char kind = char(reader.u8());
        switch (kind) {
        case 'n':
            row.push_back(Value::null());
            break;
        case 'u':
            row.push_back(Value::unchangedToast());
            break;
        case 't': {
            const std::uint32_t length = reader.u32();
            row.push_back(Value::fromText(std::string(reader.bytes(length))));
            break;
        }
        case 'b':
            throw DecodeError("binary tuple values are not supported (column " +
                              table.columns[i].name + ")");
        default:
            throw DecodeError(std::string("unknown tuple value kind '") + kind + "'");
        }
    }
    // Columns added to the relation after the tuple was written arrive missing; treat as NULL.
    row.resize(table.columns.size());
    return row;
}

void expectTupleTag(ByteReader &reader, char expected)
{
    const char tag = char(reader.u8());
    if (tag != expected)
        throw DecodeError(std::string("expected tuple tag '") + expected + "', got '" + tag + "'");
}

} // namespace

std::uint32_t PgOutputDecoder::streamedXid(ByteReader &reader) const
{
    return m_inStream ? reader.u32() : 0;
}

std::shared_ptr<const TableSchema> PgOutputDecoder::relation(std::uint32_t relationId) const
{
    const auto it = m_relations.find(relationId);
    return it == m_relations.end() ? nullptr : it->second;
}

std::shared_ptr<const TableSchema> PgOutputDecoder::requireRelation(std::uint32_t relationId) const
{
    auto table = relation(relationId);
    if (!table)
        throw DecodeError("change for relation " + std::to_string(relationId) +
                          " that no Relation message described");
    return table;
}

pgoutput::Message PgOutputDecoder::decode(std::string_view payload)
{
    ByteReader reader(payload);
    const char tag = char(reader.u8());
    switch (tag) {
    case 'B': {
        if (m_inStream)
            throw DecodeError("Begin inside a stream block");
        pgoutput::Begin begin;
        begin.finalLsn = Lsn(reader.u64());
        begin.commitTimeMicros = toUnixMicros(reader.i64());
        begin.xid = reader.u32();
        return begin;
    }
    case 'C': {
        reader.u8(); // flags, unused
        pgoutput::Commit commit;
        commit.commitLsn = Lsn(reader.u64());
        commit.endLsn = Lsn(reader.u64());
        commit.commitTimeMicros = toUnixMicros(reader.i64());
        return commit;
    }
    case 'R':
        return decodeRelation(reader);
    case 'I':
        return decodeInsert(reader);
    case 'U':
        return decodeUpdate(reader);
    case 'D':
        return decodeDelete(reader);
    case 'T':
        return decodeTruncate(reader);
    case 'M': {
        streamedXid(reader);
        pgoutput::LogicalMessage message;
        message.transactional = (reader.u8() & 1) != 0;
        message.lsn = Lsn(reader.u64());
        message.prefix = reader.cstring();
        message.content = reader.bytes(reader.u32());
        return message;
    }
    case 'O': // origin
        return pgoutput::Ignored{tag};
    case 'Y': // type
        streamedXid(reader);
        return pgoutput::Ignored{tag};
    case 'S': {
        if (m_inStream)
            throw DecodeError("Stream Start inside a stream block");
        pgoutput::StreamStart start;
        start.xid = reader.u32();
        start.firstSegment = reader.u8() == 1;
        m_inStream = true;
        return start;
    }
    case 'E':
        if (!m_inStream)
            throw DecodeError("Stream Stop outside a stream block");
        m_inStream = false;
        return pgoutput::StreamStop{};
    case 'c': {
        pgoutput::StreamCommit commit;
        commit.xid = reader.u32();
        reader.u8(); // flags, unused
        commit.commitLsn = Lsn(reader.u64());
        commit.endLsn = Lsn(reader.u64());
        commit.commitTimeMicros = toUnixMicros(reader.i64());
        return commit;
    }
    case 'A': {
        pgoutput::StreamAbort abort;
        abort.xid = reader.u32();
        abort.subxid = reader.u32();
        return abort; // protocol 4 adds the abort's LSN and time: not asked for
    }
    default:
        throw DecodeError(std::string("unknown pgoutput message type '") + tag + "'");
    }
}

pgoutput::Message PgOutputDecoder::decodeRelation(ByteReader &reader)
{
    streamedXid(reader);
    auto table = std::make_shared<TableSchema>();
    table->relationId = reader.u32();
    table->schema = reader.cstring();
    table->name = reader.cstring();
    table->replicaIdentity = char(reader.u8());
    const std::uint16_t count = reader.u16();
    table->columns.reserve(count);
    for (std::uint16_t i = 0; i < count; ++i) {
        Column column;
        column.isKey = (reader.u8() & 1) != 0;
        column.name = reader.cstring();
        column.typeOid = reader.u32();
        column.typeModifier = std::int32_t(reader.u32());
        table->columns.push_back(std::move(column));
    }
    if (table->schema.empty())
        table->schema = "pg_catalog"; // pgoutput sends "" for pg_catalog
    // The server resends unchanged relations after any cache invalidation (ANALYZE, ...);
    // keeping the same object keeps everything cached per table valid.
    if (auto known = relation(table->relationId);
        known && known->relationId == table->relationId && known->schema == table->schema &&
        known->name == table->name && known->hasShapeOf(*table))
        return pgoutput::Relation{std::move(known), false};
    m_relations[table->relationId] = table;
    return pgoutput::Relation{std::move(table)};
}

void PgOutputDecoder::replaceRelation(std::shared_ptr<const TableSchema> table)
{
    m_relations[table->relationId] = std::move(table);
}

pgoutput::Change PgOutputDecoder::startChange(ByteReader &reader, Operation op) const
{
    pgoutput::Change change;
    change.xid = streamedXid(reader);
    change.event.op = op;
    change.event.table = requireRelation(reader.u32());
    return change;
}

pgoutput::Message PgOutputDecoder::decodeInsert(ByteReader &reader)
{
    auto change = startChange(reader, Operation::Insert);
    expectTupleTag(reader, 'N');
    change.event.after = readTuple(reader, *change.event.table);
    return change;
}

// Updates may, and deletes must, carry the old key ('K') or the whole old row ('O').
pgoutput::Message PgOutputDecoder::decodeUpdate(ByteReader &reader)
{
    auto change = startChange(reader, Operation::Update);
    char tag = char(reader.u8());
    if (tag == 'K' || tag == 'O') {
        change.event.before = readTuple(reader, *change.event.table);
        change.event.beforeIsKeyOnly = tag == 'K';
        tag = char(reader.u8());
    }
    if (tag != 'N')
        throw DecodeError(std::string("expected tuple tag 'N' in update, got '") + tag + "'");
    change.event.after = readTuple(reader, *change.event.table);
    return change;
}

pgoutput::Message PgOutputDecoder::decodeDelete(ByteReader &reader)
{
    auto change = startChange(reader, Operation::Delete);
    const char tag = char(reader.u8());
    if (tag != 'K' && tag != 'O')
        throw DecodeError(std::string("expected tuple tag 'K' or 'O' in delete, got '") + tag +
                          "'");
    change.event.before = readTuple(reader, *change.event.table);
    change.event.beforeIsKeyOnly = tag == 'K';
    return change;
}

pgoutput::Message PgOutputDecoder::decodeTruncate(ByteReader &reader)
{
    pgoutput::Change change;
    change.xid = streamedXid(reader);
    change.event.op = Operation::Truncate;
    const std::uint32_t count = reader.u32();
    const std::uint8_t options = reader.u8();
    change.event.truncateCascade = options & 1;
    change.event.truncateRestartIdentity = options & 2;
    if (count == 0 || count > reader.remaining() / 4)
        throw DecodeError("truncate names " + std::to_string(count) + " relations in " +
                          std::to_string(reader.remaining()) + " bytes");
    for (std::uint32_t i = 0; i < count; ++i)
        change.event.truncatedTables.push_back(requireRelation(reader.u32()));
    change.event.table = change.event.truncatedTables.front();
    return change;
}

} // namespace syncline
