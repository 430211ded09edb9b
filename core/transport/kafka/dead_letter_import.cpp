#include "transport/kafka/dead_letter_import.h"

#include "dlq/dead_letter_store.h"
#include "transport/kafka/dead_letter_message.h"
#include "transport/kafka/topic_reader.h"

namespace syncline::kafka {

TopicImportResult importDeadLetterTopic(const kafka::BrowseConnection &connection,
                                        const std::string &topic, const std::string &sink,
                                        dlq::DeadLetterStore &store, kafka::BrowseDeadline deadline,
                                        const std::atomic<bool> *cancel)
{
    TopicImportResult result;
    kafka::TopicReader reader(connection);
    const auto opened = reader.open(topic, {}, {}, deadline, cancel);
    if (opened.outcome != kafka::BrowseOutcome::Done) {
        result.outcome = opened.outcome;
        result.error = opened.error;
        return result;
    }
    for (;;) {
        const kafka::MessagePage page = reader.nextPage(1000, deadline, cancel);
        for (const auto &message : page.messages) {
            const auto letter = deadLetterOfMessage(message, topic, sink);
            if (!letter) {
                ++result.skipped;
                continue;
            }
            if (store.findEvent(sink, letter->eventId)) {
                ++result.alreadyKnown;
                continue;
            }
            store.add(*letter);
            ++result.imported;
        }
        if (page.outcome != kafka::BrowseOutcome::Done) {
            result.outcome = page.outcome;
            result.error = page.error;
            return result;
        }
    }
}

} // namespace syncline::kafka
