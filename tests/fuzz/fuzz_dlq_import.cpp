// libFuzzer target: messages of a dead-letter topic, as `syncline dlq import` turns them into
// dead letters. The input is the message's fields separated by NUL bytes: the key, the value,
// the timestamp in milliseconds (decimal), then header names and values, alternately. A key or
// value that is the single byte 0xff is absent (a null key, a tombstone).

#include "transport/kafka/browse_types.h"
#include "transport/kafka/dead_letter_message.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace syncline;

namespace {

std::vector<std::string_view> fieldsOf(std::string_view input)
{
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const std::size_t end = input.find('\0', start);
        fields.push_back(input.substr(start, end == input.npos ? input.npos : end - start));
        if (end == input.npos)
            return fields;
        start = end + 1;
    }
}

std::optional<std::string> optionalBytes(std::string_view field)
{
    if (field == "\xff")
        return std::nullopt;
    return std::string(field);
}

kafka::BrowsedMessage messageOf(std::string_view input)
{
    const auto fields = fieldsOf(input);
    const auto field = [&](std::size_t i) { return i < fields.size() ? fields[i] : "\xff"; };
    kafka::BrowsedMessage message;
    message.offset = 7;
    message.key = optionalBytes(field(0));
    message.value = optionalBytes(field(1));
    const std::string_view timestamp = field(2);
    std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), message.timestampMs);
    for (std::size_t i = 3; i + 1 < fields.size(); i += 2)
        message.headers.emplace_back(fields[i], fields[i + 1]);
    return message;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    kafka::deadLetterOfMessage(messageOf(input), "shop.dlq.warehouse", "warehouse");
    return 0;
}
