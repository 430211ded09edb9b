#pragma once

#include "config/pipeline_config.h"
#include "dlq/dead_letter.h"
#include "transport/kafka/kafka_handle.h"

#include <cstdint>
#include <string>

namespace syncline::kafka {

class EmbeddedCluster;

// The Kafka transport's dead-letter topic, <prefix>.dlq.<sink>: each dead letter of the sink
// as its key and value, with Kafka Connect's error headers (__connect.errors.*) and
// Syncline's own (syncline.*), so Kafka tools and Connect-aware consumers can read it. The
// local store stays what replays work from.
class DeadLetterTopic
{
public:
    DeadLetterTopic(const PipelineConfig &config, const std::string &sink,
                    const std::string &bootstrap, EmbeddedCluster *embedded);

    std::string topic() const { return m_topic; }
    // Produces and waits until Kafka acknowledged it; throws TransientError otherwise.
    void publish(const dlq::DeadLetter &letter, const std::string &fromTopic, int partition,
                 std::int64_t offset);

private:
    const PipelineConfig &m_config;
    std::string m_sink;
    std::string m_topic;
    Handle m_producer;
    EmbeddedCluster *m_embedded;
    bool m_topicReady = false;
};

} // namespace syncline::kafka
