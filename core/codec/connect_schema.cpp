#include "codec/connect_schema.h"

#include "util/json_value.h"

#include <map>

namespace syncline {

namespace {

std::string postgresType(const JsonValue &field)
{
    static const std::map<std::string, std::string, std::less<>> logical = {
        {"org.apache.kafka.connect.data.Decimal", "numeric"},
        {"io.debezium.data.VariableScaleDecimal", "numeric"},
        {"org.apache.kafka.connect.data.Date", "date"},
        {"io.debezium.time.Date", "date"},
        {"org.apache.kafka.connect.data.Time", "time without time zone"},
        {"io.debezium.time.Time", "time without time zone"},
        {"io.debezium.time.MicroTime", "time without time zone"},
        {"io.debezium.time.NanoTime", "time without time zone"},
        {"io.debezium.time.ZonedTime", "time with time zone"},
        {"org.apache.kafka.connect.data.Timestamp", "timestamp without time zone"},
        {"io.debezium.time.Timestamp", "timestamp without time zone"},
        {"io.debezium.time.MicroTimestamp", "timestamp without time zone"},
        {"io.debezium.time.NanoTimestamp", "timestamp without time zone"},
        {"io.debezium.time.ZonedTimestamp", "timestamp with time zone"},
        {"io.debezium.time.MicroDuration", "interval"},
        {"io.debezium.time.Interval", "interval"},
        {"io.debezium.data.Uuid", "uuid"},
        {"io.debezium.data.Json", "jsonb"},
        {"io.debezium.data.Xml", "xml"},
        {"io.debezium.data.Bits", "bit varying"},
        {"io.debezium.data.Enum", "text"},
    };
    static const std::map<std::string, std::string, std::less<>> primitive = {
        {"int8", "smallint"},   {"int16", "smallint"}, {"int32", "integer"},
        {"int64", "bigint"},    {"float32", "real"},   {"float64", "double precision"},
        {"boolean", "boolean"}, {"string", "text"},    {"bytes", "bytea"},
    };
    if (const JsonValue *name = field.find("name"))
        if (const auto found = logical.find(name->text()); found != logical.end())
            return found->second;
    const JsonValue *type = field.find("type");
    if (type)
        if (const auto found = primitive.find(type->text()); found != primitive.end())
            return found->second;
    return "text"; // arrays, maps, structs: their JSON text
}

} // namespace

std::optional<std::vector<ConnectField>> connectRowFields(std::string_view message)
{
    JsonValue root;
    try {
        root = JsonValue::parse(message);
    } catch (const std::exception &) {
        return std::nullopt;
    }
    const JsonValue *schema = root.isObject() ? root.find("schema") : nullptr;
    const JsonValue *fields = schema && schema->isObject() ? schema->find("fields") : nullptr;
    if (!fields || !fields->isArray())
        return std::nullopt;
    for (const char *image : {"after", "before"})
        for (const auto &part : fields->items()) {
            const JsonValue *name = part.find("field");
            const JsonValue *columns = part.find("fields");
            if (!name || name->text() != image || !columns || !columns->isArray())
                continue;
            std::vector<ConnectField> row;
            for (const auto &column : columns->items()) {
                const JsonValue *field = column.find("field");
                const JsonValue *optional = column.find("optional");
                if (field)
                    row.push_back(
                        {field->text(), postgresType(column), !optional || optional->boolValue()});
            }
            return row;
        }
    return std::nullopt;
}

} // namespace syncline
