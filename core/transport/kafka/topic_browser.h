#pragma once

#include "transport/kafka/browse_types.h"
#include "transport/kafka/kafka_handle.h"

#include <atomic>
#include <memory>

namespace syncline::kafka {

class TopicReader;

// Looks at a Kafka cluster for the console's Topics page: which topics it has, their
// partitions and watermarks; opens readers on them. Every call blocks (up to its deadline) and
// belongs on a worker thread; a set `cancel` flag makes it return within about 200 ms. Errors
// come back as values; only a property librdkafka refuses throws (PermanentError).
class TopicBrowser
{
public:
    explicit TopicBrowser(BrowseConnection connection);
    ~TopicBrowser();
    TopicBrowser(const TopicBrowser &) = delete;
    TopicBrowser &operator=(const TopicBrowser &) = delete;

    const BrowseConnection &connection() const { return m_connection; }

    // Every topic with its partitions, watermarks and message counts. TimedOut (with the last
    // broker error) when the cluster did not answer in time: never an empty "no topics".
    TopicListing listTopics(BrowseDeadline deadline, const std::atomic<bool> *cancel = nullptr);

    // A reader with its own consumer on the same cluster; see TopicReader::open.
    std::unique_ptr<TopicReader> newReader() const;

private:
    BrowseConnection m_connection;
    Handle m_client; // metadata and watermark queries only
};

} // namespace syncline::kafka
