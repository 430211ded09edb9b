#pragma once

#include "config/pipeline_config.h"
#include "connector/replay_target.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace syncline {
class SqliteDatabase;
}

namespace syncline::http {

class HttpClient;

// `syncline dlq replay` for an http sink: POSTs the dead letter's change alone, as the sink
// sends it (same encoding, signature and headers), its idempotency key the change's position,
// on which receivers dedupe. Once the receiver answered 2xx the replay is recorded in the
// sink's local state (http-sinks.db, table replays); a change recorded there is not sent again.
// The receiver has no tables: a change's table is described by the pipeline's schema history.
class HttpReplayTarget : public ReplayTarget
{
public:
    // One change as a JSON object whose "position" is the given one (codec/webhook_event.h).
    using Encoder =
        std::function<std::string(const ChangeEvent &event, const std::string &position)>;

    HttpReplayTarget(PostgresSinkConfig config, std::filesystem::path stateDir, Encoder encoder);
    ~HttpReplayTarget() override;

    std::shared_ptr<TableSchema> describeTable(const std::string &schema,
                                               const std::string &table) override;
    // Throws TransientError when the receiver cannot be reached or answers 429 or 5xx, and
    // PermanentError with its answer for another status.
    bool applyOnce(const ChangeEvent &event, const ReplayMark &mark) override;

private:
    PostgresSinkConfig m_config;
    std::filesystem::path m_stateDir;
    Encoder m_encoder;
    std::unique_ptr<SqliteDatabase> m_db;
    std::unique_ptr<HttpClient> m_client;
};

} // namespace syncline::http
