#pragma once

#include "config/pipeline_config.h"

#include <string>
#include <vector>

typedef struct rd_kafka_s rd_kafka_t;

namespace syncline::kafka {

class EmbeddedCluster;

// Creates the topics that do not exist yet, with the transport's partitions and replication
// factor. When the brokers refuse (no permission, an old broker), it says so and goes on:
// brokers that create topics automatically will do it on the first message.
void ensureTopics(rd_kafka_t *client, const TransportConfig &transport, EmbeddedCluster *embedded,
                  const std::vector<std::string> &topics);

} // namespace syncline::kafka
