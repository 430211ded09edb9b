#include "sink/http/http_replay_target.h"

#include "schema/schema_history.h"
#include "sink/http/http_client.h"
#include "sink/http/webhook_signature.h"
#include "util/errors.h"
#include "util/sqlite_database.h"
#include "util/time_text.h"

namespace syncline::http {

HttpReplayTarget::HttpReplayTarget(PostgresSinkConfig config, std::filesystem::path stateDir,
                                   Encoder encoder)
    : m_config(std::move(config)), m_stateDir(std::move(stateDir)), m_encoder(std::move(encoder))
{
    m_db = std::make_unique<SqliteDatabase>(
        m_stateDir / "http-sinks.db", "http sink replay marks",
        "CREATE TABLE IF NOT EXISTS replays (sink TEXT NOT NULL, event_id TEXT NOT NULL, "
        "dead_letter_id INTEGER NOT NULL, actor TEXT NOT NULL, replayed_at TEXT NOT NULL, "
        "status INTEGER NOT NULL, PRIMARY KEY (sink, event_id))");
    m_client = std::make_unique<HttpClient>(m_config.http.connectTimeoutSeconds,
                                            m_config.http.timeoutSeconds);
}

HttpReplayTarget::~HttpReplayTarget() = default;

std::shared_ptr<TableSchema> HttpReplayTarget::describeTable(const std::string &schema,
                                                             const std::string &table)
{
    const auto file = SchemaHistory::fileIn(m_stateDir);
    const std::string name = schema + '.' + table;
    if (std::filesystem::exists(file)) {
        const auto versions = SchemaHistory(file).versions(name);
        if (!versions.empty())
            return std::make_shared<TableSchema>(versions.back().schema);
    }
    throw PermanentError("sink " + m_config.name + ": the schema history (" + file.string() +
                         ") does not describe " + name + ", so its change cannot be rebuilt");
}

bool HttpReplayTarget::applyOnce(const ChangeEvent &event, const ReplayMark &mark)
{
    SqliteStatement recorded(*m_db, "SELECT 1 FROM replays WHERE sink = ? AND event_id = ?");
    recorded.bind(m_config.name).bind(mark.eventId);
    if (recorded.step())
        return false;
    const std::string body = '[' + m_encoder(event, mark.eventId) + ']';
    const HttpResponse response =
        m_client->post(m_config.http.url, webhookHeaders(m_config.http, mark.eventId, body), body);
    const std::string what = "sink " + m_config.name + ": the receiver ";
    if (response.status == 0)
        throw TransientError(what + "could not be reached: " + response.error);
    if (!response.acknowledged()) {
        const std::string answer =
            what + "answered HTTP " + std::to_string(response.status) +
            (response.body.empty() ? "" : ": " + response.body.substr(0, 300));
        if (response.retryable())
            throw TransientError(answer);
        throw PermanentError(answer);
    }
    // Acknowledged: a crash before this line sends it again at the next replay, with the same
    // idempotency key.
    SqliteStatement record(*m_db, "INSERT INTO replays (sink, event_id, dead_letter_id, actor, "
                                  "replayed_at, status) VALUES (?, ?, ?, ?, ?, ?)");
    record.bind(m_config.name)
        .bind(mark.eventId)
        .bind(mark.deadLetterId)
        .bind(mark.actor)
        .bind(isoUtcNow())
        .bind(std::int64_t(response.status));
    record.step();
    return true;
}

} // namespace syncline::http
