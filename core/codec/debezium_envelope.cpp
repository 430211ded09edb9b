#include "codec/debezium_envelope.h"

#include "model/table_schema.h"
#include "model/type_oids.h"
#include "util/json.h"
#include "util/json_value.h"

#include <charconv>
#include <limits>

namespace syncline {

namespace {

void appendValue(std::string &out, const Column &column, const Value &value)
{
    switch (value.kind) {
    case Value::Kind::Null:
        out += "null";
        return;
    case Value::Kind::UnchangedToast:
        appendJsonQuoted(out, DebeziumUnavailableValue);
        return;
    case Value::Kind::Text:
        break;
    }
    switch (column.typeOid) {
    case type_oids::kBool:
        if (value.text == "t" || value.text == "f") {
            out += value.text == "t" ? "true" : "false";
            return;
        }
        break;
    case type_oids::kInt2:
    case type_oids::kInt4:
    case type_oids::kInt8:
    case type_oids::kOid:
    case type_oids::kFloat4:
    case type_oids::kFloat8:
        // NaN and ±Infinity are no JSON numbers: they stay strings, as Jackson writes them.
        if (JsonValue::isNumberText(value.text)) {
            out += value.text;
            return;
        }
        break;
    default: // numeric (decimal.handling.mode=string) and everything else: the text form
        break;
    }
    appendJsonQuoted(out, value.text);
}

void appendRow(std::string &out, const TableSchema &table, const Row &row)
{
    if (row.size() != table.columns.size())
        throw CodecError("row of " + std::to_string(row.size()) + " values for " +
                         table.qualifiedName() + ", which has " +
                         std::to_string(table.columns.size()) + " columns");
    out += '{';
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i)
            out += ',';
        appendJsonQuoted(out, table.columns[i].name);
        out += ':';
        appendValue(out, table.columns[i], row[i]);
    }
    out += '}';
}

std::int64_t floorDiv(std::int64_t value, std::int64_t divisor)
{
    const std::int64_t quotient = value / divisor;
    return (value % divisor < 0) ? quotient - 1 : quotient;
}

// ---- decoding ----

JsonValue parseMessage(std::string_view json)
{
    try {
        return JsonValue::parse(json);
    } catch (const JsonError &error) {
        throw CodecError(std::string("not a Debezium message: ") + error.what());
    }
}

// The payload of {"schema":{...},"payload":...} (schemas.enable=true), else the message itself.
const JsonValue &payloadOf(const JsonValue &message)
{
    if (message.isObject() && message.members().size() == 2) {
        const JsonValue *schema = message.find("schema");
        const JsonValue *payload = message.find("payload");
        if (schema && payload && (schema->isNull() || (schema->isObject() && schema->find("type"))))
            return *payload;
    }
    return message;
}

Value toValue(const JsonValue &json)
{
    switch (json.kind()) {
    case JsonValue::Kind::Null:
        return Value::null();
    case JsonValue::Kind::Bool:
        return Value::fromText(json.boolValue() ? "t" : "f");
    case JsonValue::Kind::Number:
        return Value::fromText(json.text());
    case JsonValue::Kind::String:
        if (json.text() == DebeziumUnavailableValue)
            return Value::unchangedToast();
        return Value::fromText(json.text());
    case JsonValue::Kind::Array:
    case JsonValue::Kind::Object:
        break;
    }
    return Value::fromText(json.toJson());
}

NamedValues toNamedValues(const JsonValue &object)
{
    NamedValues values;
    values.reserve(object.members().size());
    for (const auto &[name, value] : object.members())
        values.emplace_back(name, toValue(value));
    return values;
}

const char *kindName(const JsonValue &json)
{
    switch (json.kind()) {
    case JsonValue::Kind::Null:
        return "null";
    case JsonValue::Kind::Bool:
        return "a boolean";
    case JsonValue::Kind::Number:
        return "a number";
    case JsonValue::Kind::String:
        return "a string";
    case JsonValue::Kind::Array:
        return "an array";
    case JsonValue::Kind::Object:
        return "an object";
    }
    return "?";
}

[[noreturn]] void mistyped(const std::string &field, const char *expected, const JsonValue &json)
{
    throw CodecError("Debezium envelope: \"" + field + "\" is " + kindName(json) + ", expected " +
                     expected);
}

const JsonValue &required(const JsonValue &object, const std::string &prefix, std::string_view name)
{
    const JsonValue *field = object.find(name);
    if (!field)
        throw CodecError("Debezium envelope: \"" + prefix + std::string(name) + "\" is missing");
    return *field;
}

const std::string &requiredString(const JsonValue &object, const std::string &prefix,
                                  std::string_view name)
{
    const JsonValue &field = required(object, prefix, name);
    if (!field.isString())
        mistyped(prefix + std::string(name), "a string", field);
    return field.text();
}

// A non-negative integer field; std::nullopt when absent or null.
std::optional<std::int64_t> optionalInteger(const JsonValue &object, const std::string &prefix,
                                            std::string_view name)
{
    const JsonValue *field = object.find(name);
    if (!field || field->isNull())
        return std::nullopt;
    const std::string path = prefix + std::string(name);
    if (!field->isNumber())
        mistyped(path, "an integer", *field);
    const std::string &text = field->text();
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        throw CodecError("Debezium envelope: \"" + path + "\" is " + text +
                         ", expected an integer that fits 64 bits");
    return value;
}

std::optional<NamedValues> optionalRow(const JsonValue &payload, std::string_view name)
{
    const JsonValue *field = payload.find(name);
    if (!field || field->isNull())
        return std::nullopt;
    if (!field->isObject())
        mistyped(std::string(name), "an object or null", *field);
    return toNamedValues(*field);
}

Operation parseOp(const std::string &op)
{
    if (op.size() == 1) {
        switch (op[0]) {
        case 'c':
            return Operation::Insert;
        case 'u':
            return Operation::Update;
        case 'd':
            return Operation::Delete;
        case 'r':
            return Operation::Read;
        case 't':
            return Operation::Truncate;
        default:
            break;
        }
    }
    throw CodecError("Debezium envelope: unknown \"op\" \"" + op + "\" (expected c, u, d, r or t)");
}

// Debezium PostgreSQL's: the database, schema and table, the transaction and its LSN.
void appendWalSource(std::string &out, const TableSchema &table, const EnvelopeSource &source)
{
    out += ",\"db\":";
    appendJsonQuoted(out, source.db);
    out += ",\"sequence\":null,\"schema\":";
    appendJsonQuoted(out, table.schema);
    out += ",\"table\":";
    appendJsonQuoted(out, table.name);
    out += ",\"txId\":" + std::to_string(source.txId);
    out += ",\"lsn\":" + std::to_string(source.lsn.value());
    out += ",\"xmin\":null";
}

// Debezium MySQL's: the database (the table's schema here) and table, and where the
// transaction begins in the binary log.
void appendBinlogSource(std::string &out, const TableSchema &table, const EnvelopeSource &source)
{
    static const BinlogCoordinates none;
    const BinlogCoordinates &binlog = source.binlog ? *source.binlog : none;
    out += ",\"db\":";
    appendJsonQuoted(out, table.schema);
    out += ",\"sequence\":null,\"table\":";
    appendJsonQuoted(out, table.name);
    out += ",\"server_id\":" + std::to_string(binlog.serverId);
    out += ",\"gtid\":";
    if (binlog.gtid.empty())
        out += "null";
    else
        appendJsonQuoted(out, binlog.gtid);
    out += ",\"file\":";
    appendJsonQuoted(out, binlog.file);
    out += ",\"pos\":" + std::to_string(binlog.position);
    out += ",\"row\":0,\"thread\":null,\"query\":null";
}

void appendOptionalRow(std::string &out, const TableSchema &table, const std::optional<Row> &row)
{
    if (row)
        appendRow(out, table, *row);
    else
        out += "null";
}

} // namespace

void appendRowImages(std::string &out, const ChangeEvent &event)
{
    const bool truncate = event.op == Operation::Truncate;
    const std::optional<Row> none;
    out += "\"before\":";
    appendOptionalRow(out, *event.table, truncate ? none : event.before);
    out += ",\"after\":";
    appendOptionalRow(out, *event.table, truncate ? none : event.after);
}

std::string encodeKey(const ChangeEvent &event, const std::vector<int> &keyColumns)
{
    const std::optional<Row> &preferred =
        event.op == Operation::Delete ? event.before : event.after;
    const std::optional<Row> &other = event.op == Operation::Delete ? event.after : event.before;
    const Row *row = preferred ? &*preferred : (other ? &*other : nullptr);
    if (keyColumns.empty() || !row)
        return "null";
    if (!event.table)
        throw CodecError("change event without a table");
    const TableSchema &table = *event.table;
    std::string out = "{";
    for (int index : keyColumns) {
        if (index < 0 || index >= int(table.columns.size()) || index >= int(row->size()))
            throw CodecError("key column index " + std::to_string(index) + " is out of range for " +
                             table.qualifiedName());
        if (out.size() > 1)
            out += ',';
        appendJsonQuoted(out, table.columns[index].name);
        out += ':';
        appendValue(out, table.columns[index], (*row)[index]);
    }
    return out + '}';
}

std::string encodeValue(const ChangeEvent &event, const EnvelopeSource &source,
                        std::int64_t nowMillis)
{
    if (!event.table)
        throw CodecError("change event without a table");
    const TableSchema &table = *event.table;
    std::string out;
    out.reserve(512);
    out += '{';
    appendRowImages(out, event);
    out += ",\"source\":{\"version\":";
    appendJsonQuoted(out, DebeziumEnvelopeVersion);
    out += ",\"connector\":";
    appendJsonQuoted(out, source.connector);
    out += ",\"name\":";
    appendJsonQuoted(out, source.name);
    out += ",\"ts_ms\":" + std::to_string(floorDiv(source.commitTimeMicros, 1000));
    out += ",\"snapshot\":";
    out += source.lastSnapshotRecord ? "\"last\"" : (source.snapshot ? "\"true\"" : "\"false\"");
    if (source.connector == "mysql")
        appendBinlogSource(out, table, source);
    else
        appendWalSource(out, table, source);
    out += "},\"op\":\"";
    out += char(event.op);
    out += "\",\"ts_ms\":" + std::to_string(nowMillis);
    out += ",\"transaction\":null}";
    return out;
}

const JsonValue &debeziumPayload(const JsonValue &message)
{
    return payloadOf(message);
}

NamedValues debeziumRow(const JsonValue &object)
{
    return toNamedValues(object);
}

DecodedEnvelope decodeValue(std::string_view json)
{
    const JsonValue message = parseMessage(json);
    const JsonValue &payload = payloadOf(message);
    if (payload.isNull())
        throw CodecError("Debezium envelope: a tombstone (null value), not a change event");
    if (!payload.isObject())
        mistyped("payload", "an object", payload);

    DecodedEnvelope envelope;
    const JsonValue &op = required(payload, {}, "op");
    if (!op.isString())
        mistyped("op", "a string", op);
    envelope.op = parseOp(op.text());

    const JsonValue &source = required(payload, {}, "source");
    if (!source.isObject())
        mistyped("source", "an object", source);
    // Debezium MySQL names the database, which is the table's schema on PostgreSQL targets.
    const JsonValue *connector = source.find("connector");
    const bool mysql = connector && connector->isString() && connector->text() == "mysql";
    envelope.schema = requiredString(source, "source.", mysql ? "db" : "schema");
    envelope.table = requiredString(source, "source.", "table");
    const auto sourceTs = optionalInteger(source, "source.", "ts_ms");
    if (!sourceTs)
        throw CodecError("Debezium envelope: \"source.ts_ms\" is missing");
    envelope.sourceTsMs = *sourceTs;
    if (const auto lsn = optionalInteger(source, "source.", "lsn")) {
        if (*lsn < 0)
            throw CodecError("Debezium envelope: \"source.lsn\" is negative");
        envelope.lsn = Lsn(std::uint64_t(*lsn));
    }
    if (const auto txId = optionalInteger(source, "source.", "txId")) {
        if (*txId < 0)
            throw CodecError("Debezium envelope: \"source.txId\" is negative");
        envelope.txId = std::uint32_t(std::uint64_t(*txId) & 0xffffffffu);
    }
    if (const JsonValue *snapshot = source.find("snapshot")) {
        if (snapshot->isString())
            envelope.snapshot = !snapshot->text().empty() && snapshot->text() != "false";
        else if (snapshot->isBool()) // Debezium before 1.0
            envelope.snapshot = snapshot->boolValue();
        else if (!snapshot->isNull())
            mistyped("source.snapshot", "a string", *snapshot);
    }
    envelope.tsMs = optionalInteger(payload, {}, "ts_ms").value_or(0);

    envelope.before = optionalRow(payload, "before");
    envelope.after = optionalRow(payload, "after");
    switch (envelope.op) {
    case Operation::Insert:
    case Operation::Read:
    case Operation::Update:
        if (!envelope.after)
            throw CodecError(std::string("Debezium envelope: op \"") + char(envelope.op) +
                             "\" without an \"after\" object");
        break;
    case Operation::Delete:
        if (!envelope.before)
            throw CodecError("Debezium envelope: op \"d\" without a \"before\" object");
        break;
    case Operation::Truncate:
        break;
    }
    return envelope;
}

NamedValues decodeKey(std::string_view json)
{
    const JsonValue message = parseMessage(json);
    const JsonValue &payload = payloadOf(message);
    if (!payload.isObject())
        mistyped("key", "an object", payload);
    return toNamedValues(payload);
}

ChangeEvent toChangeEvent(const DecodedEnvelope &envelope, std::shared_ptr<const TableSchema> table)
{
    if (!table)
        throw CodecError("toChangeEvent() without a table");
    const auto &columns = table->columns;
    const auto toRow = [&](const NamedValues &values, Value missing, const char *image) {
        Row row(columns.size(), missing);
        std::vector<bool> seen(columns.size(), false);
        std::size_t next = 0; // envelopes usually list the columns in table order
        for (const auto &[name, value] : values) {
            std::size_t index =
                next < columns.size() && columns[next].name == name ? next : columns.size();
            for (std::size_t i = 0; index == columns.size() && i < columns.size(); ++i)
                if (columns[i].name == name)
                    index = i;
            if (index == columns.size())
                throw CodecError(std::string("the ") + image + " image names column \"" + name +
                                 "\", which " + table->qualifiedName() + " does not have");
            if (seen[index])
                throw CodecError(std::string("the ") + image + " image names column \"" + name +
                                 "\" twice");
            seen[index] = true;
            row[index] = value;
            next = index + 1;
        }
        return row;
    };

    ChangeEvent event;
    event.op = envelope.op;
    event.table = table;
    if (envelope.op == Operation::Truncate) {
        event.truncatedTables.push_back(table);
        return event;
    }
    if (envelope.before)
        event.before = toRow(*envelope.before, Value::null(), "before");
    event.beforeIsKeyOnly = table->replicaIdentity != 'f';
    if (envelope.after)
        event.after = toRow(
            *envelope.after,
            envelope.op == Operation::Update ? Value::unchangedToast() : Value::null(), "after");
    return event;
}

} // namespace syncline
