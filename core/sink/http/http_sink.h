#pragma once

#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "sink/common/catalogless_sink.h"

#include <atomic>
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
class HttpPositionStore;
struct HttpResponse;

// POSTs committed source transactions to a webhook as JSON arrays of changes, at least once:
// the position is recorded (locally, HttpPositionStore) only after the receiver answered 2xx
// for every change up to it, so after a crash the changes since are sent again, with the same
// idempotency keys (each change's "position"), on which receivers dedupe. 429, 5xx and no
// answer are retried with backoff (Retry-After honoured); another 4xx rejects the request: its
// changes are sent one by one, and each one rejected is retried and then dead-lettered with the
// response body. One request is in flight at a time, so changes arrive in commit order. Fed from
// Kafka, the consumer group's partition offsets are recorded the same way, after the 2xx.
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
    bool hasUncommittedWork() const override { return m_pendingEnd || !m_batch.empty(); }
    std::size_t changesSinceCommit() const override { return m_changesSinceCommit; }
    bool isInsideSourceTransaction() const override { return m_insideTransaction; }
    // Sends what is gathered and, once acknowledged, records the last complete transaction.
    void commit() override;
    void waitForCommits() override {} // commit() returns once the receiver answered
    void abandon() override;

    long long appliedChanges() const override { return m_appliedChanges.load(); }
    // Without it, a rejected change stops the pipeline (on_error: stop).
    void setDeadLetters(RejectedChanges *deadLetters) { m_deadLetters = deadLetters; }

protected:
    std::map<TopicPartition, KeptOffset> readOffsets(const std::string &group) override;
    std::optional<Lsn> shareSnapshotEnd(const std::string &group) override;

private:
    struct Pending
    {
        std::shared_ptr<const TransactionChunk> chunk;
        int index = 0;
    };

    void send();
    // Posts the changes until the receiver answers something other than 429 or 5xx.
    HttpResponse deliver(const std::vector<Pending> &changes);
    void rejected(const Pending &change, const HttpResponse &response);
    std::vector<std::string> headersFor(const std::vector<Pending> &changes,
                                        const std::string &body) const;

    PostgresSinkConfig m_config;
    std::filesystem::path m_stateDir;
    Encoder m_encoder;
    std::unique_ptr<HttpPositionStore> m_store;
    std::unique_ptr<HttpClient> m_client;
    std::vector<Pending> m_batch;
    bool m_skipping = false;
    bool m_insideTransaction = false;
    std::size_t m_changesSinceCommit = 0;
    std::vector<std::int64_t> m_commitTimesSinceCommit;
    std::atomic<long long> m_appliedChanges{0};
    RejectedChanges *m_deadLetters = nullptr;
};

} // namespace syncline::http
