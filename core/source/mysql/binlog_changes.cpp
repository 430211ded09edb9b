#include "source/mysql/binlog_changes.h"

#include "source/mysql/binlog_order.h"
#include "source/mysql/postgres_types.h"
#include "source/mysql/row_images.h"
#include "util/errors.h"

// mysql.h first: mariadb_rpl.h uses its types.
#include <mysql.h>

#include <mariadb_rpl.h>

#include <algorithm>
#include <cctype>
#include <regex>

namespace syncline::mysql {
namespace {

// The statement without leading whitespace and /* comments */.
std::string_view withoutLeadingComments(std::string_view text)
{
    for (;;) {
        const auto start = text.find_first_not_of(" \t\r\n");
        if (start == std::string_view::npos)
            return {};
        text.remove_prefix(start);
        if (text.substr(0, 2) != "/*")
            return text;
        const auto close = text.find("*/");
        if (close == std::string_view::npos)
            return {};
        text.remove_prefix(close + 2);
    }
}

std::string upperWord(std::string_view text, std::size_t &from)
{
    while (from < text.size() && std::isspace(static_cast<unsigned char>(text[from])))
        ++from;
    std::string word;
    while (from < text.size() && std::isalpha(static_cast<unsigned char>(text[from])))
        word += char(std::toupper(static_cast<unsigned char>(text[from++])));
    return word;
}

// `db`.`name`, db.name or name (then in `database`): "db.name".
std::string objectName(std::string_view text, std::size_t from, std::string_view database)
{
    static const std::regex name(
        R"(^\s*(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))(?:\s*\.\s*(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+)))?)");
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_search(text.begin() + std::ptrdiff_t(from), text.end(), match, name))
        return {};
    auto unquote = [](std::string part) {
        for (auto at = part.find("``"); at != std::string::npos; at = part.find("``", at + 1))
            part.erase(at, 1);
        return part;
    };
    const std::string first = unquote(match[1].matched ? match[1].str() : match[2].str());
    if (!match[3].matched && !match[4].matched)
        return std::string(database) + '.' + first;
    return first + '.' + unquote(match[3].matched ? match[3].str() : match[4].str());
}

// A stable id per table name: MySQL's table ids change with FLUSH TABLES and DDL.
std::uint32_t relationIdOf(const std::string &qualifiedName)
{
    std::uint32_t hash = 2166136261u; // FNV-1a
    for (const char c : qualifiedName)
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    return hash == 0 ? 1 : hash;
}

} // namespace

BinlogChanges::BinlogChanges(std::set<std::string> captured, const CapturePoint &start)
    : m_captured(std::move(captured)), m_serverId(start.serverId), m_epoch(start.epoch),
      m_resumeByGtid(start.resumeByGtid), m_gtids(parseGtidState(start.gtidState)),
      m_at(start.position),
      m_received(start.position.file.empty() ? epochStart(m_epoch)
                                             : orderOf(start.position, m_epoch))
{}

void BinlogChanges::resend(std::vector<SentTransaction> sent, Lsn from)
{
    m_resent.assign(sent.begin(), sent.end());
    if (!m_resent.empty()) // a restart on the new server may stand past them already
        m_received = std::min(from, m_resent.front().commit);
}

void BinlogChanges::describe(const BinlogTable &table)
{
    versionOf(table);
}

void BinlogChanges::handle(const BinlogEvent &event, const Source::ChunkHandler &emit)
{
    using Kind = BinlogEvent::Kind;
    const BinlogPosition at = m_at;
    switch (event.kind) {
    case Kind::Heartbeat:
        return; // the log's end, which the events read already reached
    case Kind::Gtid:
        if (m_inTransaction)
            end(emit);
        m_gtids[event.gtid.domain] = event.gtid;
        m_resending.reset();
        if (!m_resent.empty() && m_resent.front().gtid.domain == event.gtid.domain &&
            m_resent.front().gtid.sequence == event.gtid.sequence) {
            m_resending = m_resent.front();
            m_resent.pop_front();
        }
        // Its own start, not where the previous event sent ended: after a GTID start the
        // server skips the transactions the state holds, and the transaction begins past them.
        begin(event.start, std::uint32_t(event.gtid.sequence), event.timestamp, &event.gtid);
        m_standalone = event.standalone;
        break;
    case Kind::Query:
        m_at = event.next;
        statement(event, at, emit);
        return;
    case Kind::TableMap:
        mapTable(event);
        break;
    case Kind::WriteRows:
    case Kind::UpdateRows:
    case Kind::DeleteRows:
        addRows(event, emit);
        break;
    case Kind::Xid:
        m_at = event.next;
        end(emit);
        return;
    case Kind::Other:
        break;
    }
    m_at = event.next;
    if (!m_inTransaction)
        endedAt(m_at, false); // a rotation, a checkpoint: capture may resume after it
}

void BinlogChanges::begin(const BinlogPosition &at, std::uint32_t xid, std::uint32_t timestamp,
                          const Gtid *gtid)
{
    auto coordinates = std::make_shared<BinlogCoordinates>();
    coordinates->file = at.file;
    coordinates->position = at.offset;
    coordinates->gtid = gtid ? gtid->toString() : std::string();
    coordinates->serverId = gtid ? gtid->server : m_serverId;
    m_coordinates = std::move(coordinates);
    m_inTransaction = true;
    m_standalone = false;
    m_commit = m_resending ? m_resending->commit : orderOf(at, m_epoch);
    m_gtid = gtid ? std::optional<Gtid>(*gtid) : std::nullopt;
    m_xid = xid;
    m_commitTimeMicros = std::int64_t(timestamp) * 1000000;
    m_nextEventIndex = 0;
    m_emitted = false;
}

void BinlogChanges::end(const Source::ChunkHandler &emit)
{
    if (m_chunk || m_emitted) { // after a chunk that ended at the limit, the commit comes alone
        if (m_journal && m_gtid && !m_resending)
            m_journal({*m_gtid, m_commit, orderOf(m_at, m_epoch)});
        emitChunk(true, emit);
    }
    const bool emitted = m_emitted;
    m_inTransaction = false;
    m_standalone = false;
    m_mapped.clear();
    endedAt(m_at, emitted);
    m_resending.reset();
}

void BinlogChanges::endedAt(const BinlogPosition &next, bool emitted)
{
    // While transactions sent before are to come again, only their own ends are places to
    // resume after: the server's places in between are of a later epoch.
    if (!m_resending && !m_resent.empty())
        return;
    const Lsn position = m_resending ? m_resending->end : orderOf(next, m_epoch);
    // A GTID start reads the log from the beginning of a file, skipping what the state holds:
    // those events are behind where capture already stands.
    if (position < m_received)
        return;
    m_received = position;
    CapturePoint point{.position = next,
                       .gtidState = gtidState(),
                       .serverId = m_serverId,
                       .epoch = m_epoch,
                       .resumeByGtid = m_resumeByGtid};
    // Ends of transactions that sent nothing replace each other: confirming the later one is as
    // good, and a log of uncaptured tables does not pile them up.
    if (!m_ends.empty() && !m_ends.back().emitted && !emitted)
        m_ends.back() = {position, std::move(point), false};
    else
        m_ends.push_back({position, std::move(point), emitted});
}

std::optional<CapturePoint> BinlogChanges::pointThrough(Lsn flushed)
{
    std::optional<CapturePoint> point;
    while (!m_ends.empty() && m_ends.front().position <= flushed) {
        point = std::move(m_ends.front().point);
        m_ends.pop_front();
    }
    return point;
}

void BinlogChanges::mapTable(const BinlogEvent &event)
{
    BinlogTable table = BinlogTable::fromEvent(*event.raw);
    const std::string name = table.qualifiedName();
    if (!m_captured.count(name)) {
        m_mapped[table.id] = {std::move(table), nullptr};
        return;
    }
    if (!table.hasColumnNames)
        throw PermanentError("the binary log describes " + name +
                             " without column names: the server needs binlog_row_metadata=FULL "
                             "(SET GLOBAL binlog_row_metadata = 'FULL', and in my.cnf)");
    auto schema = versionOf(table);
    m_mapped[table.id] = {std::move(table), std::move(schema)};
}

std::shared_ptr<const TableSchema> BinlogChanges::versionOf(const BinlogTable &table)
{
    TableSchema schema = postgresTable(table);
    schema.relationId = relationIdOf(table.qualifiedName());
    // MySQL keeps no column identity across DDL (ordinal positions shift when one is dropped):
    // versions match columns by name, so a rename reads as a drop and an add.
    for (auto &column : schema.columns)
        column.number = 0;
    auto &current = m_versions[table.qualifiedName()];
    if (current && current->hasShapeOf(schema))
        return current;
    if (m_relationHook)
        m_relationHook(schema, m_inTransaction ? m_commit : m_received);
    current = std::make_shared<const TableSchema>(std::move(schema));
    return current;
}

void BinlogChanges::addRows(const BinlogEvent &event, const Source::ChunkHandler &emit)
{
    const auto &rows = event.raw->event.rows;
    const auto mapped = m_mapped.find(rows.table_id);
    if (mapped == m_mapped.end())
        throw PermanentError("a rows event at " + m_at.toString() + " refers to table id " +
                             std::to_string(rows.table_id) + ", which no table map named");
    if (!mapped->second.schema)
        return;
    if (!m_inTransaction)
        throw PermanentError("a rows event at " + m_at.toString() + " is outside a transaction");
    std::vector<Row> images = decodeRowImages(mapped->second.table, *event.raw);
    const auto &schema = mapped->second.schema;
    using Kind = BinlogEvent::Kind;
    for (std::size_t i = 0; i < images.size(); ++i) {
        ChangeEvent change;
        change.table = schema;
        if (event.kind == Kind::WriteRows) {
            change.op = Operation::Insert;
            change.after = std::move(images[i]);
        } else if (event.kind == Kind::DeleteRows) {
            change.op = Operation::Delete;
            change.before = std::move(images[i]);
            change.beforeIsKeyOnly = false;
        } else {
            if (i + 1 >= images.size())
                throw PermanentError("an update rows event at " + m_at.toString() +
                                     " has a before image without an after image");
            change.op = Operation::Update;
            change.before = std::move(images[i]);
            change.beforeIsKeyOnly = false;
            change.after = std::move(images[++i]);
        }
        add(std::move(change), emit);
    }
}

void BinlogChanges::add(ChangeEvent event, const Source::ChunkHandler &emit)
{
    if (!m_chunk)
        m_chunk = newChunk();
    m_chunk->bytes += approximateBytes(event);
    m_chunk->events.push_back(std::move(event));
    ++m_nextEventIndex;
    if (m_chunk->events.size() >= kEventsPerChunk || m_chunk->bytes >= kBytesPerChunk)
        emitChunk(false, emit);
}

std::shared_ptr<TransactionChunk> BinlogChanges::newChunk() const
{
    auto chunk = std::make_shared<TransactionChunk>();
    chunk->xid = m_xid;
    chunk->commitLsn = m_commit;
    chunk->commitTimeMicros = m_commitTimeMicros;
    chunk->isFirst = !m_emitted;
    chunk->firstEventIndex = m_nextEventIndex;
    chunk->binlog = m_coordinates;
    return chunk;
}

void BinlogChanges::emitChunk(bool last, const Source::ChunkHandler &emit)
{
    if (!m_resending && !m_resent.empty())
        throw PermanentError(
            "the server sent GTID " + (m_gtid ? m_gtid->toString() : std::string("(none)")) +
            " before GTID " + m_resent.front().gtid.toString() +
            ", which the sinks may hold already from the server the capture point was read on: "
            "this server lacks it or orders it otherwise, and going on could apply changes "
            "twice or out of order. The copy needs a new snapshot (stop the pipeline and remove "
            "its state_dir)");
    if (!m_chunk)
        m_chunk = newChunk();
    auto chunk = std::move(m_chunk);
    m_chunk.reset();
    chunk->isLast = last;
    if (last)
        chunk->endLsn = m_resending ? m_resending->end : orderOf(m_at, m_epoch);
    m_emitted = true;
    emit(std::move(chunk));
}

void BinlogChanges::statement(const BinlogEvent &event, const BinlogPosition &at,
                              const Source::ChunkHandler &emit)
{
    const std::string_view text = withoutLeadingComments(event.statement);
    std::size_t from = 0;
    const std::string verb = upperWord(text, from);
    if (verb == "BEGIN" || verb == "XA") {
        if (!m_inTransaction) // without GTIDs (MySQL), BEGIN opens the transaction
            begin(at, 0, event.timestamp);
        return;
    }
    if (verb == "COMMIT") {
        if (m_inTransaction)
            end(emit);
        return;
    }
    if (m_inTransaction && !m_standalone)
        return; // a statement inside a row transaction (binlog_format=MIXED): nothing to apply
    if (!m_inTransaction)
        begin(at, 0, event.timestamp);
    const bool ddl = verb == "CREATE" || verb == "ALTER" || verb == "DROP" || verb == "RENAME" ||
                     verb == "TRUNCATE";
    if (ddl) {
        std::size_t after = from;
        std::string noun = upperWord(text, after);
        if (verb == "TRUNCATE" && noun != "TABLE") { // TABLE is optional
            after = from;
            noun = "TABLE";
        }
        const std::string object = objectName(text, after, event.database);
        if (m_ddlHook)
            m_ddlHook({verb + ' ' + noun, object, std::string(text)}, m_commit);
        const auto version = m_versions.find(object);
        if (verb == "TRUNCATE" && version != m_versions.end() && m_captured.count(object)) {
            ChangeEvent change;
            change.op = Operation::Truncate;
            change.table = version->second;
            change.truncatedTables = {version->second};
            add(std::move(change), emit);
        }
    }
    end(emit);
}

std::string BinlogChanges::gtidState() const
{
    std::string state;
    for (const auto &[domain, gtid] : m_gtids)
        state += (state.empty() ? "" : ",") + gtid.toString();
    return state;
}

} // namespace syncline::mysql
