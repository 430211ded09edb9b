#pragma once

#include "config/pipeline_config.h"
#include "model/lsn.h"
#include "pg/connection.h"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace syncline::verify {

// Tells when a sink has applied every change the source committed up to a point, so that its
// target can be read as of at least that point. The point is a mark written to the source's WAL
// (pg_logical_emit_message). Direct transport: the replication slot is confirmed only up to
// what every sink committed, so a confirmation at or past the mark is enough. Kafka transport:
// the confirmation says the changes are in Kafka; the sink must then have consumed the table's
// topic up to where it ended at that moment.
class SinkCatchUp
{
public:
    // The pipeline's embedded Kafka cluster (brokers: embedded), which only the process running
    // the pipeline can reach: where it listens, and the identity its sinks store offsets under.
    struct EmbeddedKafka
    {
        std::string bootstrap;
        std::string identity;
    };

    SinkCatchUp(const PipelineConfig &pipeline, const PostgresSinkConfig &sink,
                std::chrono::milliseconds timeout,
                const std::optional<EmbeddedKafka> &embedded = std::nullopt);
    ~SinkCatchUp();

    // Writes a mark to the source's WAL through `connection` (inside its open transaction, so
    // the mark and the transaction's snapshot are taken together) and returns its position.
    static Lsn writeMark(pg::Connection &connection);

    // Returns once the sink has passed `mark` for `table`. Throws VerifyError when the
    // pipeline is not running or the sink does not get there within the timeout.
    void waitPassed(Lsn mark, const std::string &table);

private:
    Lsn slotConfirmation();
    void waitForTopic(const std::string &table, std::chrono::steady_clock::time_point deadline);

    const PipelineConfig &m_pipeline;
    const PostgresSinkConfig &m_sink;
    std::chrono::milliseconds m_timeout;
    pg::Connection m_source;
    pg::Connection m_target; // kafka: reads the consumer offsets the sink stored
    struct Kafka;
    std::unique_ptr<Kafka> m_kafka;
};

} // namespace syncline::verify
