#pragma once

#include "model/change_event.h"

#include <cstdint>
#include <string>

namespace syncline {

enum class WebhookFormat
{
    Compact,  // {"op","table","key","before","after","position"}
    Debezium, // {"position","key","value"}: value is the kafka transport's envelope
};

// One change as the http sink's requests carry it: a JSON object whose "position" is the
// change's identity (eventId()), the same each time it is sent, on which receivers dedupe.
// Values are converted as the Debezium envelope converts them (codec/debezium_envelope.h);
// `database` is its source.db for a PostgreSQL change (a MySQL change names its table's).
std::string encodeWebhookEvent(WebhookFormat format, const TransactionChunk &chunk, int index,
                               const std::string &pipeline, const std::string &database,
                               std::int64_t nowMillis);
// The same for a change replayed from a dead letter: `position` is the identity it was
// dead-lettered with; the debezium format's source block names no commit position.
std::string encodeWebhookReplay(WebhookFormat format, const ChangeEvent &event,
                                const std::string &position, const std::string &pipeline,
                                const std::string &database, std::int64_t nowMillis);

} // namespace syncline
