#pragma once

#include "transport/kafka/topic_names.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace syncline {
struct DecodedEnvelope;
struct TableSchema;
} // namespace syncline

namespace syncline::kafka {

// The source's shape of each partition's table, as its messages announced it. A Syncline
// source puts the shape in the header syncline.columns of the first message of each new shape
// in each partition; a Debezium topic announces nothing, but a message that carries its Connect
// schema (schemas.enable=true) shows fields the shape lacks, and those join it. Before any
// announcement, a partition's shape is its target table's.
class AnnouncedShapes
{
public:
    // The target table's shape, the one before any announcement.
    using TargetShape = std::function<std::shared_ptr<const TableSchema>(const std::string &schema,
                                                                         const std::string &table)>;

    AnnouncedShapes(std::string sinkName, TargetShape targetShape);

    // The shape `message` of `partition` is written in; `table` is the target table (schema,
    // name) its topic maps onto. It stays the partition's shape until a message announces
    // another.
    std::shared_ptr<const TableSchema> shapeOf(const rd_kafka_message_t &message,
                                               const TopicPartition &partition,
                                               const std::pair<std::string, std::string> &table,
                                               const DecodedEnvelope &envelope);

private:
    std::string m_sinkName;
    TargetShape m_targetShape;
    std::map<TopicPartition, std::shared_ptr<const TableSchema>> m_announced;
};

} // namespace syncline::kafka
