#include "sink/http/http_position_store.h"

#include <sqlite3.h>

namespace syncline::http {

namespace {

const char *const kSchema =
    "CREATE TABLE IF NOT EXISTS positions (sink TEXT PRIMARY KEY, position INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS kafka_offsets (consumer_group TEXT NOT NULL, topic TEXT NOT "
    "NULL, kafka_partition INTEGER NOT NULL, next_offset INTEGER NOT NULL, cluster_id TEXT NOT "
    "NULL, last_position TEXT NOT NULL, sink TEXT NOT NULL, PRIMARY KEY (consumer_group, topic, "
    "kafka_partition));"
    "CREATE TABLE IF NOT EXISTS kafka_group_snapshots (consumer_group TEXT PRIMARY KEY, "
    "snapshot_end INTEGER NOT NULL);";

} // namespace

HttpPositionStore::HttpPositionStore(const std::filesystem::path &stateDir, std::string sink)
    : m_db(stateDir / "http-sinks.db", "http sink position store", kSchema), m_sink(std::move(sink))
{}

std::optional<Lsn> HttpPositionStore::load()
{
    SqliteStatement select(m_db, "SELECT position FROM positions WHERE sink = ?");
    select.bind(m_sink);
    if (!select.step())
        return std::nullopt;
    return Lsn(std::uint64_t(select.integer(0)));
}

void HttpPositionStore::save(Lsn position)
{
    SqliteStatement upsert(m_db, "INSERT INTO positions (sink, position) VALUES (?, ?) ON "
                                 "CONFLICT (sink) DO UPDATE SET position = excluded.position");
    upsert.bind(m_sink).bind(std::int64_t(position.value()));
    upsert.step();
}

std::map<TopicPartition, HttpPositionStore::KeptOffset>
HttpPositionStore::offsets(const std::string &group)
{
    SqliteStatement select(m_db, "SELECT topic, kafka_partition, next_offset, cluster_id, "
                                 "last_position FROM kafka_offsets WHERE consumer_group = ?");
    select.bind(group);
    std::map<TopicPartition, KeptOffset> offsets;
    while (select.step())
        offsets[{select.text(0), int(select.integer(1))}] = {select.integer(2), select.text(3),
                                                             select.text(4)};
    return offsets;
}

std::optional<Lsn> HttpPositionStore::shareSnapshotEnd(const std::string &group,
                                                       std::optional<Lsn> own)
{
    if (own) {
        SqliteStatement upsert(
            m_db, "INSERT INTO kafka_group_snapshots (consumer_group, snapshot_end) VALUES (?, ?) "
                  "ON CONFLICT (consumer_group) DO UPDATE SET snapshot_end = "
                  "max(snapshot_end, excluded.snapshot_end)");
        upsert.bind(group).bind(std::int64_t(own->value()));
        upsert.step();
    }
    SqliteStatement select(
        m_db, "SELECT snapshot_end FROM kafka_group_snapshots WHERE consumer_group = ?");
    select.bind(group);
    if (!select.step())
        return std::nullopt;
    return Lsn(std::uint64_t(select.integer(0)));
}

std::optional<TopicPartition>
HttpPositionStore::commitOffsets(const std::string &group, const std::vector<StagedOffset> &staged)
{
    m_db.execute("BEGIN IMMEDIATE");
    try {
        for (const auto &offset : staged) {
            // expected -1: no row yet; else the row must still hold it.
            SqliteStatement write(
                m_db, offset.expected < 0
                          ? "INSERT INTO kafka_offsets (next_offset, cluster_id, last_position, "
                            "sink, consumer_group, topic, kafka_partition) VALUES (?, ?, ?, ?, "
                            "?, ?, ?) ON CONFLICT DO NOTHING"
                          : "UPDATE kafka_offsets SET next_offset = ?, cluster_id = ?, "
                            "last_position = ?, sink = ? WHERE consumer_group = ? AND topic = ? "
                            "AND kafka_partition = ? AND next_offset = ?");
            write.bind(offset.next)
                .bind(offset.clusterId)
                .bind(offset.position)
                .bind(m_sink)
                .bind(group)
                .bind(offset.partition.first)
                .bind(std::int64_t(offset.partition.second));
            if (offset.expected >= 0)
                write.bind(offset.expected);
            write.step();
            if (sqlite3_changes(m_db.handle()) != 1) {
                m_db.execute("ROLLBACK");
                return offset.partition;
            }
        }
        m_db.execute("COMMIT");
    } catch (...) {
        m_db.execute("ROLLBACK");
        throw;
    }
    return std::nullopt;
}

} // namespace syncline::http
