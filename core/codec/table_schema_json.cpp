#include "codec/table_schema_json.h"

#include "codec/debezium_envelope.h"
#include "util/json.h"
#include "util/json_value.h"

#include <charconv>
#include <map>

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

// java.sql.Types and PostgreSQL's own type name, as Debezium's PostgreSQL connector reports them.
struct JdbcType
{
    int code;
    const char *name;
};

JdbcType jdbcTypeOf(std::uint32_t oid)
{
    static const std::map<std::uint32_t, JdbcType> types = {
        {16, {-7, "bool"}},       {17, {-2, "bytea"}},       {20, {-5, "int8"}},
        {21, {5, "int2"}},        {23, {4, "int4"}},         {25, {12, "text"}},
        {114, {1111, "json"}},    {700, {7, "float4"}},      {701, {8, "float8"}},
        {1042, {1, "bpchar"}},    {1043, {12, "varchar"}},   {1082, {91, "date"}},
        {1083, {92, "time"}},     {1114, {93, "timestamp"}}, {1184, {2014, "timestamptz"}},
        {1266, {2013, "timetz"}}, {1700, {2, "numeric"}},    {2950, {1111, "uuid"}},
        {3802, {1111, "jsonb"}},
    };
    const auto found = types.find(oid);
    return found == types.end() ? JdbcType{1111, nullptr} : found->second;
}

// "numeric(12,2)" → {12, 2}; "character varying(20)" → {20, null}; no modifiers → nulls.
std::pair<std::string, std::string> lengthAndScale(const std::string &sqlType)
{
    const auto open = sqlType.find('(');
    const auto close = sqlType.find(')', open);
    if (open == std::string::npos || close == std::string::npos)
        return {"null", "null"};
    const std::string inside = sqlType.substr(open + 1, close - open - 1);
    const auto comma = inside.find(',');
    return {inside.substr(0, comma),
            comma == std::string::npos ? "null" : inside.substr(comma + 1)};
}

std::string tableChangesJson(const TableSchema &table, const char *change)
{
    std::string keys;
    std::string columns;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const Column &column = table.columns[i];
        if (column.isKey)
            keys += std::string(keys.empty() ? "" : ",") + jsonQuoted(column.name);
        const JdbcType type = jdbcTypeOf(column.typeOid);
        const std::string base = column.sqlType.substr(0, column.sqlType.find('('));
        const auto [length, scale] = lengthAndScale(column.sqlType);
        columns += std::string(columns.empty() ? "" : ",") +
                   "{\"name\":" + jsonQuoted(column.name) +
                   ",\"jdbcType\":" + std::to_string(type.code) +
                   ",\"nativeType\":" + std::to_string(column.typeOid) +
                   ",\"typeName\":" + jsonQuoted(type.name ? type.name : base) +
                   ",\"typeExpression\":" + jsonQuoted(column.sqlType) +
                   ",\"charsetName\":null,\"length\":" + length + ",\"scale\":" + scale +
                   ",\"position\":" + std::to_string(i + 1) +
                   ",\"optional\":" + (column.notNull ? "false" : "true") +
                   ",\"autoIncremented\":false,\"generated\":false,\"comment\":null"
                   ",\"hasDefaultValue\":" +
                   (column.hasDefault ? "true" : "false") + ",\"enumValues\":null}";
    }
    return ",\"schemaName\":" + jsonQuoted(table.schema) +
           ",\"ddl\":" + (table.ddl.empty() ? std::string("null") : jsonQuoted(table.ddl)) +
           ",\"tableChanges\":[{\"type\":" + jsonQuoted(change) +
           ",\"id\":" + jsonQuoted('"' + table.schema + "\".\"" + table.name + '"') +
           ",\"table\":{\"defaultCharsetName\":null,\"primaryKeyColumnNames\":[" + keys +
           "],\"columns\":[" + columns + "],\"comment\":null},\"comment\":null}]";
}

} // namespace

std::string encodeTableSchema(const TableSchema &table, Lsn lsn, std::int64_t tsMillis,
                              const char *change)
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
           ",\"columns\":[" + columns + "]" + (change ? tableChangesJson(table, change) : "") + '}';
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
