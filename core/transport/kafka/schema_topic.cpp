#include "transport/kafka/schema_topic.h"

#include "codec/debezium_envelope.h"
#include "codec/table_schema_json.h"
#include "transport/kafka/topic_reader.h"
#include "util/errors.h"

namespace syncline::kafka {

std::map<std::string, TableSchema> readSchemaTopic(const BrowseConnection &connection,
                                                   const std::string &topic,
                                                   BrowseDeadline deadline)
{
    const auto unreadable = [&topic](const std::string &why) {
        return TransientError("cannot read the schema history topic " + topic + ": " + why);
    };
    TopicReader reader(connection);
    const auto opened = reader.open(topic, {}, {}, deadline);
    if (opened.outcome != BrowseOutcome::Done)
        throw unreadable(opened.error.empty() ? "no answer from the brokers" : opened.error);
    std::map<std::string, TableSchema> newest;
    for (;;) {
        const MessagePage page = reader.nextPage(1000, deadline);
        // One table's shapes share a key, hence a partition: they come in the order written.
        for (const auto &message : page.messages) {
            if (!message.value)
                continue;
            try {
                TableSchema table = decodeTableSchema(*message.value);
                newest[table.schema + '.' + table.name] = std::move(table);
            } catch (const CodecError &error) {
                throw PermanentError(topic + '[' + std::to_string(message.partition) + "]@" +
                                     std::to_string(message.offset) +
                                     " is not a table's shape: " + error.what());
            }
        }
        if (page.outcome == BrowseOutcome::EndOfData)
            return newest;
        if (page.outcome != BrowseOutcome::Done)
            throw unreadable(page.error.empty() ? "no answer from the brokers" : page.error);
    }
}

} // namespace syncline::kafka
