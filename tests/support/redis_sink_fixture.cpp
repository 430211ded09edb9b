#include "redis_sink_fixture.h"

#include "pg_cluster.h"
#include "pipeline_fixture.h"
#include "redis_server.h"
#include "syncline_runner.h"
#include "workload.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QThread>

#include <algorithm>

namespace syncline::test {

using namespace Qt::StringLiterals;

namespace {

// The session settings the pipeline pins, so that values read as the sink received them.
QList<QStringList> itemRows(PgCluster &source, const QString &db)
{
    return source.query(
        db, u"SET timezone = UTC; SET datestyle = 'ISO, MDY'; SET extra_float_digits = 3; "
            "SELECT id::text, qty::text, note, payload::text, big, updated::text FROM items"_s);
}

} // namespace

QString redisSink(const QString &name, const QString &url, const QString &lines)
{
    return u"  - name: %1\n    type: redis\n    url: \"%2\"\n"_s.arg(name, url) + lines;
}

std::unique_ptr<PipelineFixture> redisPipeline(const QString &name, const QString &sourceSchemaSql,
                                               const QStringList &tables, const QString &sinks)
{
    auto f = PipelineFixture::create(name, sourceSchemaSql, tables);
    f->setSinks(sinks);
    return f;
}

std::unique_ptr<PipelineFixture> redisItemsPipeline(const QString &name, const QString &sinks)
{
    return redisPipeline(name, Workload::createTablesSql(), {u"public.items"_s}, sinks);
}

SharedRedisServer::SharedRedisServer() = default;
SharedRedisServer::~SharedRedisServer() = default;

RedisServer &SharedRedisServer::get()
{
    if (!m_server) {
        m_server = std::make_unique<RedisServer>(u"shared"_s);
        m_server->start();
    }
    return *m_server;
}

const QStringList &itemColumns()
{
    static const QStringList columns{u"id"_s,      u"qty"_s, u"note"_s,
                                     u"payload"_s, u"big"_s, u"updated"_s};
    return columns;
}

QString shortened(const QString &text)
{
    return text.size() > 60 ? text.left(60) + u"..."_s : text;
}

SourceRows itemsOnSource(PgCluster &source, const QString &db)
{
    const QStringList &columns = itemColumns();
    SourceRows byId;
    for (const auto &row : itemRows(source, db))
        for (qsizetype c = 0; c < columns.size(); ++c)
            byId[row[0]][columns[c]] = row[c];
    return byId;
}

QString differenceFromSource(PgCluster &source, const QString &db, RedisServer &redis)
{
    const QStringList &columns = itemColumns();
    QSet<QString> expectedKeys;
    for (const auto &row : itemRows(source, db)) {
        const QString key = u"items:"_s + row[0];
        expectedKeys.insert(key);
        const QStringList flat = redis.command({u"HGETALL"_s, key});
        QHash<QString, QString> fields;
        for (qsizetype i = 0; i + 1 < flat.size(); i += 2)
            fields.insert(flat[i], flat[i + 1]);
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const QString &column = columns[c];
            if (row[c].isNull() ? fields.contains(column) : fields.value(column) != row[c])
                return u"%1 %2: source %3, redis %4"_s.arg(
                    key, column, row[c].isNull() ? u"NULL"_s : shortened(row[c]),
                    fields.contains(column) ? shortened(fields.value(column)) : u"absent"_s);
        }
        if (fields.size() != qsizetype(std::count_if(row.begin(), row.end(),
                                                     [](const QString &v) { return !v.isNull(); })))
            return key + u": extra fields "_s + QStringList(fields.keys()).join(u',');
    }
    const QStringList keys = redis.keys(u"items:*"_s);
    const QSet<QString> found(keys.begin(), keys.end());
    if (found != expectedKeys) {
        const QSet<QString> extra = found - expectedKeys, missing = expectedKeys - found;
        return u"keys differ: %1 extra (%2), %3 missing (%4)"_s.arg(extra.size())
            .arg(QStringList(extra.values()).mid(0, 5).join(u' '))
            .arg(missing.size())
            .arg(QStringList(missing.values()).mid(0, 5).join(u' '));
    }
    return {};
}

QString waitUntilCacheMatches(PgCluster &source, const QString &db, RedisServer &redis,
                              SynclineRunner &runner, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QString difference;
    while (timer.elapsed() < timeoutMs) {
        difference = differenceFromSource(source, db, redis);
        if (difference.isEmpty())
            return {};
        QThread::msleep(200);
    }
    return difference + u"\n--- runner output:\n"_s + runner.outputTail(40);
}

} // namespace syncline::test
