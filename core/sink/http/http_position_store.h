#pragma once

#include "model/lsn.h"
#include "sink/common/catalogless_sink.h"
#include "util/sqlite_database.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace syncline::http {

// Where an http sink records how far its receiver acknowledged: the receiver cannot keep it,
// so it lives in the state directory (http-sinks.db, SQLite, durable on return). Fed from
// Kafka, that is the consumer group's partition offsets (kafka_offsets) and, with an embedded
// cluster, where the snapshot the receiver has ends (kafka_group_snapshots). Only this runner
// reads them: a member of a group also looks at the offsets the group committed to Kafka.
class HttpPositionStore
{
public:
    using KeptOffset = CataloglessSink::KeptOffset;
    using StagedOffset = CataloglessSink::StagedOffset;

    HttpPositionStore(const std::filesystem::path &stateDir, std::string sink);

    std::optional<Lsn> load();
    void save(Lsn position);

    std::map<TopicPartition, KeptOffset> offsets(const std::string &group);
    // Raises the group's snapshot end to `own` where that is later; returns the group's.
    std::optional<Lsn> shareSnapshotEnd(const std::string &group, std::optional<Lsn> own);
    // Writes the offsets in one transaction where each partition still holds its expected next
    // offset; else writes none and returns the first partition that did not.
    std::optional<TopicPartition> commitOffsets(const std::string &group,
                                                const std::vector<StagedOffset> &staged);

private:
    SqliteDatabase m_db;
    std::string m_sink;
};

} // namespace syncline::http
