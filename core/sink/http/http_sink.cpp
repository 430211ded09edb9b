#include "sink/http/http_sink.h"

#include "connector/rejected_changes.h"
#include "connector/transport_offsets.h"
#include "metrics/pipeline_metrics.h"
#include "model/table_definition.h"
#include "sink/http/http_client.h"
#include "sink/http/http_position_store.h"
#include "sink/http/webhook_signature.h"
#include "snapshot/snapshot_chunker.h"
#include "util/backoff.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/log.h"
#include "util/time_text.h"

#include <chrono>
#include <ctime>
#include <thread>

namespace syncline::http {
namespace {

// Attempts of one request that gets no answer, 429 or 5xx before the session gives up (and the
// supervisor starts a new one, which sends again from the recorded position).
constexpr int kMaxAttempts = 8;
constexpr std::chrono::seconds kLongestRetryAfter{300};

std::string describe(const HttpResponse &response)
{
    if (response.status == 0)
        return "no answer (" + response.error + ")";
    return "HTTP " + std::to_string(response.status);
}

} // namespace

HttpSink::HttpSink(PostgresSinkConfig config, std::filesystem::path stateDir, Encoder encoder)
    : m_config(std::move(config)), m_stateDir(std::move(stateDir)), m_encoder(std::move(encoder))
{}

HttpSink::~HttpSink() = default;

void HttpSink::connect()
{
    m_store = std::make_unique<HttpPositionStore>(m_stateDir, m_config.name);
    m_position = m_store->load();
    m_client = std::make_unique<HttpClient>(m_config.http.connectTimeoutSeconds,
                                            m_config.http.timeoutSeconds);
}

void HttpSink::loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                            Lsn consistentPoint,
                            const std::function<void(long long rows)> &progress)
{
    SnapshotChunker chunker(consistentPoint, unixMicrosNow(), std::size_t(m_config.batchMaxChanges),
                            std::size_t(64) << 20, [&](const auto &chunk) {
                                for (int i = 0; i < int(chunk->events.size()); ++i)
                                    m_batch.push_back({chunk, i});
                                send();
                                if (progress && !chunk->events.empty())
                                    progress((long long)chunk->events.size());
                            });
    for (const auto &table : tables)
        chunker.copy(reader, table);
    chunker.finish();
    recordPosition(consistentPoint);
}

void HttpSink::recordPosition(Lsn position)
{
    m_store->save(position);
    m_position = position;
}

void HttpSink::apply(const std::shared_ptr<const TransactionChunk> &chunk)
{
    if (chunk->streamed)
        throw StreamingRefused(chunk->xid, "the http sink sends committed transactions only");
    if (chunk->isFirst)
        m_skipping = !m_externalPositions && m_position && chunk->endLsn <= *m_position;
    m_insideTransaction = !chunk->isLast;
    if (m_skipping)
        return;
    for (int i = 0; i < int(chunk->events.size()); ++i) {
        const ChangeEvent &event = chunk->events[std::size_t(i)];
        if (m_deadLetters && m_deadLetters->divert(chunk, i, event.table->keyColumnIndexes())) {
            if (m_metrics)
                m_metrics->recordDeadLetters(1);
            continue;
        }
        m_batch.push_back({chunk, i});
        if (int(m_batch.size()) >= m_config.batchMaxChanges)
            send();
    }
    m_changesSinceCommit += chunk->events.size();
    if (chunk->isLast) {
        m_pendingEnd = chunk->endLsn;
        m_commitTimesSinceCommit.push_back(chunk->commitTimeMicros);
    }
}

void HttpSink::commit()
{
    if (!m_batch.empty()) {
        // Nothing of the commit is recorded yet: a crash here sends it again.
        SYNCLINE_FAILPOINT("http.before_request");
    }
    send();
    if (m_pendingEnd) {
        // Acknowledged, not recorded yet: a crash here sends them again (at least once).
        SYNCLINE_FAILPOINT("http.acknowledged_before_position");
        if (m_externalPositions) {
            // The batch number is this session's; the offsets say what the receiver has.
            if (const auto conflicting = m_store->commitOffsets(m_offsetsGroup, m_stagedOffsets))
                throw TransientError(conflict(m_config.name, *conflicting, m_offsetsGroup));
            m_stagedOffsets.clear();
            m_position = m_pendingEnd;
        } else {
            recordPosition(*m_pendingEnd);
        }
        m_pendingEnd.reset();
        if (m_metrics)
            m_metrics->recordApplied((long long)m_changesSinceCommit, m_commitTimesSinceCommit);
        m_changesSinceCommit = 0;
        m_commitTimesSinceCommit.clear();
    }
}

void HttpSink::abandon()
{
    m_batch.clear();
    m_pendingEnd.reset();
    m_stagedOffsets.clear();
    m_changesSinceCommit = 0;
    m_commitTimesSinceCommit.clear();
    m_insideTransaction = false;
}

std::map<TopicPartition, CataloglessSink::KeptOffset>
HttpSink::readOffsets(const std::string &group)
{
    return m_store->offsets(group);
}

std::optional<Lsn> HttpSink::shareSnapshotEnd(const std::string &group)
{
    return m_store->shareSnapshotEnd(group, m_store->load());
}

void HttpSink::send()
{
    if (m_batch.empty())
        return;
    const HttpResponse response = deliver(m_batch);
    if (!response.acknowledged()) {
        // Refused as a whole: find the changes the receiver refuses, one request each.
        for (const auto &change : m_batch) {
            const HttpResponse one = m_batch.size() == 1 ? response : deliver({change});
            if (!one.acknowledged())
                rejected(change, one);
        }
    }
    m_appliedChanges += (long long)m_batch.size();
    m_batch.clear();
}

HttpResponse HttpSink::deliver(const std::vector<Pending> &changes)
{
    std::string body = "[";
    for (const auto &change : changes) {
        if (body.size() > 1)
            body += ',';
        body += m_encoder(*change.chunk, change.index);
    }
    body += ']';
    Backoff backoff(std::chrono::milliseconds(200), std::chrono::seconds(30));
    for (int attempt = 1;; ++attempt) {
        HttpResponse response = m_client->post(m_config.http.url, headersFor(changes, body), body);
        if (!response.retryable())
            return response;
        if (attempt == kMaxAttempts)
            throw TransientError("sink " + m_config.name + ": the receiver answered " +
                                 describe(response) + " " + std::to_string(attempt) +
                                 " times in a row");
        const auto wait =
            response.retryAfter
                ? std::chrono::milliseconds(std::min(*response.retryAfter, kLongestRetryAfter))
                : backoff.next();
        log::warning("http", "sink " + m_config.name + ": " + describe(response) +
                                 "; sending again in " + std::to_string(wait.count()) + " ms");
        if (m_metrics)
            m_metrics->recordRetry();
        std::this_thread::sleep_for(wait);
    }
}

void HttpSink::rejected(const Pending &change, const HttpResponse &response)
{
    const std::string id = eventId(*change.chunk, change.index);
    const std::string what = "sink " + m_config.name + ": the receiver refused change " + id +
                             " with " + describe(response);
    if (!m_deadLetters)
        throw PermanentError(what + ": " + response.body);
    if (!m_deadLetters->recordFailure(*change.chunk, change.index,
                                      "HTTP" + std::to_string(response.status), response.body))
        throw RejectedChangeError(what + "; it is sent again");
    const ChangeEvent &event = change.chunk->events[std::size_t(change.index)];
    if (m_deadLetters->divert(change.chunk, change.index, event.table->keyColumnIndexes())) {
        log::warning("http", what + "; dead-lettered");
        if (m_metrics)
            m_metrics->recordDeadLetters(1);
    }
}

std::vector<std::string> HttpSink::headersFor(const std::vector<Pending> &changes,
                                              const std::string &body) const
{
    std::string key = eventId(*changes.front().chunk, changes.front().index);
    if (changes.size() > 1)
        key += ".." + eventId(*changes.back().chunk, changes.back().index);
    std::vector<std::string> headers{"Content-Type: application/json", "Idempotency-Key: " + key};
    if (!m_config.http.secret.empty())
        headers.push_back("Syncline-Signature: " +
                          webhookSignature(m_config.http.secret, std::time(nullptr), body));
    for (const auto &[name, value] : m_config.http.headers)
        headers.push_back(name + ": " + value);
    return headers;
}

} // namespace syncline::http
