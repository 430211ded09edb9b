#include "transport/kafka/message_json.h"

#include "util/json.h"
#include "util/json_value.h"

namespace syncline::kafka {

namespace {

void appendPayload(std::string &out, const std::optional<std::string> &bytes)
{
    if (!bytes) {
        out += "null";
        return;
    }
    try {
        JsonValue::parse(*bytes).appendJson(out);
    } catch (const JsonError &) {
        appendJsonQuoted(out, *bytes);
    }
}

} // namespace

std::string messageToJsonLine(const std::string &topic, const BrowsedMessage &message)
{
    std::string out = "{\"topic\":";
    appendJsonQuoted(out, topic);
    out += ",\"partition\":" + std::to_string(message.partition);
    out += ",\"offset\":" + std::to_string(message.offset);
    out += ",\"timestamp\":" +
           (message.timestampMs < 0 ? std::string("null") : std::to_string(message.timestampMs));
    out += ",\"key\":";
    appendPayload(out, message.key);
    out += ",\"value\":";
    appendPayload(out, message.value);
    out += ",\"headers\":[";
    for (std::size_t i = 0; i < message.headers.size(); ++i) {
        out += i ? ",{\"name\":" : "{\"name\":";
        appendJsonQuoted(out, message.headers[i].first);
        out += ",\"value\":";
        appendJsonQuoted(out, message.headers[i].second);
        out += '}';
    }
    return out + "]}";
}

std::string prettyJson(const std::string &value)
{
    try {
        return JsonValue::parse(value).toJson(true);
    } catch (const JsonError &) {
        return {};
    }
}

} // namespace syncline::kafka
