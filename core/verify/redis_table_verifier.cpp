#include "verify/redis_table_verifier.h"

#include "verify/rows_in_rounds.h"
#include "verify/sink_catch_up.h"
#include "verify/verify_error.h"

#include "pg/connection.h"
#include "sink/redis/key_template.h"
#include "source/postgres/source_catalog.h"
#include "util/json.h"
#include "util/json_value.h"

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include <chrono>
#include <optional>

namespace syncline::verify {

namespace {

using Fields = std::vector<std::pair<std::string, std::optional<std::string>>>;

// {"column": "text" or null, ...}: the source's columns in order, then any other field.
// `nullsShown`: JSON values keep their nulls, hashes have no field for one.
std::string jsonOf(const TableSchema &table, Fields fields, bool nullsShown)
{
    std::string out = "{";
    auto add = [&](const std::string &name, const std::optional<std::string> &value) {
        if (!value && !nullsShown)
            return;
        if (out.size() > 1)
            out += ", ";
        appendJsonQuoted(out, name);
        out += ": ";
        if (value)
            appendJsonQuoted(out, *value);
        else
            out += "null";
    };
    for (const auto &column : table.columns)
        for (auto &field : fields)
            if (field.first == column.name) {
                add(field.first, field.second);
                field.first.clear();
                break;
            }
    for (const auto &field : fields)
        if (!field.first.empty())
            add(field.first, field.second);
    return out + "}";
}

std::string text(const redisReply &reply)
{
    return reply.str ? std::string(reply.str, reply.len) : std::string();
}

} // namespace

RedisTableVerifier::RedisTableVerifier(pg::Connection &source, const PostgresSinkConfig &sink,
                                       const std::string &pipeline, SinkCatchUp &catchUp,
                                       VerifyOptions options)
    : m_source(source), m_sink(sink), m_ownPrefix("syncline:" + pipeline + ":" + sink.name + ":"),
      m_catchUp(catchUp), m_options(options),
      m_redis(redis::Connection::open(redis::redisServerOf(sink.redis),
                                      "sink " + sink.name + " (verify)"))
{}

TableResult RedisTableVerifier::verify(const std::string &table)
{
    const auto started = std::chrono::steady_clock::now();
    TableResult result;
    result.sink = m_sink.name;
    result.table = table;
    if (m_sink.redis.mode != RedisSinkOptions::Mode::Materialize)
        throw VerifyError("not compared: a redis sink in invalidate or stream mode keeps no rows");
    const TableSchema source = SourceCatalog(m_source).describeTable(table).toSchema();
    std::vector<std::string> keyColumns;
    for (int i : source.keyColumnIndexes())
        keyColumns.push_back(source.columns[std::size_t(i)].name);
    if (keyColumns.empty())
        throw VerifyError("not compared: " + table + " has no key to match rows by");
    const redis::KeyTemplate keys(m_sink.redis.keyTemplate, source.schema, source.name, keyColumns,
                                  false);
    const bool json = m_sink.redis.json;

    auto readSource = [&](Lsn &mark) {
        RowsInMemory rows;
        readWithMark(m_source, source, mark, [&](const Row &values) {
            std::vector<const Value *> keyValues;
            for (int i : source.keyColumnIndexes())
                keyValues.push_back(&values[std::size_t(i)]);
            Fields fields;
            for (std::size_t i = 0; i < source.columns.size(); ++i)
                fields.emplace_back(
                    source.columns[i].name,
                    values[i].isNull() ? std::nullopt : std::optional<std::string>(values[i].text));
            std::string value = jsonOf(source, std::move(fields), json);
            rows[Key{keys.render(keyValues)}] = {value, value};
        });
        return rows;
    };
    auto readTarget = [&] {
        std::vector<std::string> found;
        std::string cursor = "0";
        do {
            const redis::Reply page =
                m_redis.command({"SCAN", cursor, "MATCH", keys.scanPattern(), "COUNT", "1000"});
            if (page->type != REDIS_REPLY_ARRAY || page->elements != 2)
                throw VerifyError(m_redis.describe("SCAN failed: " + redis::errorOf(*page)));
            cursor = text(*page->element[0]);
            for (std::size_t i = 0; i < page->element[1]->elements; ++i) {
                std::string key = text(*page->element[1]->element[i]);
                if (key.rfind(m_ownPrefix, 0) != 0)
                    found.push_back(std::move(key));
            }
        } while (cursor != "0");
        for (const auto &key : found)
            m_redis.append(std::vector<std::string>{json ? "GET" : "HGETALL", key});
        RowsInMemory rows;
        for (const auto &key : found) {
            const redis::Reply reply = m_redis.read();
            Fields fields;
            if (const std::string error = redis::errorOf(*reply); !error.empty()) {
                fields.emplace_back("(redis)", error); // another type: WRONGTYPE
            } else if (reply->type == REDIS_REPLY_NIL) {
                continue; // expired or deleted since the SCAN
            } else if (json) {
                try {
                    const JsonValue value = JsonValue::parse(text(*reply));
                    if (!value.isObject())
                        throw JsonError(0, "not an object");
                    for (const auto &[name, member] : value.members())
                        fields.emplace_back(name, member.isNull()
                                                      ? std::nullopt
                                                      : std::optional<std::string>(member.text()));
                } catch (const JsonError &) {
                    fields.emplace_back("(redis)", "not a JSON object: " + text(*reply));
                }
            } else {
                for (std::size_t i = 0; i + 1 < reply->elements; i += 2)
                    fields.emplace_back(text(*reply->element[i]), text(*reply->element[i + 1]));
            }
            rows[Key{key}] = {{}, jsonOf(source, std::move(fields), json)};
        }
        return rows;
    };
    compareInRounds(result, {"key"}, readSource, readTarget, m_catchUp, table, m_options.maxRounds,
                    m_options.keptDifferences);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace syncline::verify
