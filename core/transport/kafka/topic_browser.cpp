#include "transport/kafka/topic_browser.h"

#include "transport/kafka/browse_client.h"
#include "transport/kafka/topic_reader.h"

#include <numeric>

namespace syncline::kafka {

std::int64_t TopicInfo::messages() const
{
    return std::accumulate(partitions.begin(), partitions.end(), std::int64_t(0),
                           [](std::int64_t sum, const auto &p) { return sum + p.messages(); });
}

TopicBrowser::TopicBrowser(BrowseConnection connection)
    : m_connection(std::move(connection)), m_client(createBrowseConsumer(m_connection))
{}

TopicBrowser::~TopicBrowser() = default;

TopicListing TopicBrowser::listTopics(BrowseDeadline deadline, const std::atomic<bool> *cancel)
{
    auto metadata = fetchMetadata(m_client.get(), {}, deadline, cancel);
    TopicListing listing;
    listing.outcome = metadata.outcome;
    listing.error = std::move(metadata.error);
    listing.topics = std::move(metadata.topics);
    if (listing.outcome == BrowseOutcome::Done)
        listing.outcome =
            queryWatermarks(m_client.get(), listing.topics, deadline, cancel, listing.error);
    return listing;
}

std::unique_ptr<TopicReader> TopicBrowser::newReader() const
{
    return std::make_unique<TopicReader>(m_connection);
}

} // namespace syncline::kafka
