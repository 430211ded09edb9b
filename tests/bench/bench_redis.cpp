#include "bench_redis.h"

#include "pg_cluster.h"
#include "redis_server.h"

#include "pg/connection.h"
#include "sink/redis/redis_connection.h"
#include "sink/redis/redis_url.h"

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include <cstdio>
#include <map>
#include <stdexcept>

namespace syncline::bench {

using namespace Qt::StringLiterals;

RedisTarget::RedisTarget() : m_server(std::make_unique<test::RedisServer>(u"bench"_s))
{
    m_server->start();
}

RedisTarget::~RedisTarget() = default;

void RedisTarget::flush()
{
    m_server->command({u"FLUSHALL"_s});
    m_server->command({u"CONFIG"_s, u"RESETSTAT"_s}); // the commandstats check() prints
}

qint64 RedisTarget::pid() const
{
    return m_server->pid();
}

QString RedisTarget::sinksYaml() const
{
    return u"  - name: cache\n    type: redis\n    url: \"%1\"\n    mode: materialize\n"
           "    key: \"{table}:{id}\"\n"_s.arg(m_server->url());
}

bool RedisTarget::markerArrived(int value)
{
    const QString id = QString::number(value);
    return m_server
               ->command({u"EXISTS"_s, u"marker:"_s + id, u"accounts:-"_s + id, u"docs:-"_s + id})
               .value(0) == u"3"_s;
}

void RedisTarget::check(test::PgCluster &source, const QString &db)
{
    // What the apply script cost Redis, for a profile of the run: calls and microseconds.
    const QStringList stats = m_server->command({u"INFO"_s, u"commandstats"_s});
    for (const auto &line : stats.join(u'\n').split(u'\n'))
        if (line.startsWith(u"cmdstat_evalsha"_s) || line.startsWith(u"cmdstat_hset"_s) ||
            line.startsWith(u"cmdstat_exec"_s))
            std::fprintf(stderr, "redis %s\n", qPrintable(line.trimmed()));
    auto redis =
        redis::Connection::open(redis::parseRedisUrl(m_server->url().toStdString()), "bench check");
    auto pg = pg::Connection::open(source.dsn(db).toStdString());
    const std::map<std::string, std::string> tables{
        {"accounts", "SELECT id::text, owner, balance::text, flags::text, updated_at::text "
                     "FROM accounts"},
        {"docs", "SELECT id::text, version::text, body FROM docs"}};
    for (const auto &[table, sql] : tables) {
        const auto rows = pg.exec(sql);
        const PGresult *result = rows.get();
        const int count = PQntuples(result);
        for (int row = 0; row < count; ++row)
            redis.append(
                std::vector<std::string>{"HGETALL", table + ':' + PQgetvalue(result, row, 0)});
        for (int row = 0; row < count; ++row) {
            const std::string key = table + ':' + PQgetvalue(result, row, 0);
            const redis::Reply reply = redis.read();
            std::map<std::string, std::string> fields;
            for (std::size_t i = 0; i + 1 < reply->elements; i += 2)
                fields[std::string(reply->element[i]->str, reply->element[i]->len)] =
                    std::string(reply->element[i + 1]->str, reply->element[i + 1]->len);
            std::size_t present = 0;
            for (int column = 0; column < PQnfields(result); ++column) {
                const std::string name = PQfname(result, column);
                const auto found = fields.find(name);
                if (PQgetisnull(result, row, column)) {
                    if (found != fields.end())
                        throw std::runtime_error(key + " " + name + ": NULL on the source, " +
                                                 found->second.substr(0, 60) + " in Redis");
                    continue;
                }
                ++present;
                const std::string value = PQgetvalue(result, row, column);
                if (found == fields.end() || found->second != value)
                    throw std::runtime_error(
                        key + " " + name + ": " + value.substr(0, 60) + " on the source, " +
                        (found == fields.end() ? "absent" : found->second.substr(0, 60)) +
                        " in Redis");
            }
            if (fields.size() != present)
                throw std::runtime_error(key + ": fields the source's row does not have");
        }
        long long keys = 0;
        std::string cursor = "0";
        do {
            const redis::Reply page =
                redis.command({"SCAN", cursor, "MATCH", table + ":*", "COUNT", "10000"});
            cursor.assign(page->element[0]->str, page->element[0]->len);
            keys += (long long)page->element[1]->elements;
        } while (cursor != "0");
        if (keys != count)
            throw std::runtime_error(table + ": " + std::to_string(count) +
                                     " rows on the source, " + std::to_string(keys) +
                                     " keys in Redis");
    }
}

} // namespace syncline::bench
