#pragma once

#include "transport/kafka/browse_types.h"

#include <atomic>
#include <string>

namespace syncline::dlq {
class DeadLetterStore;
}

namespace syncline::kafka {

struct TopicImportResult
{
    kafka::BrowseOutcome outcome = kafka::BrowseOutcome::Done; // EndOfData: read to the end
    std::string error;
    int imported = 0;     // new dead letters in the store
    int alreadyKnown = 0; // imported before, or written by this pipeline's own sink
    int skipped = 0;      // not a dead letter: no __connect.errors.* headers, or a tombstone
};

// Reads a dead-letter topic — Syncline's <prefix>.dlq.<sink>, or one Kafka Connect wrote (its
// messages carry __connect.errors.* headers and the original key and value) — into the local
// store as pending dead letters of `sink`, so that listing, replay, discard and the audit log
// work on them as on any other. A message is identified by the original topic, partition and
// offset its headers name: importing twice, or importing what the sink itself dead-lettered,
// adds nothing.
TopicImportResult importDeadLetterTopic(const kafka::BrowseConnection &connection,
                                        const std::string &topic, const std::string &sink,
                                        dlq::DeadLetterStore &store, kafka::BrowseDeadline deadline,
                                        const std::atomic<bool> *cancel = nullptr);

} // namespace syncline::kafka
