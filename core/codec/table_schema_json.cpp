#include "codec/table_schema_json.h"

#include "codec/debezium_envelope.h"
#include "util/json.h"
#include "util/json_value.h"

#include <charconv>

namespace syncline {

namespace {

const JsonValue &member(const JsonValue &object, std::string_view name)
{
    const JsonValue *value = object.find(name);
    if (!value)
        throw CodecError("table schema without \"" + std::string(name) + '"');
    return *value;
}

long long integer(const JsonValue &object, std::string_view name)
{
    const std::string &text = member(object, name).text();
    long long value = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
    if (parsed.ec != std::errc())
        throw CodecError("table schema: \"" + std::string(name) + "\" is not an integer");
    return value;
}

std::string text(const JsonValue &object, std::string_view name)
{
    const JsonValue *value = object.find(name);
    return value ? value->text() : std::string();
}

bool flag(const JsonValue &object, std::string_view name)
{
    const JsonValue *value = object.find(name);
    return value && value->boolValue();
}

} // namespace

std::string encodeTableSchema(const TableSchema &table, Lsn lsn, std::int64_t tsMillis)
{
    std::string columns;
    for (const auto &column : table.columns)
        columns += std::string(columns.empty() ? "" : ",") +
                   "{\"name\":" + jsonQuoted(column.name) +
                   ",\"type_oid\":" + std::to_string(column.typeOid) +
                   ",\"type_modifier\":" + std::to_string(column.typeModifier) +
                   ",\"key\":" + (column.isKey ? "true" : "false") +
                   ",\"sql_type\":" + jsonQuoted(column.sqlType) +
                   ",\"not_null\":" + (column.notNull ? "true" : "false") +
                   ",\"has_default\":" + (column.hasDefault ? "true" : "false") +
                   ",\"attnum\":" + std::to_string(column.number) + ",\"existing_rows_value\":" +
                   (column.existingRowsValue ? jsonQuoted(*column.existingRowsValue) : "null") +
                   ",\"renamed_from\":" + jsonQuoted(column.renamedFrom) +
                   ",\"previous_sql_type\":" + jsonQuoted(column.previousSqlType) + '}';
    return "{\"schema\":" + jsonQuoted(table.schema) + ",\"table\":" + jsonQuoted(table.name) +
           ",\"replica_identity\":" + jsonQuoted(std::string(1, table.replicaIdentity)) +
           ",\"lsn\":" + jsonQuoted(lsn.toString()) + ",\"ts_ms\":" + std::to_string(tsMillis) +
           ",\"columns\":[" + columns + "]}";
}

TableSchema decodeTableSchema(std::string_view json)
{
    JsonValue root;
    try {
        root = JsonValue::parse(json);
    } catch (const std::exception &error) {
        throw CodecError(std::string("table schema: ") + error.what());
    }
    TableSchema table;
    table.schema = member(root, "schema").text();
    table.name = member(root, "table").text();
    const std::string identity = text(root, "replica_identity");
    table.replicaIdentity = identity.empty() ? 'd' : identity.front();
    for (const auto &item : member(root, "columns").items()) {
        Column column;
        column.name = member(item, "name").text();
        column.typeOid = std::uint32_t(integer(item, "type_oid"));
        column.typeModifier = std::int32_t(integer(item, "type_modifier"));
        column.isKey = flag(item, "key");
        column.sqlType = text(item, "sql_type");
        column.notNull = flag(item, "not_null");
        column.hasDefault = flag(item, "has_default");
        column.number = item.find("attnum") ? int(integer(item, "attnum")) : 0;
        if (const JsonValue *value = item.find("existing_rows_value"); value && !value->isNull())
            column.existingRowsValue = value->text();
        column.renamedFrom = text(item, "renamed_from");
        column.previousSqlType = text(item, "previous_sql_type");
        table.columns.push_back(std::move(column));
    }
    return table;
}

} // namespace syncline
