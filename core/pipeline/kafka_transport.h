#pragma once

#include "config/pipeline_config.h"
#include "pipeline/session_transport.h"

#include <memory>
#include <string>
#include <vector>

namespace syncline {

class Sink;
namespace dlq {
class SinkDeadLetters;
}
struct TableDefinition;

namespace kafka {
class DeadLetterTopic;
class EmbeddedCluster;
class KafkaEmitter;
class KafkaSinkWorker;
} // namespace kafka

// Through Kafka: the source produces every change to its table's topic and may confirm what
// Kafka acknowledged; each sink consumes in its own consumer group. On the embedded cluster,
// which does not outlive the process, the source only confirms what every sink committed.
class KafkaTransport : public SessionTransport
{
public:
    // Without a source (hasSource false), only the sinks run. `deadLetters` has one entry per
    // sink, null for a sink that stops on errors; each one's letters also go to a DLQ topic.
    KafkaTransport(const PipelineConfig &config, kafka::EmbeddedCluster *embedded,
                   const std::vector<std::unique_ptr<Sink>> &sinks,
                   const std::vector<dlq::SinkDeadLetters *> &deadLetters,
                   const std::vector<TableDefinition> &tables);
    ~KafkaTransport() override;

    void start() override;
    void loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                      Lsn consistentPoint, const std::function<void()> &loadSinks) override;
    void emit(const std::shared_ptr<const TransactionChunk> &chunk,
              const std::function<void()> &waiting) override;
    Lsn safePosition() override;
    void drainAndStop() override;
    void abort() override;

private:
    void publishSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                         Lsn consistentPoint);
    void checkSinks() const;

    const PipelineConfig &m_config;
    kafka::EmbeddedCluster *m_embedded;
    std::unique_ptr<kafka::KafkaEmitter> m_emitter;
    std::vector<std::unique_ptr<kafka::DeadLetterTopic>> m_deadLetterTopics; // used by workers
    std::vector<std::unique_ptr<kafka::KafkaSinkWorker>> m_workers;
    bool m_started = false;
};

} // namespace syncline
