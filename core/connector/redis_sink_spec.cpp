#include "connector/registry_parts.h"

namespace syncline {

ConnectorSpec redisSinkSpec()
{
    return {
        .kind = ConnectorKind::Sink,
        .type = "redis",
        .doc = "Keeps a Redis cache of the rows, invalidates keys, or appends the changes to "
               "streams, exactly once in effect: each batch is one Lua script call that applies "
               "only changes newer than the position stored beside each key, and records the "
               "sink's position (with the kafka transport, the consumer group's offsets).",
        .properties = {
            sinkNameProperty(),
            typeProperty("redis", true),
            {.name = "url",
             .type = PropertyType::String,
             .doc = "redis://[user:password@]host:port/db, or rediss:// for TLS; the password "
                    "as ${ENV} or file:<path>.",
             .required = true,
             .secret = true,
             .pattern = "rediss?://.+"},
            {.name = "mode",
             .type = PropertyType::Enum,
             .defaultText = "materialize",
             .doc = "materialize: each row under its key (deletes remove it, truncates remove "
                    "the table's keys); invalidate: every change deletes its row's key; stream: "
                    "every change is XADDed to a stream per table.",
             .allowedValues = {"materialize", "invalidate", "stream"}},
            {.name = "key",
             .type = PropertyType::String,
             .defaultText = "{table}:{key}; stream: {schema}.{table}",
             .doc = "Key template: {schema}, {table}, {key} (the key columns' values joined by "
                    ":) and {<key column>}; in a key of several values, \\ and the separators "
                    "in each value are escaped with \\. Without {schema}, two tables of one "
                    "name are refused. In stream mode it names the stream and may use only "
                    "{schema} and {table}.",
             .computedDefault = true},
            {.name = "encoding",
             .type = PropertyType::Enum,
             .defaultText = "hash",
             .doc = "materialize: a row as a hash of its non-NULL columns, or as a JSON object "
                    "string (NULL as null).",
             .allowedValues = {"hash", "json"}},
            {.name = "ttl",
             .type = PropertyType::Duration,
             .doc = "materialize: keys expire this long after their last write (30m, 1d); "
                    "default: never.",
             .minimum = 1},
            {.name = "table_ttl",
             .type = PropertyType::StringMap,
             .doc = "materialize: a TTL per table instead of ttl, by table (schema.table, or "
                    "table for schema public) as the sink receives it: a duration, or never "
                    "(public.sessions: 30m, audit: never). Each must be one of the pipeline's "
                    "tables; other tables keep ttl."},
            {.name = "stream_maxlen",
             .type = PropertyType::Int,
             .defaultText = "100000",
             .doc = "stream: entries kept per stream, about (XADD MAXLEN ~).",
             .minimum = 1},
            {.name = "batch_max_changes",
             .type = PropertyType::Int,
             .defaultText = "5000",
             .doc = "Most source changes applied by one script call.",
             .minimum = 1},
            {.name = "tls_verify",
             .type = PropertyType::Enum,
             .defaultText = "full",
             .doc = "rediss://: full checks the server's certificate chain and that it names "
                    "the url's host; chain checks the chain only; none checks nothing (the "
                    "traffic is encrypted, but anyone in between can pose as the server).",
             .allowedValues = {"full", "chain", "none"}},
            {.name = "tls_ca_file",
             .type = PropertyType::String,
             .defaultText = "the system's trust store",
             .doc = "rediss://: the PEM file of the authorities that sign the server's "
                    "certificate (Redis's tls-ca-cert-file); relative to the pipeline file.",
             .computedDefault = true},
            {.name = "tls_cert_file",
             .type = PropertyType::String,
             .doc = "rediss://: the client certificate (PEM, with its chain), for servers with "
                    "tls-auth-clients yes, Redis's default; relative to the pipeline file."},
            {.name = "tls_key_file",
             .type = PropertyType::String,
             .doc = "rediss://: the client certificate's private key (PEM, unencrypted); "
                    "relative to the pipeline file."},
            onError(),
            maxRetries(),
            consumerGroup(),
        }};
}

} // namespace syncline
