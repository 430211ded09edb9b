#pragma once

#include "config/pipeline_config.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_conf_s rd_kafka_conf_t;

namespace syncline::kafka {

struct HandleDeleter
{
    void operator()(rd_kafka_t *handle) const;
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

enum class HandleType
{
    Producer,
    Consumer
};

// A librdkafka client for `bootstrap`: Syncline's settings first, then the pipeline's
// `properties` (so users can override them), then `fixed` (settings correctness depends on).
// Throws PermanentError naming a property librdkafka refuses; values are never echoed, as they
// may be secrets.
Handle createHandle(HandleType type, const TransportConfig &transport, const std::string &bootstrap,
                    const std::vector<std::pair<std::string, std::string>> &defaults,
                    const std::vector<std::pair<std::string, std::string>> &fixed,
                    rd_kafka_conf_t *conf = nullptr);

} // namespace syncline::kafka
