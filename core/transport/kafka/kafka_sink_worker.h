#pragma once

#include "config/pipeline_config.h"
#include "connector/transport_offsets.h"
#include "model/change_event.h"
#include "transport/kafka/announced_shapes.h"
#include "transport/kafka/kafka_handle.h"
#include "transport/kafka/message_position.h"
#include "transport/kafka/topic_names.h"
#include "transport/kafka/truncate_barrier.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

typedef struct rd_kafka_topic_partition_list_s rd_kafka_topic_partition_list_t;
typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace syncline {
class Sink;
}

namespace syncline::kafka {

class EmbeddedCluster;

// One sink of the Kafka transport, on its own thread: a consumer in the sink's group reads
// the table topics and applies the changes through a Sink. The partition offsets are kept by
// the sink (its TransportOffsets) in the same transaction as the rows, and the
// consumer starts from them after a restart or a rebalance: exactly once in effect. Messages
// that a restarted source produced again (same syncline.position header) are skipped, and so
// are those from before the snapshot the target holds.
class KafkaSinkWorker
{
public:
    KafkaSinkWorker(const PipelineConfig &config, const PostgresSinkConfig &sinkConfig, Sink &sink,
                    std::string bootstrap, std::vector<std::string> tables,
                    const EmbeddedCluster *embedded = nullptr);
    ~KafkaSinkWorker();

    void start();
    void drainAndStop(); // commit what was read, then stop
    void abort();        // stop at once; uncommitted work is read again next time

    bool hasFailed() const { return m_failed.load(); }
    std::exception_ptr failure() const { return m_failure; }
    // The next offset of the partition committed on the target; -1 before any.
    std::int64_t committedOffset(const TopicPartition &partition) const;

    // librdkafka's rebalance callback lands here (on this worker's thread, inside poll).
    void rebalance(bool assigned, rd_kafka_topic_partition_list_t *partitions);

private:
    struct PartitionState
    {
        std::int64_t nextOffset = -1;
        std::optional<MessagePosition> position; // the last one applied
    };
    struct CommitInFlight
    {
        std::uint64_t sequence = 0;
        std::map<TopicPartition, PartitionState> partitions;
    };
    // The delete half of a key move, waiting for its create half, which follows it in the same
    // partition: the two are applied together, as the update they were.
    struct PendingMove
    {
        ChangeEvent event;
        std::int64_t offset = 0;
        Lsn lsn;
        std::optional<MessagePosition> position;
        std::size_t bytes = 0;
        PartitionState before; // what may be committed for the partition meanwhile
    };

    void run();
    void createConsumer();
    void assign(rd_kafka_topic_partition_list_t *partitions);
    void loadCommitted();
    // Where the sink's offsets are not shared by the group: takes the offsets the group
    // committed to Kafka for `partitions` where they are further on.
    void adoptGroupOffsets(const rd_kafka_topic_partition_list_t &partitions);
    void handle(const rd_kafka_message_t &message);
    void skip(const TopicPartition &partition, PartitionState &state, std::int64_t offset);
    ChangeEvent decode(const rd_kafka_message_t &message, const TopicPartition &partition,
                       Lsn &lsn);
    void reachTruncate(const rd_kafka_message_t &message, const TopicPartition &partition,
                       const MessagePosition &position, int partitions, bool seen);
    void checkBarriers();
    std::shared_ptr<const TableSchema> tableSchema(const std::string &schema,
                                                   const std::string &table);
    void append(const TopicPartition &partition, ChangeEvent event, std::int64_t offset, Lsn lsn,
                const std::optional<MessagePosition> &position, std::size_t bytes);
    void appendPendingMove(const TopicPartition &partition);
    void flushChunk();
    void commitBatch();
    void commitAndWait();
    void collectCommitted();
    void reportLag(); // per assigned partition, into the pipeline's metrics

    const PipelineConfig &m_config;
    const PostgresSinkConfig &m_sinkConfig;
    Sink &m_sink;
    std::string m_bootstrap;
    std::vector<std::string> m_topics;
    Handle m_consumer;
    std::chrono::steady_clock::time_point m_lagReported;
    std::chrono::steady_clock::time_point m_barriersChecked;
    const EmbeddedCluster *m_embedded;
    std::unique_ptr<TransportOffsets> m_offsets; // opened by run()
    std::string m_clusterId;                     // stored with the offsets
    std::optional<Lsn> m_snapshotEnd;            // where the snapshot the target holds ends
    std::optional<TruncateBarriers> m_barriers;

    std::map<std::string, std::shared_ptr<const TableSchema>> m_tables; // the target's shape
    AnnouncedShapes m_shapes; // the source's shape per partition, as its messages announced it
    std::map<TopicPartition, PartitionState> m_applied; // read and sent, maybe uncommitted
    // The next_offset each partition's row holds once what was sent commits (-1: no row):
    // what the fenced commit of the next batch expects to find.
    std::map<TopicPartition, std::int64_t> m_storedOffsets;
    std::map<TopicPartition, PartitionState> m_dirty; // changed since the last commit
    // At most one per partition: other partitions' messages, and their own key moves, may come
    // between the two halves.
    std::map<TopicPartition, PendingMove> m_pendingMoves;
    std::shared_ptr<TransactionChunk> m_chunk;
    TopicPartition m_chunkPartition;
    std::size_t m_chunkBytes = 0;
    std::size_t m_changesInBatch = 0;
    std::size_t m_batchBytes = 0;
    std::uint64_t m_batchSequence = 0;
    std::deque<CommitInFlight> m_commits;

    mutable std::mutex m_committedMutex;
    std::map<TopicPartition, PartitionState> m_committed;

    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_aborting{false};
    std::atomic<bool> m_failed{false};
    std::exception_ptr m_failure;
    std::thread m_thread;
};

} // namespace syncline::kafka
