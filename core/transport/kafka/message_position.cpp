#include "transport/kafka/message_position.h"

#include <librdkafka/rdkafka.h>

namespace syncline::kafka {

std::optional<MessagePosition> MessagePosition::parse(std::string_view text)
{
    const auto hash = text.find('#');
    if (hash == std::string_view::npos || hash + 1 == text.size())
        return std::nullopt;
    const auto lsn = Lsn::parse(text.substr(0, hash));
    if (!lsn)
        return std::nullopt;
    std::uint64_t index = 0;
    for (char c : text.substr(hash + 1)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        index = index * 10 + std::uint64_t(c - '0');
    }
    return MessagePosition{lsn->value(), index};
}

std::string MessagePosition::toString() const
{
    return Lsn(lsn).toString() + '#' + std::to_string(index);
}

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
