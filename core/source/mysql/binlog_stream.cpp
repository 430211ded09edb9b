#include "source/mysql/binlog_stream.h"

#include "util/errors.h"

// mysql.h first: mariadb_rpl.h uses its types.
#include <mysql.h>

#include <mariadb_rpl.h>

#include <cstring>
#include <regex>

namespace syncline::mysql {
namespace {

constexpr std::size_t kEventHeaderBytes = 19;   // binlog format 4
constexpr unsigned int kErrorNoPosition = 1236; // ER_MASTER_FATAL_ERROR_READING_BINLOG

std::uint64_t littleEndian(const unsigned char *bytes, int count)
{
    std::uint64_t value = 0;
    for (int i = count - 1; i >= 0; --i)
        value = (value << 8) | bytes[i];
    return value;
}

BinlogEvent::Kind kindOf(int type)
{
    using Kind = BinlogEvent::Kind;
    switch (type) {
    case GTID_EVENT:
        return Kind::Gtid;
    case TABLE_MAP_EVENT:
        return Kind::TableMap;
    case WRITE_ROWS_EVENT_V1:
    case WRITE_ROWS_EVENT:
    case WRITE_ROWS_COMPRESSED_EVENT_V1:
    case WRITE_ROWS_COMPRESSED_EVENT:
        return Kind::WriteRows;
    case UPDATE_ROWS_EVENT_V1:
    case UPDATE_ROWS_EVENT:
    case UPDATE_ROWS_COMPRESSED_EVENT_V1:
    case UPDATE_ROWS_COMPRESSED_EVENT:
        return Kind::UpdateRows;
    case DELETE_ROWS_EVENT_V1:
    case DELETE_ROWS_EVENT:
    case DELETE_ROWS_COMPRESSED_EVENT_V1:
    case DELETE_ROWS_COMPRESSED_EVENT:
        return Kind::DeleteRows;
    case XID_EVENT:
        return Kind::Xid;
    case QUERY_EVENT:
    case QUERY_COMPRESSED_EVENT:
        return Kind::Query;
    case HEARTBEAT_LOG_EVENT:
        return Kind::Heartbeat;
    default:
        return Kind::Other;
    }
}

std::string_view viewOf(const MARIADB_STRING &text)
{
    return {text.str, text.length};
}

} // namespace

std::map<std::uint32_t, Gtid> parseGtidState(const std::string &state)
{
    std::map<std::uint32_t, Gtid> gtids;
    static const std::regex one(R"((\d+)-(\d+)-(\d+))");
    for (std::sregex_iterator it(state.begin(), state.end(), one), end; it != end; ++it) {
        Gtid gtid{std::uint32_t(std::stoul((*it)[1])), std::uint32_t(std::stoul((*it)[2])),
                  std::stoull((*it)[3])};
        gtids[gtid.domain] = gtid;
    }
    return gtids;
}

std::string Gtid::toString() const
{
    return std::to_string(domain) + '-' + std::to_string(server) + '-' + std::to_string(sequence);
}

BinlogStream::BinlogStream(MysqlDsn dsn, std::uint32_t serverId,
                           std::chrono::milliseconds heartbeat)
    : m_dsn(std::move(dsn)), m_serverId(serverId), m_heartbeat(heartbeat)
{}

BinlogStream::~BinlogStream()
{
    close();
}

void BinlogStream::close()
{
    if (m_event)
        mariadb_free_rpl_event(m_event);
    m_event = nullptr;
    if (m_rpl)
        mariadb_rpl_close(m_rpl); // leaves the connection open
    m_rpl = nullptr;
    if (m_mysql)
        mysql_close(m_mysql);
    m_mysql = nullptr;
}

void BinlogStream::fail(const std::string &what)
{
    const unsigned int code = m_mysql ? mysql_errno(m_mysql) : 0;
    const std::string message = m_mysql ? mysql_error(m_mysql) : std::string();
    close();
    if (code == kErrorNoPosition && m_byGtid)
        throw PermanentError("the server " + m_dsn.redacted() +
                             " cannot send its binary log after " + m_requested + ": " + message +
                             ". Its binary log lacks transactions the copy already holds (a "
                             "replica promoted before it received them, or without "
                             "log_slave_updates, or its logs purged), or holds others in their "
                             "place: resuming here would lose or mix changes. The copy needs a "
                             "new snapshot (stop the pipeline and remove its state_dir)");
    if (code == kErrorNoPosition)
        throw PermanentError("the server " + m_dsn.redacted() +
                             " cannot send its binary log from " + m_requested + ": " + message +
                             ". The changes since then are gone from the server (binary logs "
                             "purged?); the copy needs a new snapshot");
    throw TransientError("binary log of " + m_dsn.redacted() + ": " + what +
                         (message.empty() ? "" : ": " + message));
}

void BinlogStream::connect()
{
    close();
    m_mysql = mysql_init(nullptr);
    if (!m_mysql)
        throw TransientError("out of memory for a MariaDB connection");
    const unsigned int connectTimeout = 10;
    mysql_optionsv(m_mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout);
    // A lost server shows within a few heartbeats instead of a TCP timeout.
    const unsigned int readTimeout =
        unsigned(std::max<long long>(10, 5 * m_heartbeat.count() / 1000));
    mysql_optionsv(m_mysql, MYSQL_OPT_READ_TIMEOUT, &readTimeout);
    if (!mysql_real_connect(m_mysql, m_dsn.host.c_str(), m_dsn.user.c_str(), m_dsn.password.c_str(),
                            nullptr, m_dsn.port, nullptr, 0))
        fail("cannot connect");
    // The server sends checksummed events only to replicas that say they can read them, and
    // GTID events only to those that announce MariaDB 10's capabilities (4).
    const std::string heartbeatNanos =
        std::to_string(std::chrono::nanoseconds(m_heartbeat).count());
    for (const std::string &sql :
         {std::string("SET @master_binlog_checksum = @@global.binlog_checksum"),
          std::string("SET @mariadb_slave_capability = 4"),
          "SET @master_heartbeat_period = " + heartbeatNanos})
        if (mysql_query(m_mysql, sql.c_str()) != 0)
            fail("cannot prepare the replication connection");
    if (mysql_query(m_mysql, "SELECT @@global.binlog_checksum") != 0)
        fail("cannot read binlog_checksum");
    MYSQL_RES *result = mysql_store_result(m_mysql);
    MYSQL_ROW row = result ? mysql_fetch_row(result) : nullptr;
    m_checksumBytes = row && row[0] && std::strcmp(row[0], "NONE") != 0 ? 4 : 0;
    if (result)
        mysql_free_result(result);
}

void BinlogStream::start(const BinlogPosition &from)
{
    m_rpl = mariadb_rpl_init(m_mysql);
    if (!m_rpl)
        fail("cannot start replication");
    const std::string file = from.file;
    if (file.empty())
        mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_FILENAME, nullptr, std::size_t(0));
    else
        mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_FILENAME, file.c_str(), file.size());
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_START, static_cast<unsigned long>(from.offset));
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_SERVER_ID, static_cast<unsigned int>(m_serverId));
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_FLAGS, static_cast<unsigned int>(0));
    // Statements logged compressed (log_bin_compress) are inflated only when asked.
    mariadb_rpl_optionsv(m_rpl, MARIADB_RPL_UNCOMPRESS, static_cast<unsigned int>(1));
    if (mariadb_rpl_open(m_rpl) != 0)
        fail("cannot request the binary log");
    m_position = from;
}

void BinlogStream::openAt(const BinlogPosition &from)
{
    m_requested = from.file.empty() ? "its first binary log" : from.toString();
    m_byGtid = false;
    connect();
    start(from);
}

void BinlogStream::openAfterGtids(const std::string &gtidState)
{
    if (gtidState.empty() || gtidState.find_first_not_of("0123456789,-") != std::string::npos)
        throw PermanentError(
            "not a MariaDB GTID state (domain-server-sequence, comma-separated): " + gtidState);
    m_requested = "GTID " + gtidState;
    m_byGtid = true;
    connect();
    const std::string set = "SET @slave_connect_state = '" + gtidState + "'";
    for (const std::string &sql : {set, std::string("SET @slave_gtid_strict_mode = 1")})
        if (mysql_query(m_mysql, sql.c_str()) != 0)
            fail("cannot ask for GTID " + gtidState);
    start({});
}

const BinlogEvent &BinlogStream::next()
{
    if (!m_rpl)
        throw TransientError("binary log of " + m_dsn.redacted() + ": not open");
    if (m_event)
        mariadb_free_rpl_event(m_event);
    rpl_clear_error(m_rpl);
    m_event = mariadb_rpl_fetch(m_rpl, nullptr);
    if (!m_event && mariadb_rpl_errno(m_rpl) != 0) {
        // Connector/C could not read the event (malformed, or of a kind it does not know):
        // reading it again would fail again.
        const std::string why = mariadb_rpl_error(m_rpl);
        const std::string at = m_position.toString();
        close();
        throw PermanentError("binary log of " + m_dsn.redacted() + ": cannot read the event at " +
                             at + ": " + why);
    }
    if (!m_event)
        fail("reading stopped");
    interpret(*m_event);
    return m_current;
}

void BinlogStream::interpret(const MARIADB_RPL_EVENT &event)
{
    m_current = {};
    m_current.type = int(event.event_type);
    m_current.kind = kindOf(m_current.type);
    m_current.timestamp = event.timestamp;
    m_current.raw = &event;
    m_current.start = m_position;
    switch (event.event_type) {
    case ROTATE_EVENT: {
        // Body: the next file's first offset (8 bytes), then its name up to the checksum.
        const unsigned char *body = event.raw_data + event.raw_data_ofs + kEventHeaderBytes;
        const unsigned char *end = event.raw_data + event.raw_data_size - m_checksumBytes;
        if (end < body + 8)
            throw PermanentError("binary log of " + m_dsn.redacted() +
                                 ": a ROTATE event is too short to name the next file");
        m_position.offset = littleEndian(body, 8);
        m_position.file.assign(reinterpret_cast<const char *>(body + 8),
                               std::size_t(end - body - 8));
        break;
    }
    case GTID_EVENT:
        m_current.gtid = {event.event.gtid.domain_id, event.server_id,
                          event.event.gtid.sequence_nr};
        m_current.standalone = (event.event.gtid.flags & FL_STANDALONE) != 0;
        break;
    case XID_EVENT:
        m_current.xid = event.event.xid.transaction_nr;
        break;
    case QUERY_EVENT:
        m_current.database = viewOf(event.event.query.database);
        m_current.statement = viewOf(event.event.query.statement);
        break;
    default:
        break;
    }
    // Events the server makes up (the first ROTATE, a format description sent again) carry no
    // position of their own.
    if (event.event_type != ROTATE_EVENT && event.next_event_pos != 0) {
        m_position.offset = event.next_event_pos;
        if (event.next_event_pos >= event.event_length)
            m_current.start = {m_position.file, event.next_event_pos - event.event_length};
    }
    m_current.next = m_position;
}

} // namespace syncline::mysql
