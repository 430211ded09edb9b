#pragma once

#include <optional>
#include <string>
#include <utility>

namespace syncline::kafka {

using TopicPartition = std::pair<std::string, int>;

// Debezium's naming: <prefix>.<schema>.<table>.
std::string tableTopic(const std::string &prefix, const std::string &schema,
                       const std::string &table);
// "public.orders" -> "<prefix>.public.orders"
std::string tableTopic(const std::string &prefix, const std::string &qualifiedTable);
// The (schema, table) a topic of this prefix is for, if it is a table topic.
std::optional<std::pair<std::string, std::string>> tableOfTopic(const std::string &prefix,
                                                                const std::string &topic);

} // namespace syncline::kafka
