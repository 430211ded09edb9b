#include "transport/kafka/topic_reader.h"

#include "transport/kafka/browse_client.h"
#include "transport/kafka/offset_search.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>

namespace syncline::kafka {

namespace {

struct MessageDeleter
{
    void operator()(rd_kafka_message_t *message) const { rd_kafka_message_destroy(message); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

std::optional<std::string> bytes(const void *data, std::size_t size)
{
    if (!data)
        return std::nullopt;
    return std::string(static_cast<const char *>(data), size);
}

BrowsedMessage toBrowsed(rd_kafka_message_t *message)
{
    BrowsedMessage out;
    out.partition = message->partition;
    out.offset = message->offset;
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    out.timestampMs = rd_kafka_message_timestamp(message, &type);
    out.logAppendTime = type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME;
    out.key = bytes(message->key, message->key_len);
    out.value = bytes(message->payload, message->len);
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char *name = nullptr;
        const void *value = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i)
            out.headers.emplace_back(name, bytes(value, size).value_or(std::string()));
    }
    return out;
}

// Errors a reader cannot get past by waiting.
bool isPermanent(rd_kafka_resp_err_t error)
{
    return error == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
           error == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
           error == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
           error == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION ||
           error == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED ||
           error == RD_KAFKA_RESP_ERR__AUTHENTICATION || error == RD_KAFKA_RESP_ERR__SSL;
}

} // namespace

TopicReader::TopicReader(const BrowseConnection &connection)
    : m_consumer(createBrowseConsumer(connection))
{}

TopicReader::~TopicReader()
{
    rd_kafka_assign(m_consumer.get(), nullptr);
}

OpenResult TopicReader::open(const std::string &topic, const StartPosition &start,
                             MessageFilter filter, BrowseDeadline deadline,
                             const std::atomic<bool> *cancel)
{
    m_topic = topic;
    m_filter = std::move(filter);
    m_partitions.clear();
    m_atEnd.clear();
    m_scanned = m_matched = 0;
    assign({});

    OpenResult result;
    auto metadata = fetchMetadata(m_consumer.get(), topic, deadline, cancel);
    result.outcome = metadata.outcome;
    result.error = metadata.error;
    if (result.outcome == BrowseOutcome::Done && metadata.topics.size() != 1) {
        result.outcome = BrowseOutcome::Failed;
        result.error = "no topic " + topic;
    } else if (result.outcome == BrowseOutcome::Done && !metadata.topics[0].error.empty()) {
        result.outcome = BrowseOutcome::Failed;
        result.error = metadata.topics[0].error;
    }
    if (result.outcome != BrowseOutcome::Done)
        return result;
    auto &info = metadata.topics[0];
    std::erase_if(info.partitions, [&](const auto &p) {
        return start.partition >= 0 && p.partition != start.partition;
    });
    if (info.partitions.empty())
        return {BrowseOutcome::Failed, "no such partition", {}};
    result.outcome =
        queryWatermarks(m_consumer.get(), metadata.topics, deadline, cancel, result.error);
    if (result.outcome != BrowseOutcome::Done)
        return result;
    for (const auto &p : info.partitions) {
        if (!p.error.empty())
            return {BrowseOutcome::Failed, p.error, {}};
        m_partitions.push_back({p.partition, p.low, p.high, p.low});
    }
    result.outcome = startOffsets(start, deadline, cancel, result.error);
    if (result.outcome != BrowseOutcome::Done) {
        m_partitions.clear();
        return result;
    }
    std::vector<std::pair<int, std::int64_t>> offsets;
    for (const auto &p : m_partitions) {
        offsets.emplace_back(p.partition, p.start);
        m_atEnd.push_back(p.start >= p.high);
    }
    if (!assign(offsets))
        return {BrowseOutcome::Failed, "cannot assign the partitions", {}};
    result.partitions = m_partitions;
    return result;
}

BrowseOutcome TopicReader::startOffsets(const StartPosition &start, BrowseDeadline deadline,
                                        const std::atomic<bool> *cancel, std::string &error)
{
    using Kind = StartPosition::Kind;
    for (auto &p : m_partitions) {
        if (start.kind == Kind::End)
            p.start = std::max(p.low, p.high - std::max<std::int64_t>(start.value, 0));
        else if (start.kind == Kind::Offset)
            p.start = std::clamp(start.value, p.low, p.high);
    }
    if (start.kind != Kind::Timestamp)
        return BrowseOutcome::Done;

    std::unique_ptr<rd_kafka_topic_partition_list_t, void (*)(rd_kafka_topic_partition_list_t *)>
        list(rd_kafka_topic_partition_list_new(int(m_partitions.size())),
             rd_kafka_topic_partition_list_destroy);
    for (const auto &p : m_partitions)
        rd_kafka_topic_partition_list_add(list.get(), m_topic.c_str(), p.partition)->offset =
            start.value;
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - BrowseClock::now());
    const auto status = rd_kafka_offsets_for_times(
        m_consumer.get(), list.get(), int(std::max<std::int64_t>(remaining.count(), 1)));
    if (status != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = rd_kafka_err2str(status);
        return status == RD_KAFKA_RESP_ERR__TIMED_OUT ? BrowseOutcome::TimedOut
                                                      : BrowseOutcome::Failed;
    }
    for (std::size_t i = 0; i < m_partitions.size(); ++i) {
        auto &p = m_partitions[i];
        const auto &answer = list->elems[i];
        if (answer.err) {
            error = rd_kafka_err2str(answer.err);
            return BrowseOutcome::Failed;
        }
        p.start = answer.offset >= 0 ? std::clamp(answer.offset, p.low, p.high) : p.high;
        if (answer.offset < 0 && p.high > p.low) {
            const auto outcome = searchByReading(p, start.value, deadline, cancel);
            if (outcome != BrowseOutcome::Done)
                return outcome;
        }
    }
    return BrowseOutcome::Done;
}

BrowseOutcome TopicReader::searchByReading(ReaderPartition &partition, std::int64_t timestampMs,
                                           BrowseDeadline deadline, const std::atomic<bool> *cancel)
{
    BrowseOutcome outcome = BrowseOutcome::Done;
    auto probe = [&](std::int64_t offset) -> ProbeResult {
        if (!assign({{partition.partition, offset}})) {
            outcome = BrowseOutcome::Failed;
            return {};
        }
        for (;;) {
            if (isCancelled(cancel) || BrowseClock::now() >= deadline) {
                outcome = isCancelled(cancel) ? BrowseOutcome::Cancelled : BrowseOutcome::TimedOut;
                return {};
            }
            Message message(rd_kafka_consumer_poll(m_consumer.get(), sliceMs(deadline)));
            if (!message || message->partition != partition.partition || message->offset < offset)
                continue;
            if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
                return {true, false, {}};
            if (message->err)
                continue;
            return {
                true, true, {message->offset, rd_kafka_message_timestamp(message.get(), nullptr)}};
        }
    };
    // The broker said "nothing that recent"; its last message says whether to believe it.
    const ProbeResult last = probe(partition.high - 1);
    if (!last.ok)
        return outcome;
    if (!last.found || last.message.timestampMs < timestampMs)
        return BrowseOutcome::Done;
    const auto found = searchOffsetForTime(partition.low, partition.high, timestampMs, probe);
    if (found)
        partition.start = *found;
    return found ? BrowseOutcome::Done : outcome;
}

bool TopicReader::assign(const std::vector<std::pair<int, std::int64_t>> &offsets)
{
    if (offsets.empty())
        return rd_kafka_assign(m_consumer.get(), nullptr) == RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(int(offsets.size()));
    for (const auto &[partition, offset] : offsets)
        rd_kafka_topic_partition_list_add(list, m_topic.c_str(), partition)->offset = offset;
    const auto error = rd_kafka_assign(m_consumer.get(), list);
    rd_kafka_topic_partition_list_destroy(list);
    return error == RD_KAFKA_RESP_ERR_NO_ERROR;
}

bool TopicReader::allAtEnd() const
{
    return std::all_of(m_atEnd.begin(), m_atEnd.end(), [](char atEnd) { return atEnd; });
}

MessagePage TopicReader::nextPage(std::size_t maxMatched, BrowseDeadline deadline,
                                  const std::atomic<bool> *cancel)
{
    MessagePage page;
    if (m_partitions.empty()) {
        page.outcome = BrowseOutcome::Failed;
        page.error = "the reader is not open";
        return page;
    }
    while (page.messages.size() < maxMatched) {
        if (isCancelled(cancel)) {
            page.outcome = BrowseOutcome::Cancelled;
            return page;
        }
        if (BrowseClock::now() >= deadline && !allAtEnd()) {
            page.outcome = BrowseOutcome::TimedOut;
            return page;
        }
        Message message(rd_kafka_consumer_poll(m_consumer.get(), sliceMs(deadline)));
        if (!message) {
            // Every partition said it was at its end and nothing came since.
            if (allAtEnd()) {
                page.outcome = BrowseOutcome::EndOfData;
                return page;
            }
            continue;
        }
        const auto index =
            std::find_if(m_partitions.begin(), m_partitions.end(),
                         [&](const auto &p) { return p.partition == message->partition; }) -
            m_partitions.begin();
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (std::size_t(index) < m_atEnd.size())
                m_atEnd[std::size_t(index)] = true;
            continue;
        }
        if (message->err) {
            page.error = rd_kafka_message_errstr(message.get());
            if (isPermanent(message->err)) {
                page.outcome = BrowseOutcome::Failed;
                return page;
            }
            continue;
        }
        if (std::size_t(index) < m_atEnd.size())
            m_atEnd[std::size_t(index)] = false;
        ++page.scanned;
        ++m_scanned;
        BrowsedMessage browsed = toBrowsed(message.get());
        if (m_filter.matches(browsed)) {
            ++m_matched;
            page.messages.push_back(std::move(browsed));
        }
    }
    return page;
}

} // namespace syncline::kafka
