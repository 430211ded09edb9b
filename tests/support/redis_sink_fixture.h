#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

namespace syncline::test {

class PgCluster;
class PipelineFixture;
class RedisServer;
class SynclineRunner;

// What the Redis sink's integration tests share: pipelines whose sinks are Redis sinks, and the
// Workload's `items` table on the source compared with the hashes a materializing sink writes.

// One entry of "sinks:" for a Redis sink called `name` at `url`; `lines` are more of its
// properties, each indented by four spaces ("    mode: stream\n").
QString redisSink(const QString &name, const QString &url, const QString &lines);

// A PipelineFixture (see there; throws PgError when the databases cannot be made) whose sinks
// are `sinks`, entries of "sinks:" such as redisSink() gives.
std::unique_ptr<PipelineFixture> redisPipeline(const QString &name, const QString &sourceSchemaSql,
                                               const QStringList &tables, const QString &sinks);
// redisPipeline() of the Workload's tables, capturing `items`.
std::unique_ptr<PipelineFixture> redisItemsPipeline(const QString &name, const QString &sinks);

// One redis-server for the test functions that need nothing of their own (each uses its own
// keys): started on first use, stopped with its owner.
class SharedRedisServer
{
public:
    SharedRedisServer();
    ~SharedRedisServer();
    RedisServer &get();

private:
    std::unique_ptr<RedisServer> m_server;
};

// The columns of the Workload's `items`, in the order itemsOnSource() reads them.
const QStringList &itemColumns();

// The source's rows of `items` as the sink receives their values: id -> column -> text (NULL:
// a null QString).
using SourceRows = QMap<QString, QMap<QString, QString>>;
SourceRows itemsOnSource(PgCluster &source, const QString &db);

// The first difference between `items` on the source and the hashes items:<id>, or "".
QString differenceFromSource(PgCluster &source, const QString &db, RedisServer &redis);

// Waits until differenceFromSource() finds none: "" then, else the last difference and the
// runner's output.
QString waitUntilCacheMatches(PgCluster &source, const QString &db, RedisServer &redis,
                              SynclineRunner &runner, int timeoutMs = 60000);

// `text`, cut to 60 characters for a failure message.
QString shortened(const QString &text);

} // namespace syncline::test
