#include "transport/kafka/message_position.h"

#include <librdkafka/rdkafka.h>

namespace syncline::kafka {

MessagePosition snapshotPosition(Lsn consistentPoint, std::uint64_t index)
{
    return {consistentPoint.value() - 1, index};
}

std::optional<std::string> messageHeader(const rd_kafka_message_t &message, const char *name)
{
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(&message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return std::nullopt;
    const void *value = nullptr;
    size_t size = 0;
    if (rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        !value)
        return std::nullopt;
    return std::string(static_cast<const char *>(value), size);
}

} // namespace syncline::kafka
