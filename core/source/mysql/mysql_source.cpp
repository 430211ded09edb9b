#include "source/mysql/mysql_source.h"

#include "model/table_definition.h"
#include "snapshot/snapshot_progress.h"
#include "source/mysql/binlog_order.h"
#include "source/mysql/mysql_catalog.h"
#include "source/mysql/mysql_client.h"
#include "source/mysql/mysql_table_copy.h"
#include "source/mysql/postgres_types.h"
#include "util/errors.h"
#include "util/log.h"
#include "util/time_text.h"

#include <algorithm>
#include <ctime>
#include <regex>
#include <set>

namespace syncline::mysql {
namespace {

constexpr auto kHeartbeat = std::chrono::milliseconds(100);
constexpr auto kSaveInterval = std::chrono::seconds(1);

TableDefinition definitionOf(const BinlogTable &table)
{
    const TableSchema schema = postgresTable(table);
    TableDefinition definition;
    definition.schema = schema.schema;
    definition.name = schema.name;
    definition.replicaIdentity = schema.replicaIdentity;
    std::vector<std::pair<int, std::string>> key;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const Column &column = schema.columns[i];
        definition.columns.push_back(
            {column.name, column.sqlType, column.notNull, column.typeOid, column.typeModifier, 0});
        if (table.columns[i].keyPosition >= 0)
            key.emplace_back(table.columns[i].keyPosition, column.name);
    }
    std::sort(key.begin(), key.end());
    for (auto &[position, name] : key)
        definition.keyColumns.push_back(std::move(name));
    return definition;
}

// "0-1-42,1-2-7": a MariaDB replica can start after it on any server that has it.
bool isMariaDbGtidState(const std::string &state)
{
    static const std::regex list(R"(\d+-\d+-\d+(,\d+-\d+-\d+)*)");
    return std::regex_match(state, list);
}

} // namespace

MysqlSource::MysqlSource(SourceConfig config, std::filesystem::path stateDir)
    : m_config(std::move(config)), m_dsn(MysqlDsn::parse(m_config.dsn)),
      m_capture(BinlogCapture::fileIn(stateDir))
{}

MysqlSource::~MysqlSource() = default;

Client &MysqlSource::client()
{
    if (!m_client)
        m_client = std::make_unique<Client>(m_dsn);
    return *m_client;
}

std::uint32_t MysqlSource::serverOwnId()
{
    return std::uint32_t(std::stoul(client().queryValue("SELECT @@server_id").value_or("0")));
}

std::vector<TableDefinition> MysqlSource::prepare()
{
    std::vector<std::string> problems = binlogRequirementProblems(client());
    if (serverOwnId() == m_config.serverId)
        problems.push_back("server_id " + std::to_string(m_config.serverId) +
                           " is the server's own: choose another, unique among its replicas");
    m_described.clear();
    std::vector<TableDefinition> definitions;
    for (const auto &qualified : m_config.tables) {
        const auto dot = qualified.find('.');
        const auto table =
            mysql::describeTable(client(), qualified.substr(0, dot), qualified.substr(dot + 1));
        if (!table) {
            problems.push_back("table " + qualified + " does not exist on " + m_dsn.redacted());
            continue;
        }
        try {
            definitions.push_back(definitionOf(*table));
            m_described.push_back(*table);
        } catch (const PermanentError &error) {
            problems.push_back("table " + qualified + ": " + error.what());
        }
    }
    if (!problems.empty()) {
        std::string text = "source " + m_dsn.redacted() + " cannot be captured:";
        for (const auto &problem : problems)
            text += "\n  - " + problem;
        throw PermanentError(text);
    }
    return definitions;
}

std::shared_ptr<TableSchema> MysqlSource::describeTable(const std::string &schema,
                                                        const std::string &table)
{
    const auto described = mysql::describeTable(client(), schema, table);
    return described ? std::make_shared<TableSchema>(postgresTable(*described)) : nullptr;
}

std::string MysqlSource::captureName() const
{
    return "binary log capture point (server_id " + std::to_string(m_config.serverId) + ")";
}

std::optional<Lsn> MysqlSource::resumePosition()
{
    auto point = m_capture.load();
    if (!point)
        return std::nullopt;
    const std::uint32_t server = serverOwnId();
    if (point->serverId != server) {
        m_start = failoverPoint(*point, server);
        if (!m_start)
            return std::nullopt;
        // The old server's place: what the new one sends again keeps its old positions
        // (BinlogChanges::resend), the rest orders after them in the new epoch.
        m_confirmed = orderOf(point->position, point->epoch);
        return m_confirmed;
    }
    m_start = *point;
    m_confirmed = orderOf(point->position, point->epoch);
    return m_confirmed;
}

// The capture point was read from a server with another server_id: a failover to a promoted
// replica. Its binary log numbers files anew, so the point's file and offset mean nothing
// there; its GTID state does, on MariaDB. Capture resumes after that state in a new epoch
// (binlog_order.h) and keeps resuming by GTID. The point on disk stays the old server's until
// the first confirmation on the new one, so a refusal there (the new server lacks the GTIDs)
// leaves it as it was.
std::optional<CapturePoint> MysqlSource::failoverPoint(const CapturePoint &point,
                                                       std::uint32_t server)
{
    const std::string moved = "the capture point " + point.position.toString() +
                              (point.gtidState.empty() ? "" : " (GTID " + point.gtidState + ")") +
                              " was read from the server with server_id " +
                              std::to_string(point.serverId) + ", and " + m_dsn.redacted() +
                              " has server_id " + std::to_string(server);
    std::string missing;
    if (!isMariaDb(client()))
        missing = "resuming by GTID is built for MariaDB only (MySQL GTID sets: not yet)";
    else if (!isMariaDbGtidState(point.gtidState))
        missing = "the capture point holds no MariaDB GTID state to resume after";
    if (!missing.empty()) {
        log::warning("source", moved + ": its binary log numbers positions differently, and " +
                                   missing + ". The copy starts over with a new snapshot");
        return std::nullopt;
    }
    log::warning("source", moved + " (a failover?): resuming after the GTID state, not at the "
                                   "file and offset");
    return CapturePoint{.position = {},
                        .gtidState = point.gtidState,
                        .serverId = server,
                        .epoch = point.epoch + 1,
                        .resumeByGtid = true};
}

CaptureStatus MysqlSource::captureStatus()
{
    CaptureStatus status;
    const auto point = m_capture.load();
    const auto logs = client().query("SHOW BINARY LOGS"); // name, size, oldest first
    for (const auto &log : logs)
        status.retainedBytes += std::stoll(log.at(1).value_or("0"));
    // Another server's log (a failover not resumed yet) orders in the next epoch.
    const std::uint32_t epoch =
        !point ? 0 : point->epoch + (point->serverId == serverOwnId() ? 0 : 1);
    if (!logs.empty())
        status.current = orderOf(
            {logs.back().at(0).value_or(""), std::stoull(logs.back().at(1).value_or("0"))}, epoch);
    if (!point)
        return status;
    status.exists = true;
    status.confirmed = orderOf(point->position, point->epoch);
    if (epoch != point->epoch) {
        // Its file is another server's: not a purge.
        status.warning = "the capture point was read on the server with server_id " +
                         std::to_string(point->serverId) + " (a failover?): the next run " +
                         (isMariaDbGtidState(point->gtidState)
                              ? "resumes after GTID " + point->gtidState + " if this server has it"
                              : "takes a new snapshot");
        return status;
    }
    bool found = false;
    for (const auto &log : logs) {
        const long long size = std::stoll(log.at(1).value_or("0"));
        if (log.at(0) == point->position.file) {
            found = true;
            status.lagBytes += size - (long long)point->position.offset;
        } else if (found) {
            status.lagBytes += size;
        }
    }
    if (!found) {
        status.warning = "the binary log " + point->position.file +
                         " the capture point needs is gone from the server (purged): the copy "
                         "needs a new snapshot (stop the pipeline and remove its state_dir)";
        return status;
    }
    // The server keeps a log binlog_expire_logs_seconds (expire_logs_days) after its last write;
    // the capture point's log is at least as old as the point's last save.
    long long expireSeconds = 0;
    try {
        expireSeconds = std::stoll(
            client().queryValue("SELECT @@GLOBAL.binlog_expire_logs_seconds").value_or("0"));
    } catch (const PermanentError &) {
        expireSeconds =
            (long long)(std::stod(
                            client().queryValue("SELECT @@GLOBAL.expire_logs_days").value_or("0")) *
                        86400);
    }
    const long long age = std::max<long long>(0, (long long)std::time(nullptr) - point->savedAt);
    const bool current = logs.back().at(0) == point->position.file;
    if (expireSeconds > 0 && age * 2 > expireSeconds && !current)
        status.warning = "the binary log " + point->position.file +
                         " the capture point needs may expire within " +
                         std::to_string(std::max(0LL, expireSeconds - age) / 3600) +
                         " h (binlog_expire_logs_seconds = " + std::to_string(expireSeconds) +
                         "): run the pipeline, or keep the logs longer";
    return status;
}

void MysqlSource::discardCapture()
{
    m_capture.discard();
    m_start.reset();
}

Source::CaptureStart MysqlSource::startCapture(bool withSnapshot)
{
    CaptureStart start;
    SnapshotStart begun;
    if (withSnapshot) {
        m_snapshotClient = std::make_unique<Client>(m_dsn);
        begun = beginConsistentSnapshot(*m_snapshotClient);
        start.snapshot = std::make_unique<MysqlTableCopy>(*m_snapshotClient, m_described);
    } else {
        begun = currentPosition(client());
    }
    // A new snapshot sets every sink's position anew (loadSnapshot, recordPosition), so the
    // epoch need not grow; it does on another server all the same, so that its positions never
    // compare with the old one's.
    const auto previous = m_capture.load();
    const std::uint32_t server = serverOwnId();
    const std::uint32_t epoch =
        previous ? previous->epoch + (previous->serverId == server ? 0 : 1) : 0;
    m_capture.discard(); // and the transactions sent from the old capture point
    m_start = CapturePoint{.position = begun.position,
                           .gtidState = begun.gtidState,
                           .serverId = server,
                           .epoch = epoch};
    m_capture.save(*m_start);
    m_confirmed = orderOf(begun.position, epoch);
    start.consistentPoint = m_confirmed;
    log::info("source", "capture starts at " + begun.position.toString() +
                            (begun.gtidState.empty() ? "" : " (GTID " + begun.gtidState + ")"));
    return start;
}

void MysqlSource::startStreaming(bool)
{
    m_snapshotClient.reset(); // the copy is loaded: end its transaction
    if (!m_start)
        throw PermanentError("MySQL source: streaming asked for before a capture point exists");
    std::set<std::string> captured(m_config.tables.begin(), m_config.tables.end());
    m_changes = std::make_unique<BinlogChanges>(captured, *m_start);
    m_changes->setRelationHook(m_relationHook);
    m_changes->setDdlHook(m_ddlHook);
    for (const auto &table : m_described)
        m_changes->describe(table);
    m_changes->setJournal([this](const SentTransaction &sent) { m_capture.recordSent(sent); });
    if (m_start->resumeByGtid)
        m_changes->resend(m_capture.sentAfter(m_start->gtidState), m_confirmed);
    m_stream = std::make_unique<BinlogStream>(m_dsn, m_config.serverId, kHeartbeat);
    if (m_start->resumeByGtid)
        m_stream->openAfterGtids(m_start->gtidState);
    else
        m_stream->openAt(m_start->position);
    log::info("source", "streaming the binary log from " +
                            (m_start->resumeByGtid ? "after GTID " + m_start->gtidState
                                                   : m_start->position.toString()) +
                            " as replica server_id " + std::to_string(m_config.serverId));
}

void MysqlSource::enableIncrementalSnapshots(const std::string &,
                                             const std::filesystem::path &stateDir, Lsn,
                                             std::function<void(const std::string &)>)
{
    SnapshotProgress store(SnapshotProgress::fileIn(stateDir));
    std::string waiting;
    for (const auto &job : store.jobs())
        if (!job.finished())
            waiting += (waiting.empty() ? "" : ", ") + job.table;
    if (!waiting.empty())
        throw PermanentError("the MySQL source cannot copy tables while streaming yet (" + waiting +
                             "). To copy them, stop the pipeline and remove its state_dir: the "
                             "next run takes a new snapshot of every table");
}

void MysqlSource::poll(std::chrono::milliseconds timeout, const ChunkHandler &emit)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    // The heartbeat bounds each wait; a busy log is read for at most the timeout.
    do {
        const BinlogEvent &event = m_stream->next();
        m_changes->handle(event, emit);
        if (event.kind == BinlogEvent::Kind::Heartbeat && !m_changes->isInsideTransaction()) {
            // The server sends one only when its log has nothing more: everything committed
            // until now has been read, so the stream is as fresh as this moment (its own
            // timestamp is 0). This keeps the time lag from going stale on an idle source.
            m_sourceTimeMicros = unixMicrosNow();
            break;
        }
    } while (std::chrono::steady_clock::now() < deadline);
}

void MysqlSource::confirm(Lsn flushed, bool force)
{
    if (m_changes)
        if (auto point = m_changes->pointThrough(flushed)) {
            m_unsaved = std::move(point);
            // A transaction sent again keeps an earlier epoch's position (resend): never more
            // than what was flushed.
            m_unsavedPosition = std::min(flushed, orderOf(m_unsaved->position, m_unsaved->epoch));
        }
    const auto now = std::chrono::steady_clock::now();
    if (!m_unsaved || (!force && now - m_lastSave < kSaveInterval))
        return;
    m_capture.save(*m_unsaved);
    m_confirmed = m_unsavedPosition;
    m_unsaved.reset();
    m_lastSave = now;
}

// The pipeline sets its hooks once streaming has started, when the decoder exists.
void MysqlSource::setRelationHook(RelationHook hook)
{
    m_relationHook = std::move(hook);
    if (m_changes)
        m_changes->setRelationHook(m_relationHook);
}

void MysqlSource::setDdlHook(DdlHook hook)
{
    m_ddlHook = std::move(hook);
    if (m_changes)
        m_changes->setDdlHook(m_ddlHook);
}

Lsn MysqlSource::receivedPosition() const
{
    return m_changes ? m_changes->receivedPosition() : m_confirmed;
}

bool MysqlSource::isInsideTransaction() const
{
    return m_changes && m_changes->isInsideTransaction();
}

} // namespace syncline::mysql
