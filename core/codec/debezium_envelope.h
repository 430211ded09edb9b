#pragma once

#include "model/change_event.h"
#include "model/lsn.h"
#include "model/value.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncline {

class JsonValue;
struct TableSchema;

// A change event that cannot be encoded, or a message that is not a Debezium change event.
class CodecError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Debezium's stand-in for a TOASTed value that the server did not send (unchanged on update).
inline constexpr std::string_view DebeziumUnavailableValue = "__debezium_unavailable_value";
inline constexpr std::string_view DebeziumEnvelopeVersion = "syncline-0.1";

// What the envelope's "source" block says about where an event came from.
struct EnvelopeSource
{
    // Debezium's connector type; consumers switch on it, so it says what the payload looks like.
    // "mysql" writes Debezium MySQL's source block (server_id, gtid, file, pos), from `binlog`.
    std::string connector = "postgresql";
    const BinlogCoordinates *binlog = nullptr;
    std::string name; // the pipeline name: Debezium's topic.prefix
    std::string db;
    Lsn lsn;
    std::uint32_t txId = 0;
    std::int64_t commitTimeMicros = 0; // since the Unix epoch
    bool snapshot = false;
    bool lastSnapshotRecord = false; // "last"; implies snapshot
};

// The message key, as Debezium's JsonConverter writes it with schemas.enable=false:
// {"id":42}, the named key columns taken from the after image (the before image for deletes).
// "null" when keyColumns is empty or the event carries no row (truncate).
std::string encodeKey(const ChangeEvent &event, const std::vector<int> &keyColumns);

// The message value: Debezium PostgreSQL connector's envelope (schemas.enable=false), fields in
// Debezium's order. Values are converted by column type: bool → true/false; int2/int4/int8/oid
// and finite float4/float8 → numbers (text as is); NaN/±Infinity, numeric
// (decimal.handling.mode=string) and every other type → PostgreSQL's text form as a string;
// NULL → null; unchanged TOAST → "__debezium_unavailable_value".
// A truncate becomes one message for event.table; Debezium writes one message per truncated
// table, so callers split multi-table truncates.
std::string encodeValue(const ChangeEvent &event, const EnvelopeSource &source,
                        std::int64_t nowMillis);

// The envelope's "before":{...},"after":{...} members (no braces around them), values
// converted as encodeValue() says; null for an image the event lacks, and both for a truncate.
void appendRowImages(std::string &out, const ChangeEvent &event);

using NamedValues = std::vector<std::pair<std::string, Value>>;

struct DecodedEnvelope
{
    Operation op = Operation::Insert;
    std::string schema;
    std::string table;
    std::optional<NamedValues> before;
    std::optional<NamedValues> after;
    Lsn lsn;                     // invalid when the message has none
    std::uint32_t txId = 0;      // the 32-bit xid (a 64-bit txid_current() loses its epoch)
    std::int64_t sourceTsMs = 0; // source.ts_ms: commit time
    std::int64_t tsMs = 0;       // ts_ms: when the connector processed the event (0 if absent)
    bool snapshot = false;       // source.snapshot is anything but "false"
};

// A change event value written by Syncline or by Debezium's PostgreSQL connector, bare payload
// or wrapped as {"schema":...,"payload":...} (schemas.enable=true). Values become text:
// strings as they are ("__debezium_unavailable_value" → unchanged TOAST), numbers as their
// text, true/false → "t"/"f", null → Null, nested objects and arrays → their compact JSON.
// Debezium's own encodings are not undone (timestamps as epoch numbers, bytea as base64 and so
// on stay as written). Throws CodecError on invalid JSON, tombstones and missing or mistyped
// fields.
DecodedEnvelope decodeValue(std::string_view json);

// The payload of {"schema":...,"payload":...} (schemas.enable=true), else `message` itself.
const JsonValue &debeziumPayload(const JsonValue &message);
// A row image's members as values, converted as decodeValue() does.
NamedValues debeziumRow(const JsonValue &object);

// A message key: {"id":42} → {{"id", "42"}}; bare or wrapped like decodeValue(). Throws
// CodecError for anything but an object (a keyless table's key is null).
NamedValues decodeKey(std::string_view json);

// The decoded event on `table`'s columns, matched by name. Columns the envelope leaves out
// become unchanged TOAST in the after image of an update, Null everywhere else. A name that is
// not a column of `table` throws CodecError. The envelope's schema and table names are not
// compared with `table` (consumers may map topics onto differently named tables).
ChangeEvent toChangeEvent(const DecodedEnvelope &envelope,
                          std::shared_ptr<const TableSchema> table);

} // namespace syncline
