#include "transport/kafka/announced_shapes.h"

#include "codec/connect_schema.h"
#include "codec/debezium_envelope.h"
#include "codec/table_schema_json.h"
#include "transport/kafka/message_position.h"
#include "util/errors.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>

namespace syncline::kafka {

namespace {

// The first field of the envelope's row images that `table` has no column for.
std::optional<std::string> firstUnknownField(const DecodedEnvelope &envelope,
                                             const TableSchema &table)
{
    for (const auto *image : {&envelope.after, &envelope.before}) {
        if (!*image)
            continue;
        for (const auto &[name, value] : **image)
            if (std::none_of(table.columns.begin(), table.columns.end(),
                             [&](const Column &c) { return c.name == name; }))
                return name;
    }
    return std::nullopt;
}

} // namespace

AnnouncedShapes::AnnouncedShapes(std::string sinkName, TargetShape targetShape)
    : m_sinkName(std::move(sinkName)), m_targetShape(std::move(targetShape))
{}

std::shared_ptr<const TableSchema>
AnnouncedShapes::shapeOf(const rd_kafka_message_t &message, const TopicPartition &partition,
                         const std::pair<std::string, std::string> &table,
                         const DecodedEnvelope &envelope)
{
    // A new shape announced in band: the sink's target follows it from this message on.
    if (const auto columns = messageHeader(message, "syncline.columns")) {
        try {
            auto announced = std::make_shared<TableSchema>(decodeTableSchema(*columns));
            announced->schema = table.first; // topics may map onto differently named tables
            announced->name = table.second;
            m_announced[partition] = std::move(announced);
        } catch (const CodecError &error) {
            throw PermanentError("sink " + m_sinkName + ": message " + partition.first + '[' +
                                 std::to_string(partition.second) + "]@" +
                                 std::to_string(message.offset) +
                                 " announces a table shape that cannot be read: " + error.what());
        }
    }
    const auto announced = m_announced.find(partition);
    auto schema = announced != m_announced.end() ? announced->second
                                                 : m_targetShape(table.first, table.second);
    // A Debezium topic: a field the shape lacks, in a message that carries its Connect schema
    // (schemas.enable=true). The new fields join the shape; the target follows.
    if (firstUnknownField(envelope, *schema)) {
        if (const auto fields = connectRowFields(
                std::string_view(static_cast<const char *>(message.payload), message.len))) {
            auto followed = std::make_shared<TableSchema>(*schema);
            for (const auto &field : *fields)
                if (std::none_of(followed->columns.begin(), followed->columns.end(),
                                 [&](const Column &c) { return c.name == field.name; })) {
                    Column column;
                    column.name = field.name;
                    column.sqlType = field.sqlType;
                    followed->columns.push_back(std::move(column));
                }
            m_announced[partition] = followed;
            schema = std::move(followed);
        }
    }
    return schema;
}

} // namespace syncline::kafka
