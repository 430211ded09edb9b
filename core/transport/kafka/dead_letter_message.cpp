#include "transport/kafka/dead_letter_message.h"

#include "codec/debezium_envelope.h"
#include "transport/kafka/browse_types.h"
#include "util/time_text.h"

namespace syncline::kafka {

namespace {

std::optional<std::string> header(const BrowsedMessage &message, const std::string &name)
{
    for (auto it = message.headers.rbegin(); it != message.headers.rend(); ++it)
        if (it->first == name)
            return it->second;
    return std::nullopt;
}

// "org.apache.kafka.connect.errors.DataException" -> "DataException"; Syncline's own
// "syncline.TargetRejected.check_violation" -> "check_violation".
std::string errorClassOf(const BrowsedMessage &message)
{
    if (auto own = header(message, "syncline.error.class"))
        return *own;
    const std::string name =
        header(message, "__connect.errors.exception.class.name").value_or("unknown");
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

// The table a change is for: from its envelope, else the last two parts of the topic it came
// from (Debezium's <prefix>.<schema>.<table>).
std::string tableOf(const DecodedEnvelope *envelope, const std::string &originTopic)
{
    if (envelope && !envelope->table.empty())
        return (envelope->schema.empty() ? "public" : envelope->schema) + '.' + envelope->table;
    const auto last = originTopic.rfind('.');
    const auto before =
        last == std::string::npos ? std::string::npos : originTopic.rfind('.', last - 1);
    return before == std::string::npos ? originTopic : originTopic.substr(before + 1);
}

} // namespace

std::optional<dlq::DeadLetter> deadLetterOfMessage(const BrowsedMessage &message,
                                                   const std::string &topic,
                                                   const std::string &sink)
{
    const auto originTopic = header(message, "__connect.errors.topic");
    if (!originTopic || !message.value)
        return std::nullopt;
    dlq::DeadLetter letter;
    letter.sink = sink;
    // Syncline's own dead-letter topics carry the change's identity (eventId()); Kafka
    // Connect's name it by where it was read.
    letter.eventId =
        header(message, "syncline.event")
            .value_or(*originTopic + '/' +
                      header(message, "__connect.errors.partition").value_or("?") + '@' +
                      header(message, "__connect.errors.offset")
                          .value_or(topic + ':' + std::to_string(message.offset)));
    letter.key = message.key.value_or("null");
    letter.value = *message.value;
    std::optional<DecodedEnvelope> envelope;
    try {
        envelope = decodeValue(letter.value);
    } catch (const std::exception &) {
        // Kept as it is: an operator may edit it into a valid envelope before replaying.
    }
    letter.table = tableOf(envelope ? &*envelope : nullptr, *originTopic);
    if (envelope) {
        letter.sourceLsn = envelope->lsn.isValid() ? envelope->lsn.toString() : std::string();
        letter.sourceTxid = envelope->txId;
    }
    letter.errorClass = errorClassOf(message);
    letter.message = header(message, "__connect.errors.exception.message").value_or("");
    const std::string at = message.timestampMs >= 0 ? isoUtc(message.timestampMs) : isoUtcNow();
    letter.deadLetteredAt = at;
    letter.firstFailedAt = header(message, "syncline.first_failed_at").value_or(at);
    try {
        letter.attempts = std::stoi(header(message, "syncline.attempts").value_or("0"));
    } catch (const std::exception &) {
        letter.attempts = 0;
    }
    return letter;
}

} // namespace syncline::kafka
