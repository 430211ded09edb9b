#include "pipeline/kafka_transport.h"

#include "connector/sink.h"
#include "dlq/sink_dead_letters.h"
#include "model/table_definition.h"
#include "snapshot/snapshot_chunker.h"
#include "snapshot/table_copy.h"
#include "transport/kafka/dead_letter_topic.h"
#include "transport/kafka/embedded_cluster.h"
#include "transport/kafka/kafka_emitter.h"
#include "transport/kafka/kafka_sink_worker.h"
#include "util/errors.h"
#include "util/format.h"
#include "util/log.h"
#include "util/time_text.h"

#include <chrono>
#include <thread>

namespace syncline {

namespace {

constexpr std::size_t kSnapshotChunkEvents = 1000;
constexpr std::size_t kSnapshotChunkBytes = 4 * 1024 * 1024;

std::string bootstrapOf(const PipelineConfig &config, kafka::EmbeddedCluster *embedded)
{
    return embedded ? embedded->bootstrap() : config.transport.brokers;
}

} // namespace

KafkaTransport::KafkaTransport(const PipelineConfig &config, kafka::EmbeddedCluster *embedded,
                               const std::vector<std::unique_ptr<Sink>> &sinks,
                               const std::vector<dlq::SinkDeadLetters *> &deadLetters,
                               const std::vector<TableDefinition> &tables)
    : m_config(config), m_embedded(embedded)
{
    const std::string bootstrap = bootstrapOf(config, embedded);
    if (config.hasSource) {
        m_emitter = std::make_unique<kafka::KafkaEmitter>(config, bootstrap, embedded);
        m_emitter->prepareTopics(tables);
    }
    std::vector<std::string> names;
    for (const auto &table : tables)
        names.push_back(table.qualifiedName());
    for (std::size_t i = 0; i < sinks.size(); ++i) {
        m_workers.push_back(std::make_unique<kafka::KafkaSinkWorker>(
            config, config.sinks[i], *sinks[i], bootstrap, names, embedded));
        if (auto *letters = deadLetters[i]) {
            auto &topic = *m_deadLetterTopics.emplace_back(std::make_unique<kafka::DeadLetterTopic>(
                config, config.sinks[i].name, bootstrap, embedded));
            letters->setMirror(
                [&topic](const dlq::DeadLetter &letter, const TransactionChunk &chunk, int index) {
                    const auto slash = chunk.origin.rfind('/');
                    topic.publish(letter, chunk.origin.substr(0, slash),
                                  std::stoi(chunk.origin.substr(slash + 1)),
                                  chunk.offsets[std::size_t(index)]);
                });
        }
    }
    if (m_emitter && embedded) {
        std::vector<kafka::KafkaEmitter::CommittedOffset> committed;
        for (const auto &worker : m_workers)
            committed.push_back([&worker](const kafka::TopicPartition &partition) {
                return worker->committedOffset(partition);
            });
        m_emitter->setSinks(std::move(committed));
    }
}

KafkaTransport::~KafkaTransport() = default;

void KafkaTransport::start()
{
    if (m_started)
        return;
    m_started = true;
    for (auto &worker : m_workers)
        worker->start();
}

void KafkaTransport::loadSnapshot(TableCopySource &reader,
                                  const std::vector<TableDefinition> &tables, Lsn consistentPoint,
                                  const std::function<void()> &loadSinks)
{
    if (!m_embedded) {
        // Published first: if this run dies before the sinks committed their copy, the next
        // one takes the whole snapshot again, publication included.
        publishSnapshot(reader, tables, consistentPoint);
        loadSinks();
        return;
    }
    // The embedded broker ends with the process, and its producer waits for the sinks to
    // consume what it publishes: the sinks load first, then run (skipping these rows) while
    // the rows are published.
    loadSinks();
    start();
    publishSnapshot(reader, tables, consistentPoint);
}

void KafkaTransport::publishSnapshot(TableCopySource &reader,
                                     const std::vector<TableDefinition> &tables,
                                     Lsn consistentPoint)
{
    if (!m_emitter)
        return;
    log::info("kafka", "publishing the snapshot's rows to the table topics");
    const auto started = std::chrono::steady_clock::now();
    long long rows = 0;
    SnapshotChunker chunker(
        consistentPoint, unixMicrosNow(), kSnapshotChunkEvents, kSnapshotChunkBytes,
        [this](const auto &chunk) { m_emitter->emit(*chunk, [this] { checkSinks(); }); });
    for (const auto &table : tables)
        rows += chunker.copy(reader, table);
    chunker.finish();
    if (!m_emitter->flush(300000))
        throw TransientError("Kafka did not acknowledge the snapshot's rows within 5 minutes");
    log::info(
        "kafka",
        "published " + std::to_string(rows) + " snapshot rows in " +
            formatDecimal(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                1) +
            " s");
}

void KafkaTransport::emit(const std::shared_ptr<const TransactionChunk> &chunk,
                          const std::function<void()> &waiting)
{
    m_emitter->emit(*chunk, [&] {
        checkSinks();
        waiting();
    });
}

void KafkaTransport::checkSinks() const
{
    for (const auto &worker : m_workers)
        if (worker->hasFailed())
            std::rethrow_exception(worker->failure());
}

Lsn KafkaTransport::safePosition()
{
    checkSinks();
    if (!m_emitter)
        return Lsn();
    m_emitter->poll(0);
    return m_embedded ? m_emitter->consumedThrough() : m_emitter->deliveredThrough();
}

void KafkaTransport::drainAndStop()
{
    if (m_emitter) {
        if (!m_emitter->flush(30000))
            log::warning("kafka", "Kafka did not acknowledge everything within 30 s; the rest "
                                  "is produced again by the next run");
        // The embedded cluster ends with the process: let the sinks catch up first.
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (m_embedded && safePosition() < m_emitter->deliveredThrough() &&
               std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto &worker : m_workers)
        worker->drainAndStop();
    checkSinks();
}

void KafkaTransport::abort()
{
    for (auto &worker : m_workers)
        worker->abort();
}

} // namespace syncline
