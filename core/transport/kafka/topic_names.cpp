#include "transport/kafka/topic_names.h"

namespace syncline::kafka {

std::string tableTopic(const std::string &prefix, const std::string &schema,
                       const std::string &table)
{
    return prefix + '.' + schema + '.' + table;
}

std::string tableTopic(const std::string &prefix, const std::string &qualifiedTable)
{
    return prefix + '.' + qualifiedTable;
}

std::optional<std::pair<std::string, std::string>> tableOfTopic(const std::string &prefix,
                                                                const std::string &topic)
{
    if (topic.size() <= prefix.size() + 1 || topic.compare(0, prefix.size(), prefix) != 0 ||
        topic[prefix.size()] != '.')
        return std::nullopt;
    const std::string rest = topic.substr(prefix.size() + 1);
    const auto dot = rest.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size() ||
        rest.find('.', dot + 1) != std::string::npos)
        return std::nullopt;
    return std::pair{rest.substr(0, dot), rest.substr(dot + 1)};
}

} // namespace syncline::kafka
