#pragma once

#include "connector/sink.h"
#include "connector/transport_offsets.h"
#include "model/table_definition.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

// What a sink whose target holds no table definitions (Redis, a webhook) shares: the
// definitions given to prepareTables() answer describeTable() (the kafka transport decodes its
// messages by them); with a log transport, positions are the transport's batch numbers and the
// partition offsets staged by its TransportOffsets are the sink's to commit, with a
// compare-and-set on each partition's expected offset, in its next commit.
class CataloglessSink : public Sink
{
public:
    // A partition offset staged for the next commit (see TransportOffsets::stage).
    struct StagedOffset
    {
        TopicPartition partition;
        std::int64_t expected = -1; // -1: none stored yet
        std::int64_t next = -1;
        std::string position; // MessagePosition text, "" for none
        std::string clusterId;
    };
    // A partition offset as the target keeps it.
    struct KeptOffset
    {
        std::int64_t next = -1;
        std::string clusterId;
        std::string position;
    };

    void prepareTables(const std::vector<TableDefinition> &tables) override;
    bool targetDescribesTables() const override { return false; }
    std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                               const std::string &table) override;

    std::optional<Lsn> position() const override { return m_position; }
    void startStreaming() override;
    void useExternalPositions() override { m_externalPositions = true; }
    void commitAt(Lsn batch) override;
    std::unique_ptr<TransportOffsets> transportOffsets(const std::string &pipeline,
                                                       const std::string &group) override;

    long long rowsNotFound() const override { return 0; } // every row it is told to change
    void setMetrics(PipelineMetrics *metrics) override { m_metrics = metrics; }
    PipelineMetrics *metrics() const override { return m_metrics; }

    // The message of a failed compare-and-set: another member of the group committed the
    // partition meanwhile (the session is retried).
    static std::string conflict(const std::string &sink, const TopicPartition &partition,
                                const std::string &group);

protected:
    // The group's offsets as the target keeps them.
    virtual std::map<TopicPartition, KeptOffset> readOffsets(const std::string &group) = 0;
    // Records where the snapshot this sink holds ends (its own source position) as the group's
    // where that is later than what the group has, and returns the group's.
    virtual std::optional<Lsn> shareSnapshotEnd(const std::string &group) = 0;
    // Whether the offsets are kept where only this runner reads them (see
    // TransportOffsets::sharedByTheGroup).
    virtual bool keepsOffsetsLocally() const { return false; }

    PipelineMetrics *m_metrics = nullptr;
    std::optional<Lsn> m_position;
    std::optional<Lsn> m_pendingEnd; // end of the last whole transaction (or batch) gathered
    bool m_externalPositions = false;
    // Staged by the transport's TransportOffsets, for the next commit; in m_offsetsGroup.
    std::vector<StagedOffset> m_stagedOffsets;
    std::string m_offsetsGroup;

private:
    class Offsets;
    std::map<std::string, std::shared_ptr<TableSchema>> m_tables; // by schema.table
};

} // namespace syncline
