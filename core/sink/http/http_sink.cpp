#include "sink/http/http_sink.h"

#include "connector/rejected_changes.h"
#include "connector/transport_offsets.h"
#include "metrics/pipeline_metrics.h"
#include "model/table_definition.h"
#include "sink/http/http_client.h"
#include "sink/http/http_lanes.h"
#include "sink/http/http_position_store.h"
#include "sink/http/webhook_signature.h"
#include "snapshot/snapshot_chunker.h"
#include "util/backoff.h"
#include "util/errors.h"
#include "util/failpoint.h"
#include "util/log.h"
#include "util/time_text.h"

#include <algorithm>
#include <chrono>
#include <string_view>

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

// What a lane is chosen by: the table's name and the row's key values, so that every change of
// one row goes to the same lane whatever schema object it carries.
std::size_t keyHash(const ChangeEvent &event, const Row &row)
{
    const TableSchema &table = *event.table;
    std::size_t hash = std::hash<std::string_view>()(table.schema) * 31 +
                       std::hash<std::string_view>()(table.name);
    for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i)
        if (table.columns[i].isKey)
            hash = hash * 1000003 ^ std::hash<std::string_view>()(row[i].text) ^ int(row[i].kind);
    return hash;
}

// Changes that touch more than one key: a truncate, an update that moves its row to another key.
bool touchesSeveralKeys(const ChangeEvent &event)
{
    if (event.op == Operation::Truncate || !event.table)
        return true;
    if (event.op != Operation::Update || !event.before || !event.after)
        return false;
    const auto &columns = event.table->columns;
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].isKey && i < event.before->size() && i < event.after->size() &&
            (*event.before)[i] != (*event.after)[i])
            return true;
    return false;
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
    const int lanes = std::max(1, m_config.http.maxInFlight);
    m_lanes = std::make_unique<HttpLanes>(
        lanes,
        [this] {
            return std::make_unique<HttpClient>(m_config.http.connectTimeoutSeconds,
                                                m_config.http.timeoutSeconds);
        },
        [this](LaneContext &lane, LaneJob &job) { return run(lane, job); });
    m_batches.assign(std::size_t(lanes), {});
    m_handedOut.assign(std::size_t(lanes), 0);
    m_delivered.assign(std::size_t(lanes), 0);
}

void HttpSink::loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                            Lsn consistentPoint,
                            const std::function<void(long long rows)> &progress)
{
    if (m_snapshotFromTopics) {
        // The snapshot's rows come from the table topics, as they do to every member of the
        // group: each is then named by its message's source position, whichever member sends
        // it (sent from here as well, a receiver would get it under two names). The position
        // only says the snapshot is done. (An embedded cluster's topics die with the runner, so
        // there the sink sends the snapshot itself, and the group is this runner alone.)
        recordPosition(consistentPoint);
        return;
    }
    SnapshotChunker chunker(consistentPoint, unixMicrosNow(), std::size_t(m_config.batchMaxChanges),
                            std::size_t(64) << 20, [&](const auto &chunk) {
                                for (int i = 0; i < int(chunk->events.size()); ++i)
                                    add(chunk, i);
                                collect();
                                if (progress && !chunk->events.empty())
                                    progress((long long)chunk->events.size());
                            });
    for (const auto &table : tables)
        chunker.copy(reader, table);
    chunker.finish();
    flush();
    m_lanes->waitIdle();
    collect();
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
    if (chunk->isFirst) {
        m_skipping = !m_externalPositions && m_position && chunk->endLsn <= *m_position;
        // A replay (syncline dlq replay, while this runs) may have released held rows.
        if (m_deadLetters)
            m_deadLetters->refresh();
    }
    m_insideTransaction = !chunk->isLast;
    if (m_skipping)
        return;
    for (int i = 0; i < int(chunk->events.size()); ++i) {
        const ChangeEvent &event = chunk->events[std::size_t(i)];
        if (m_deadLetters && m_deadLetters->divert(chunk, i, event.table->keyColumnIndexes())) {
            if (m_metrics)
                m_metrics->recordDeadLetters(1, m_config.name);
            continue;
        }
        add(chunk, i);
    }
    m_changesSinceCommit += chunk->events.size();
    if (chunk->isLast) {
        m_pendingEnd = chunk->endLsn;
        m_commitTimesSinceCommit.push_back(chunk->commitTimeMicros);
    }
    collect();
}

void HttpSink::add(const std::shared_ptr<const TransactionChunk> &chunk, int index)
{
    const ChangeEvent &event = chunk->events[std::size_t(index)];
    if (touchesSeveralKeys(event)) {
        // Alone, with nothing before it or after it in flight.
        flush();
        m_lanes->waitIdle();
        m_batches[0].push_back({chunk, index});
        ++m_handedOut[0];
        submit(0);
        m_lanes->waitIdle();
        return;
    }
    const Row &row = event.after ? *event.after : *event.before;
    const int lane = int(keyHash(event, row) % m_batches.size());
    m_batches[std::size_t(lane)].push_back({chunk, index});
    ++m_handedOut[std::size_t(lane)];
    if (int(m_batches[std::size_t(lane)].size()) >= m_config.batchMaxChanges)
        submit(lane);
}

void HttpSink::submit(int lane)
{
    auto &batch = m_batches[std::size_t(lane)];
    if (batch.empty())
        return;
    m_lanes->submit({lane, std::exchange(batch, {})});
}

void HttpSink::flush(bool idleOnly)
{
    for (int lane = 0; lane < int(m_batches.size()); ++lane)
        if (!idleOnly || m_lanes->isIdle(lane))
            submit(lane);
}

bool HttpSink::hasUncommittedWork() const
{
    if (m_pendingEnd || !m_marks.empty())
        return true;
    for (const auto &batch : m_batches)
        if (!batch.empty())
            return true;
    return false;
}

void HttpSink::commit()
{
    for (const auto &batch : m_batches)
        if (!batch.empty()) {
            // Nothing of the commit is recorded yet: a crash here sends it again.
            SYNCLINE_FAILPOINT("http.before_request");
            break;
        }
    // A lane busy with a request goes on filling its next batch up to batch_size; an idle one
    // sends what it has now. waitForCommits() sends everything.
    flush(true);
    if (m_pendingEnd) {
        // Fed from Kafka, the offsets staged for this commit wait with its position.
        m_marks.push_back({m_pendingEnd, m_handedOut, m_changesSinceCommit,
                           std::exchange(m_commitTimesSinceCommit, {}),
                           std::exchange(m_stagedOffsets, {})});
        m_pendingEnd.reset();
        m_changesSinceCommit = 0;
    }
    collect();
}

void HttpSink::waitForCommits()
{
    if (!m_lanes)
        return;
    flush();
    m_lanes->waitIdle();
    collect();
}

void HttpSink::collect()
{
    if (!m_lanes)
        return;
    for (auto &outcome : m_lanes->takeFinished()) {
        for (const auto &[change, response] : outcome.refused)
            rejected(change, response);
        m_delivered[std::size_t(outcome.lane)] += std::uint64_t(outcome.delivered);
        m_appliedChanges += outcome.delivered;
    }
    const auto complete = [this](const Mark &mark) {
        for (std::size_t lane = 0; lane < m_delivered.size(); ++lane)
            if (m_delivered[lane] < mark.handedOut[lane])
                return false;
        return true;
    };
    std::optional<Lsn> position;
    std::size_t changes = 0;
    std::vector<std::int64_t> commitTimes;
    std::vector<StagedOffset> offsets; // each partition once: the first expected, the last next
    while (!m_marks.empty() && complete(m_marks.front())) {
        Mark &mark = m_marks.front();
        position = mark.position;
        changes += mark.changes;
        commitTimes.insert(commitTimes.end(), mark.commitTimes.begin(), mark.commitTimes.end());
        for (auto &staged : mark.offsets) {
            const auto same = std::find_if(offsets.begin(), offsets.end(), [&](const auto &o) {
                return o.partition == staged.partition;
            });
            if (same == offsets.end()) {
                offsets.push_back(std::move(staged));
            } else {
                const std::int64_t expected = same->expected;
                *same = std::move(staged);
                same->expected = expected;
            }
        }
        m_marks.pop_front();
    }
    if (!position)
        return;
    // Acknowledged, not recorded yet: a crash here sends them again (at least once).
    SYNCLINE_FAILPOINT("http.acknowledged_before_position");
    if (m_externalPositions) {
        // The batch number is this session's; the offsets say what the receiver has.
        if (!offsets.empty())
            if (const auto conflicting = m_store->commitOffsets(m_offsetsGroup, offsets))
                throw TransientError(conflict(m_config.name, *conflicting, m_offsetsGroup));
        m_position = position;
    } else {
        recordPosition(*position);
    }
    if (m_metrics)
        m_metrics->recordApplied((long long)changes, commitTimes, m_config.name);
}

void HttpSink::abandon()
{
    if (m_lanes)
        m_lanes->cancel();
    for (auto &batch : m_batches)
        batch.clear();
    m_marks.clear();
    m_delivered = m_handedOut; // nothing of the lanes' is waited for any more
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
    if (m_snapshotFromTopics)
        return std::nullopt; // no topic rows to skip: the snapshot is read from them
    return m_store->shareSnapshotEnd(group, m_store->load());
}

LaneOutcome HttpSink::run(LaneContext &lane, LaneJob &job)
{
    LaneOutcome outcome{job.lane, (long long)job.changes.size(), {}};
    const HttpResponse response = deliver(lane, job.changes);
    if (!response.acknowledged()) {
        // Refused as a whole: find the changes the receiver refuses, one request each.
        for (const auto &change : job.changes) {
            HttpResponse one = job.changes.size() == 1 ? response : deliver(lane, {change});
            if (!one.acknowledged())
                outcome.refused.emplace_back(change, std::move(one));
        }
    }
    return outcome;
}

HttpResponse HttpSink::deliver(LaneContext &lane, const std::vector<PendingChange> &changes)
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
        HttpResponse response =
            lane.client().post(m_config.http.url, headersFor(changes, body), body);
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
        if (!lane.pause(wait))
            throw LaneCancelled();
    }
}

void HttpSink::rejected(const PendingChange &change, const HttpResponse &response)
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
            m_metrics->recordDeadLetters(1, m_config.name);
    }
}

std::vector<std::string> HttpSink::headersFor(const std::vector<PendingChange> &changes,
                                              const std::string &body) const
{
    std::string key = eventId(*changes.front().chunk, changes.front().index);
    if (changes.size() > 1)
        key += ".." + eventId(*changes.back().chunk, changes.back().index);
    return webhookHeaders(m_config.http, key, body);
}

} // namespace syncline::http
