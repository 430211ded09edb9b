#include "connector/registry_parts.h"

namespace syncline {

ConnectorSpec httpSinkSpec()
{
    return {.kind = ConnectorKind::Sink,
            .type = "http",
            .doc =
                "POSTs batches of changes as JSON to a webhook, signed with HMAC-SHA-256, at least "
                "once: receivers dedupe on each event's idempotency key.",
            .properties = {
                sinkNameProperty(),
                typeProperty("http", true),
                {.name = "url",
                 .type = PropertyType::String,
                 .doc = "Where batches are POSTed: http:// or https://.",
                 .required = true,
                 .pattern = "https?://.+"},
                {.name = "headers",
                 .type = PropertyType::StringMap,
                 .doc = "Headers sent with every request (for example Authorization: Bearer "
                        "${WEBHOOK_TOKEN}); values may be ${ENV} or file:<path>. Names are "
                        "HTTP tokens, values (as expanded) hold no line break or control "
                        "character, and the headers the sink sets or that frame the request "
                        "(Content-Type, Content-Length, Host, Idempotency-Key, "
                        "Syncline-Signature, ...) are refused.",
                 .secret = true},
                {.name = "format",
                 .type = PropertyType::Enum,
                 .defaultText = "compact",
                 .doc = "compact: {op, table, key, before, after, position} per change; debezium: "
                        "the Debezium envelope the kafka transport writes, with key and position "
                        "beside it.",
                 .allowedValues = {"compact", "debezium"}},
                {.name = "batch_size",
                 .type = PropertyType::Int,
                 .defaultText = "500",
                 .doc = "Most changes in one request.",
                 .minimum = 1},
                {.name = "secret",
                 .type = PropertyType::String,
                 .doc = "The signing key of the Syncline-Signature header, as ${ENV} or "
                        "file:<path>, never written in the file itself; without it requests are "
                        "not signed.",
                 .secret = true},
                {.name = "max_in_flight",
                 .type = PropertyType::Int,
                 .defaultText = "4",
                 .doc = "Requests in flight at once, each on a connection of its own; all the "
                        "changes of one key go to the same connection, so a key never has two "
                        "requests in flight and its changes arrive in commit order.",
                 .minimum = 1},
                {.name = "connect_timeout_s",
                 .type = PropertyType::Int,
                 .defaultText = "10",
                 .doc = "Seconds to wait for the connection.",
                 .minimum = 1},
                {.name = "timeout_s",
                 .type = PropertyType::Int,
                 .defaultText = "30",
                 .doc = "Seconds a request may take in all; a timeout is retried like a 5xx.",
                 .minimum = 1},
                onError(),
                maxRetries(),
                consumerGroup(),
            }};
}

} // namespace syncline
