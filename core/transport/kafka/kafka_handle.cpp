#include "transport/kafka/kafka_handle.h"

#include "util/errors.h"

#include <librdkafka/rdkafka.h>

namespace syncline::kafka {

void HandleDeleter::operator()(rd_kafka_t *handle) const
{
    rd_kafka_destroy(handle);
}

Handle createHandle(HandleType type, const TransportConfig &transport, const std::string &bootstrap,
                    const std::vector<std::pair<std::string, std::string>> &defaults,
                    const std::vector<std::pair<std::string, std::string>> &fixed,
                    rd_kafka_conf_t *conf)
{
    if (!conf)
        conf = rd_kafka_conf_new();
    char error[512];
    auto set = [&](const std::string &name, const std::string &value) {
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
            RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            throw PermanentError("kafka property " + name + ": " + error);
        }
    };
    set("bootstrap.servers", bootstrap);
    for (const auto &[name, value] : defaults)
        set(name, value);
    for (const auto &[name, value] : transport.properties)
        set(name, value);
    for (const auto &[name, value] : fixed)
        set(name, value);
    rd_kafka_t *handle =
        rd_kafka_new(type == HandleType::Producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf,
                     error, sizeof error);
    if (!handle) {
        rd_kafka_conf_destroy(conf);
        throw PermanentError(std::string("cannot create Kafka client: ") + error);
    }
    return Handle(handle);
}

} // namespace syncline::kafka
