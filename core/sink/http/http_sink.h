#pragma once

#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "sink/common/catalogless_sink.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {
class RejectedChanges;
}

namespace syncline::http {

class HttpClient;
class HttpLanes;
class HttpPositionStore;
class LaneContext;
struct HttpResponse;
struct LaneJob;
struct LaneOutcome;
struct PendingChange;

// POSTs committed source transactions to a webhook as JSON arrays of changes, at least once:
// the position is recorded (locally, HttpPositionStore) only after the receiver answered 2xx
// for every change up to it, so after a crash the changes since are sent again, with the same
// idempotency keys (each change's "position"), on which receivers dedupe. 429, 5xx and no
// answer are retried with backoff (Retry-After honoured); another 4xx rejects the request: its
// changes are sent one by one, and each one rejected is retried and then dead-lettered with the
// response body.
//
// Up to max_in_flight requests are in flight at once, each from a lane of its own (HttpLanes):
// every change of one key (table and key values) goes to the same lane, which sends its
// requests one after the other, so a key never has two requests in flight and its changes
// arrive in commit order. A truncate, or an update that changes its row's key, waits until
// everything before it is acknowledged and is acknowledged before anything after it is sent.
// A lane's batch is sent when it holds batch_size changes, or at a commit when the lane has
// nothing in flight; commit() does not wait: the position of a commit is recorded once every
// change handed to a lane before it was answered (waitForCommits() sends what is gathered and
// waits for that).
//
// Fed from Kafka, the consumer group's partition offsets staged with a commit are recorded where
// its position would be, once every change handed out before it was answered: in http-sinks.db,
// in one SQLite transaction with a compare-and-set on each partition's expected offset.
class HttpSink : public CataloglessSink
{
public:
    // One change as a JSON object (codec/webhook_event.h), chosen by the pipeline.
    using Encoder = std::function<std::string(const TransactionChunk &chunk, int index)>;

    HttpSink(PostgresSinkConfig config, std::filesystem::path stateDir, Encoder encoder);
    ~HttpSink() override;

    const std::string &name() const override { return m_config.name; }
    SinkCapabilities capabilities() const override { return {false, false, false}; }

    void connect() override;

    // Sends every row as a change of op "r", then records consistentPoint.
    void loadSnapshot(TableCopySource &reader, const std::vector<TableDefinition> &tables,
                      Lsn consistentPoint,
                      const std::function<void(long long rows)> &progress) override;
    void recordPosition(Lsn position) override;

    // Skips transactions at or before the position; sends a request whenever batch_size changes
    // are gathered. A transaction still in progress on the source is refused (StreamingRefused):
    // the session restarts and takes it at its commit.
    void apply(const std::shared_ptr<const TransactionChunk> &chunk) override;
    bool hasUncommittedWork() const override;
    std::size_t changesSinceCommit() const override { return m_changesSinceCommit; }
    bool isInsideSourceTransaction() const override { return m_insideTransaction; }
    // Sends what is gathered; records the last complete transaction once it is acknowledged.
    void commit() override;
    // Waits for every request sent, and records the position they complete.
    void waitForCommits() override;
    void abandon() override;

    long long appliedChanges() const override { return m_appliedChanges.load(); }
    // Without it, a rejected change stops the pipeline (on_error: stop).
    void setDeadLetters(RejectedChanges *deadLetters) { m_deadLetters = deadLetters; }

protected:
    std::map<TopicPartition, KeptOffset> readOffsets(const std::string &group) override;
    std::optional<Lsn> shareSnapshotEnd(const std::string &group) override;
    bool keepsOffsetsLocally() const override { return true; } // http-sinks.db
    void snapshotIsInTheTopics() override { m_snapshotFromTopics = true; }

private:
    // A commit() whose position waits until each lane has delivered `handedOut[lane]` changes.
    struct Mark
    {
        std::optional<Lsn> position;
        std::vector<std::uint64_t> handedOut;
        std::size_t changes = 0;
        std::vector<std::int64_t> commitTimes;
        std::vector<StagedOffset> offsets; // fed from Kafka: the commit's partition offsets
    };

    void add(const std::shared_ptr<const TransactionChunk> &chunk, int index);
    void submit(int lane);
    // Submits every lane's batch (idleOnly: of the lanes with nothing in flight).
    void flush(bool idleOnly = false);
    // Takes what the lanes finished: refused changes dead-lettered, positions (or, fed from
    // Kafka, the partition offsets) recorded.
    void collect();
    // Runs in a lane: posts one job's changes; when refused as a whole, one by one.
    LaneOutcome run(LaneContext &lane, LaneJob &job);
    // Posts the changes until the receiver answers something other than 429 or 5xx.
    HttpResponse deliver(LaneContext &lane, const std::vector<PendingChange> &changes);
    void rejected(const PendingChange &change, const HttpResponse &response);
    std::vector<std::string> headersFor(const std::vector<PendingChange> &changes,
                                        const std::string &body) const;

    PostgresSinkConfig m_config;
    std::filesystem::path m_stateDir;
    Encoder m_encoder;
    std::unique_ptr<HttpPositionStore> m_store;
    std::unique_ptr<HttpLanes> m_lanes;
    std::vector<std::vector<PendingChange>> m_batches; // per lane, not submitted yet
    std::vector<std::uint64_t> m_handedOut; // per lane: changes given to it (in m_batches too)
    std::vector<std::uint64_t> m_delivered; // per lane: changes it sent and had answered
    std::deque<Mark> m_marks;
    bool m_skipping = false;
    bool m_snapshotFromTopics = false; // see snapshotIsInTheTopics()
    bool m_insideTransaction = false;
    std::size_t m_changesSinceCommit = 0;
    std::vector<std::int64_t> m_commitTimesSinceCommit;
    std::atomic<long long> m_appliedChanges{0};
    RejectedChanges *m_deadLetters = nullptr;
};

} // namespace syncline::http
