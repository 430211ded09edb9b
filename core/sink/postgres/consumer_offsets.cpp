#include "sink/postgres/consumer_offsets.h"

#include "pg/connection.h"
#include "sink/postgres/offsets_store.h"
#include "sink/postgres/postgres_sink.h"

#include <libpq-fe.h>

namespace syncline {

namespace {

const char *const kTables = R"sql(
CREATE SCHEMA IF NOT EXISTS syncline;
CREATE TABLE IF NOT EXISTS syncline.kafka_consumer_offsets (
    consumer_group text NOT NULL,
    topic text NOT NULL,
    kafka_partition int NOT NULL,
    next_offset bigint NOT NULL,
    cluster_id text NOT NULL,
    last_position text,
    pipeline text NOT NULL,
    sink text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, kafka_partition));
CREATE TABLE IF NOT EXISTS syncline.kafka_group_snapshots (
    consumer_group text PRIMARY KEY,
    snapshot_end pg_lsn NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now());
)sql";

// Offsets are keyed by consumer group, so when runners share a group the one a partition moves
// to carries on where the other committed; a member that lost a partition in a rebalance but
// still applies a batch of it fails here and rolls back, instead of applying those changes a
// second time.
const char *const kCommitFunction = R"sql(
DO $do$ BEGIN
CREATE FUNCTION syncline.kafka_commit_offset(grp text, tpc text, part int, expected bigint,
    next bigint, cluster text, pos text, pl text, sk text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    IF expected < 0 THEN
        INSERT INTO syncline.kafka_consumer_offsets (consumer_group, topic, kafka_partition,
            next_offset, cluster_id, last_position, pipeline, sink)
        VALUES (grp, tpc, part, next, cluster, pos, pl, sk) ON CONFLICT DO NOTHING;
    ELSE
        UPDATE syncline.kafka_consumer_offsets SET next_offset = next, cluster_id = cluster,
            last_position = pos, pipeline = pl, sink = sk, updated_at = now()
        WHERE consumer_group = grp AND topic = tpc AND kafka_partition = part
            AND next_offset = expected;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%[%] was committed by another member of group % meanwhile', tpc, part,
            grp USING ERRCODE = '40001';
    END IF;
END $f$;
EXCEPTION WHEN duplicate_function OR unique_violation THEN NULL;
END $do$;
)sql";

} // namespace

ConsumerOffsets::ConsumerOffsets(PostgresSink &sink, pg::Connection &catalog, std::string pipeline,
                                 std::string group)
    : m_sink(sink), m_catalog(catalog), m_pipeline(std::move(pipeline)), m_group(std::move(group))
{
    m_catalog.exec(kTables);
    m_catalog.exec(kCommitFunction);
}

std::optional<Lsn> ConsumerOffsets::recordSnapshot()
{
    if (const auto own = OffsetsStore(m_pipeline, m_sink.name()).read(m_catalog))
        m_catalog.execParams("INSERT INTO syncline.kafka_group_snapshots (consumer_group, "
                             "snapshot_end) VALUES ($1, $2::pg_lsn) ON CONFLICT (consumer_group) "
                             "DO UPDATE SET snapshot_end = greatest(kafka_group_snapshots."
                             "snapshot_end, EXCLUDED.snapshot_end), updated_at = now()",
                             {m_group, own->toString()});
    return Lsn::parse(m_catalog.queryValue(
        "SELECT coalesce((SELECT snapshot_end::text FROM syncline.kafka_group_snapshots "
        "WHERE consumer_group = $1), '')",
        {m_group}));
}

std::map<TopicPartition, TransportOffsets::Stored>
ConsumerOffsets::load(const std::string &clusterId)
{
    const pg::Result rows = m_catalog.execParams(
        "SELECT topic, kafka_partition, next_offset, cluster_id, coalesce(last_position, '') "
        "FROM syncline.kafka_consumer_offsets WHERE consumer_group = $1",
        {m_group});
    std::map<TopicPartition, Stored> stored;
    for (int row = 0; row < PQntuples(rows.get()); ++row) {
        Stored one;
        one.storedOffset = std::stoll(pg::resultValue(rows.get(), row, 2));
        // Offsets of another cluster (an embedded one that is gone) mean nothing here; the
        // positions still tell which changes were applied.
        if (pg::resultValue(rows.get(), row, 3) == clusterId)
            one.nextOffset = one.storedOffset;
        one.position = MessagePosition::parse(pg::resultValue(rows.get(), row, 4));
        stored[{pg::resultValue(rows.get(), row, 0),
                std::stoi(pg::resultValue(rows.get(), row, 1))}] = one;
    }
    return stored;
}

std::set<int> ConsumerOffsets::partitionsAt(const std::string &topic,
                                            const MessagePosition &position)
{
    const pg::Result rows = m_catalog.execParams(
        "SELECT kafka_partition FROM syncline.kafka_consumer_offsets "
        "WHERE consumer_group = $1 AND topic = $2 AND last_position LIKE '%#%' "
        "AND (split_part(last_position, '#', 1)::pg_lsn, split_part(last_position, '#', "
        "2)::numeric)"
        " >= ($3::pg_lsn, $4::numeric)",
        {m_group, topic, Lsn(position.lsn).toString(), std::to_string(position.index)});
    std::set<int> partitions;
    for (int row = 0; row < PQntuples(rows.get()); ++row)
        partitions.insert(std::stoi(pg::resultValue(rows.get(), row, 0)));
    return partitions;
}

void ConsumerOffsets::stage(const TopicPartition &partition, std::int64_t expected,
                            std::int64_t next, const std::optional<MessagePosition> &position,
                            const std::string &clusterId)
{
    m_sink.sendInTransaction(
        "SELECT syncline.kafka_commit_offset($1, $2, $3::int, $4::bigint, $5::bigint, $6, $7, "
        "$8, $9)",
        {m_group, partition.first, std::to_string(partition.second), std::to_string(expected),
         std::to_string(next), clusterId, position ? position->toString() : std::string(),
         m_pipeline, m_sink.name()});
}

} // namespace syncline
