#include "verify/sink_catch_up.h"

#include "verify/verify_error.h"

#include "transport/kafka/kafka_handle.h"
#include "transport/kafka/topic_names.h"

#include <libpq-fe.h>
#include <librdkafka/rdkafka.h>

#include <thread>

namespace syncline::verify {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);

std::string seconds(std::chrono::milliseconds duration)
{
    return std::to_string(duration.count() / 1000) + " s";
}

} // namespace

struct SinkCatchUp::Kafka
{
    kafka::Handle handle;
    std::string clusterId;
};

SinkCatchUp::SinkCatchUp(const PipelineConfig &pipeline, const PostgresSinkConfig &sink,
                         std::chrono::milliseconds timeout,
                         const std::optional<EmbeddedKafka> &embedded)
    : m_pipeline(pipeline), m_sink(sink), m_timeout(timeout)
{
    m_source =
        pg::Connection::open(pipeline.source.dsn, pg::Connection::Mode::Normal, "syncline verify");
    if (!pipeline.transport.isKafka())
        return;
    if (pipeline.transport.isEmbeddedKafka() && !embedded)
        throw VerifyError("the pipeline's Kafka broker is embedded in the process that runs it, "
                          "and only there can verify see how far the sink consumed: use the "
                          "schedule (verify: in the pipeline file) or the console that runs it, "
                          "or a real broker (brokers: host:port)");
    const std::string brokers = embedded ? embedded->bootstrap : pipeline.transport.brokers;
    m_target =
        pg::Connection::open(sink.dsn, pg::Connection::Mode::Normal, "syncline verify offsets");
    m_kafka = std::make_unique<Kafka>();
    m_kafka->handle = kafka::createHandle(kafka::HandleType::Consumer, pipeline.transport, brokers,
                                          {}, {{"group.id", sink.group + ".verify"}});
    if (embedded) {
        m_kafka->clusterId = embedded->identity;
        return;
    }
    char *clusterId = rd_kafka_clusterid(m_kafka->handle.get(), 10000);
    if (!clusterId)
        throw VerifyError("cannot reach the Kafka brokers " + brokers);
    m_kafka->clusterId = clusterId;
    rd_kafka_mem_free(m_kafka->handle.get(), clusterId);
}

SinkCatchUp::~SinkCatchUp() = default;

Lsn SinkCatchUp::writeMark(pg::Connection &connection)
{
    const auto text =
        connection.queryValue("SELECT pg_logical_emit_message(false, 'syncline.verify', '')");
    return Lsn::parse(text).value_or(Lsn());
}

Lsn SinkCatchUp::slotConfirmation()
{
    auto result = m_source.execParams(
        "SELECT active, confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1",
        {m_pipeline.source.slot});
    if (PQntuples(result.get()) == 0)
        throw CatchUpError("the source has no replication slot " + m_pipeline.source.slot +
                           ": run the pipeline first (syncline run)");
    if (pg::resultValue(result.get(), 0, 0) != "t")
        throw CatchUpError("the pipeline is not running (replication slot " +
                           m_pipeline.source.slot +
                           " is inactive): verify compares while the pipeline streams, so that "
                           "it knows how far each sink got; start it with syncline run");
    return Lsn::parse(pg::resultValue(result.get(), 0, 1)).value_or(Lsn());
}

void SinkCatchUp::waitPassed(Lsn mark, const std::string &table)
{
    const auto deadline = std::chrono::steady_clock::now() + m_timeout;
    while (slotConfirmation() < mark) {
        if (std::chrono::steady_clock::now() > deadline)
            throw CatchUpError("sink " + m_sink.name + " did not reach source position " +
                               mark.toString() + " within " + seconds(m_timeout) +
                               "; see syncline status for what holds it");
        std::this_thread::sleep_for(kPollInterval);
    }
    if (m_kafka)
        waitForTopic(table, deadline);
}

void SinkCatchUp::waitForTopic(const std::string &table,
                               std::chrono::steady_clock::time_point deadline)
{
    const std::string topic = kafka::tableTopic(m_pipeline.transport.topicPrefix, table);
    std::map<int, std::int64_t> ends;
    for (int partition = 0; partition < m_pipeline.transport.partitions; ++partition) {
        std::int64_t low = 0, high = 0;
        const auto error = rd_kafka_query_watermark_offsets(m_kafka->handle.get(), topic.c_str(),
                                                            partition, &low, &high, 10000);
        if (error == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
            break; // fewer partitions than the file says: the topic was made before
        if (error)
            throw VerifyError("cannot read the end of " + topic + ": " + rd_kafka_err2str(error));
        if (high > low)
            ends[partition] = high;
    }
    for (;;) {
        auto result = m_target.execParams(
            "SELECT kafka_partition, next_offset FROM syncline.kafka_consumer_offsets "
            "WHERE consumer_group = $1 AND topic = $2 AND cluster_id = $3",
            {m_sink.group, topic, m_kafka->clusterId});
        std::map<int, std::int64_t> consumed;
        for (int row = 0; row < PQntuples(result.get()); ++row)
            consumed[std::stoi(pg::resultValue(result.get(), row, 0))] =
                std::stoll(pg::resultValue(result.get(), row, 1));
        std::string behind;
        for (const auto &[partition, end] : ends)
            if (!consumed.count(partition) || consumed[partition] < end)
                behind += (behind.empty() ? "" : ", ") + std::to_string(partition) + " at " +
                          (consumed.count(partition) ? std::to_string(consumed[partition])
                                                     : std::string("none")) +
                          " of " + std::to_string(end);
        if (behind.empty())
            return;
        if (std::chrono::steady_clock::now() > deadline)
            throw CatchUpError("sink " + m_sink.name + " did not consume " + topic +
                               " to its end within " + seconds(m_timeout) + " (partition " +
                               behind + "); see syncline status for its consumer lag");
        std::this_thread::sleep_for(kPollInterval);
    }
}

} // namespace syncline::verify
