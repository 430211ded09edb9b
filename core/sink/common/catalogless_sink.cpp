#include "sink/common/catalogless_sink.h"

namespace syncline {

// The TransportOffsets of a CataloglessSink: reads go to the sink's target at once, stages wait
// for the sink's next commit.
class CataloglessSink::Offsets : public TransportOffsets
{
public:
    Offsets(CataloglessSink &sink, std::string group) : m_sink(sink), m_group(std::move(group)) {}

    std::optional<Lsn> recordSnapshot() override { return m_sink.shareSnapshotEnd(m_group); }

    std::map<TopicPartition, Stored> load(const std::string &clusterId) override
    {
        std::map<TopicPartition, Stored> stored;
        for (const auto &[partition, kept] : m_sink.readOffsets(m_group)) {
            Stored one;
            one.storedOffset = kept.next;
            // Offsets of another cluster (an embedded one that is gone) mean nothing here; the
            // positions still tell which changes were applied.
            if (kept.clusterId == clusterId)
                one.nextOffset = kept.next;
            one.position = MessagePosition::parse(kept.position);
            stored[partition] = one;
        }
        return stored;
    }

    std::set<int> partitionsAt(const std::string &topic, const MessagePosition &position) override
    {
        std::set<int> partitions;
        for (const auto &[partition, kept] : m_sink.readOffsets(m_group)) {
            const auto stored = MessagePosition::parse(kept.position);
            if (partition.first == topic && stored && *stored >= position)
                partitions.insert(partition.second);
        }
        return partitions;
    }

    void stage(const TopicPartition &partition, std::int64_t expected, std::int64_t next,
               const std::optional<MessagePosition> &position,
               const std::string &clusterId) override
    {
        m_sink.m_offsetsGroup = m_group;
        m_sink.m_stagedOffsets.push_back({partition, expected, next,
                                          position ? position->toString() : std::string(),
                                          clusterId});
    }

    bool sharedByTheGroup() const override { return !m_sink.keepsOffsetsLocally(); }

private:
    CataloglessSink &m_sink;
    std::string m_group;
};

void CataloglessSink::prepareTables(const std::vector<TableDefinition> &tables)
{
    for (const auto &table : tables)
        m_tables[table.qualifiedName()] = std::make_shared<TableSchema>(table.toSchema());
}

std::shared_ptr<TableSchema> CataloglessSink::describeTable(const std::string &schema,
                                                            const std::string &table)
{
    const auto found = m_tables.find(schema + '.' + table);
    return found == m_tables.end() ? nullptr : std::make_shared<TableSchema>(*found->second);
}

void CataloglessSink::startStreaming()
{
    if (m_externalPositions)
        m_position.reset(); // from here on, positions are the transport's batch numbers
}

void CataloglessSink::commitAt(Lsn batch)
{
    m_pendingEnd = batch;
    commit();
}

std::unique_ptr<TransportOffsets> CataloglessSink::transportOffsets(const std::string &,
                                                                    const std::string &group)
{
    m_offsetsGroup = group;
    return std::make_unique<Offsets>(*this, group);
}

std::string CataloglessSink::conflict(const std::string &sink, const TopicPartition &partition,
                                      const std::string &group)
{
    return "sink " + sink + ": " + partition.first + '[' + std::to_string(partition.second) +
           "] was committed by another member of group " + group + " meanwhile";
}

} // namespace syncline
