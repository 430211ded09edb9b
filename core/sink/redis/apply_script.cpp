#include "sink/redis/apply_script.h"

#include "util/errors.h"
#include "util/json.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace syncline::redis {

namespace {

// Fixed-width lower-case hex (a position is made for every change: no snprintf).
void appendHex(std::string &out, std::uint64_t value, int width)
{
    static const char kDigits[] = "0123456789abcdef";
    char text[16];
    for (int i = width - 1; i >= 0; --i, value >>= 4)
        text[i] = kDigits[value & 0xf];
    out.append(text, std::size_t(width));
}

// <lsn>.<kind>.<index>: 31 characters.
std::string rowPosition(std::uint64_t lsn, const char *kind, std::uint64_t index)
{
    std::string position;
    position.reserve(31);
    appendHex(position, lsn, 16);
    position += kind;
    appendHex(position, index, 12);
    return position;
}

// {"a":"1","b":null}
std::string jsonOf(const ScriptBatch::Fields &fields)
{
    std::string json = "{";
    for (const auto &[name, value] : fields) {
        if (json.size() > 1)
            json += ',';
        appendJsonQuoted(json, name);
        json += ':';
        if (value)
            appendJsonQuoted(json, *value);
        else
            json += "null";
    }
    return json + "}";
}

} // namespace

std::string changePosition(std::uint64_t commitLsn, std::uint64_t eventIndex)
{
    return rowPosition(commitLsn, ".1.", eventIndex);
}

std::string snapshotPosition(std::uint64_t consistentPoint, std::uint64_t row)
{
    return rowPosition(consistentPoint, ".0.", row);
}

std::string sinkPosition(std::uint64_t endLsn)
{
    std::string position;
    appendHex(position, endLsn, 16);
    return position;
}

void ScriptBatch::checkSize(const std::string &table, const std::string &key, std::size_t size,
                            const char *what) const
{
    if (size > m_maxBulkBytes)
        throw TooLarge(
            "table " + table + ", key " + key.substr(0, 80) + (key.size() > 80 ? "..." : "") +
            ": a " + what + " of " + std::to_string(size) + " bytes is over the " +
            std::to_string(m_maxBulkBytes) + " bytes the server reads (proto-max-bulk-len)");
}

int ScriptBatch::tableIndex(const std::string &table)
{
    for (std::size_t i = 0; i < m_tables.size(); ++i)
        if (m_tables[i] == table)
            return int(i);
    m_tables.push_back(table);
    return int(m_tables.size() - 1);
}

void ScriptBatch::overlay(Fields &onto, const Fields &fields)
{
    for (const auto &field : fields) {
        auto at = std::find_if(onto.begin(), onto.end(),
                               [&](const auto &existing) { return existing.first == field.first; });
        if (at == onto.end())
            onto.push_back(field);
        else
            at->second = field.second;
    }
}

void ScriptBatch::add(Entry entry, bool whole)
{
    checkSize(m_tables[std::size_t(entry.table)], entry.key, entry.key.size(), "key");
    m_bytes += entry.key.size() + entry.position.size();
    for (const auto &[name, value] : entry.fields)
        m_bytes += name.size() + (value ? value->size() : 0);
    ++m_changes;
    if (m_origin >= 0) {
        m_origins.push_back({m_origin, -1});
        entry.origins = int(m_origins.size() - 1);
    }
    if (entry.op == Op::Move || entry.op == Op::Truncate)
        m_latest.clear(); // applied in order: nothing before merges with anything after
    if (entry.op == Op::Move || entry.op == Op::Truncate || entry.op == Op::Append) {
        m_entries.push_back(std::move(entry));
        ++m_writes;
        return;
    }
    const auto [found, isNew] = m_latest.try_emplace(entry.key, m_entries.size());
    if (!isNew) {
        Entry &earlier = m_entries[found->second];
        if (earlier.table == entry.table && entry.position <= earlier.position)
            return; // produced again by a restarted source: the key already has it
        if (earlier.table == entry.table) {
            // The key's last state: this change applied on top of the earlier one.
            const Op was = earlier.op;
            switch (entry.op) {
            case Op::Hash:
            case Op::Replace:
                if (was == Op::Delete)
                    entry.op = Op::Replace;
                else if (was == Op::Hash || was == Op::Replace) {
                    if (was == Op::Replace)
                        entry.op = Op::Replace;
                    if (!whole) {
                        overlay(earlier.fields, entry.fields);
                        entry.fields = std::move(earlier.fields);
                    }
                }
                break;
            case Op::Json:
                break;
            case Op::JsonMerge:
                if (was == Op::Delete)
                    entry.op = Op::Json; // nothing stored to merge with
                else if (was == Op::Json || was == Op::JsonMerge) {
                    entry.op = was;
                    overlay(earlier.fields, entry.fields);
                    entry.fields = std::move(earlier.fields);
                }
                break;
            default:
                break;
            }
            if (earlier.origins >= 0) {
                if (entry.origins >= 0)
                    m_origins[std::size_t(entry.origins)].previous = earlier.origins;
                else
                    entry.origins = earlier.origins;
            }
            earlier.dead = true;
            --m_writes;
        }
        found->second = m_entries.size();
    }
    m_entries.push_back(std::move(entry));
    ++m_writes;
}

void ScriptBatch::writeHash(const std::string &key, const std::string &table,
                            const std::string &position, Fields fields, bool whole)
{
    for (const auto &[name, value] : fields)
        if (value)
            checkSize(table, key, value->size(), "value");
    add({Op::Hash, false, tableIndex(table), -1, key, position, {}, std::move(fields)}, whole);
}

void ScriptBatch::writeJson(const std::string &key, const std::string &table,
                            const std::string &position, Fields fields, bool whole)
{
    std::size_t size = 2;
    for (const auto &[name, value] : fields)
        size += name.size() + (value ? value->size() : 4) + 6;
    checkSize(table, key, size, "value");
    add({whole ? Op::Json : Op::JsonMerge,
         false,
         tableIndex(table),
         -1,
         key,
         position,
         {},
         std::move(fields)},
        whole);
}

void ScriptBatch::remove(const std::string &key, const std::string &table,
                         const std::string &position)
{
    add({Op::Delete, false, tableIndex(table), -1, key, position, {}, {}}, true);
}

void ScriptBatch::moveKey(const std::string &from, const std::string &to, const std::string &table,
                          const std::string &position)
{
    add({Op::Move, false, tableIndex(table), -1, to, position, from, {}}, true);
}

void ScriptBatch::truncate(const std::string &pattern, const std::string &table,
                           const std::string &position)
{
    add({Op::Truncate, false, tableIndex(table), -1, pattern, position, {}, {}}, true);
}

void ScriptBatch::appendEntry(const std::string &stream, const std::string &table,
                              const std::string &position, Fields fields)
{
    for (const auto &[name, value] : fields)
        if (value)
            checkSize(table, stream, value->size(), "value");
    add({Op::Append, false, tableIndex(table), -1, stream, position, {}, std::move(fields)}, true);
}

std::pair<const std::string *, const std::string *> ScriptBatch::positionBounds() const
{
    const Entry *first = nullptr, *last = nullptr;
    for (const Entry &entry : m_entries) {
        if (entry.dead)
            continue;
        if (last && entry.position < last->position)
            return {};
        if (!first)
            first = &entry;
        last = &entry;
    }
    if (!first)
        return {};
    return {&first->position, &last->position};
}

const ScriptBatch::Arguments &ScriptBatch::evalArguments(const std::string &sha, const Call &call)
{
    m_texts.clear();
    m_sent.clear();
    auto &pointers = m_arguments.pointers;
    auto &lengths = m_arguments.lengths;
    pointers.clear();
    lengths.clear();
    auto push = [&](const std::string &text) {
        pointers.push_back(text.data());
        lengths.push_back(text.size());
    };
    auto pushText = [&](std::string text) { push(m_texts.emplace_back(std::move(text))); };
    static const std::string kEmpty;
    // Small numbers, from one table: most counts are.
    static const std::vector<std::string> kNumbers = [] {
        std::vector<std::string> numbers;
        for (int i = 0; i < 256; ++i)
            numbers.push_back(std::to_string(i));
        return numbers;
    }();
    auto pushNumber = [&](std::size_t value) {
        if (value < kNumbers.size())
            push(kNumbers[value]);
        else
            pushText(std::to_string(value));
    };
    const auto [firstPosition, lastPosition] = positionBounds();

    static const std::string kEvalSha = "EVALSHA", kCommit = "c";
    push(kEvalSha);
    push(sha);
    pushNumber(call.replay.empty() ? 1 : 2);
    push(call.positionKey);
    if (!call.replay.empty())
        push(call.replayKey);
    push(call.end);
    push(call.prefix);
    std::string ttls; // each table's, space-separated
    for (const int ttl : tableTtls(call.ttlSeconds))
        ttls += (ttls.empty() ? "" : " ") + std::to_string(ttl);
    pushText(std::move(ttls));
    pushText(std::to_string(call.streamMaxLength));
    push(call.replay);
    push(call.commit ? kCommit : kEmpty);
    push(call.after);
    push(firstPosition ? *firstPosition : kEmpty);
    push(lastPosition ? *lastPosition : kEmpty);
    pushNumber(m_tables.size());
    for (const auto &table : m_tables)
        push(table);
    push(call.offsets.hash);
    pushNumber(call.offsets.writes.size());
    for (const auto &write : call.offsets.writes) {
        push(write.field);
        pushText(std::to_string(write.expected));
        push(write.value);
    }
    // Each write's head: the op's letter, then its table's number, its count of items and of
    // field and value pairs, each as two bytes.
    auto pushHead = [&](const Entry &entry, std::size_t items, std::size_t sets) {
        if (m_tables.size() > 0xffff || items > 0xffff)
            throw PermanentError("a script call of more than 65535 tables, or a write of more "
                                 "than 65535 items (table " +
                                 m_tables[std::size_t(entry.table)] + ")");
        const std::size_t table = std::size_t(entry.table) + 1;
        const char head[] = {char(entry.op),   char(table >> 8),   char(table & 0xff),
                             char(items >> 8), char(items & 0xff), char(sets >> 8),
                             char(sets & 0xff)};
        pushText(std::string(head, sizeof head));
        push(entry.key);
        push(entry.position);
    };
    for (std::size_t index = 0; index < m_entries.size(); ++index) {
        const Entry &entry = m_entries[index];
        if (entry.dead)
            continue;
        m_sent.push_back(index);
        switch (entry.op) {
        case Op::Hash:
        case Op::Replace: {
            std::size_t sets = 0, removes = 0;
            for (const auto &[name, value] : entry.fields)
                ++(value ? sets : removes);
            if (entry.op == Op::Replace)
                removes = 0; // DEL removed them
            pushHead(entry, 2 * sets + removes, sets);
            for (const auto &[name, value] : entry.fields)
                if (value) {
                    push(name);
                    push(*value);
                }
            if (entry.op == Op::Hash)
                for (const auto &[name, value] : entry.fields)
                    if (!value)
                        push(name);
            break;
        }
        case Op::Json:
        case Op::JsonMerge:
            pushHead(entry, 1, 0);
            pushText(jsonOf(entry.fields));
            break;
        case Op::Move:
            pushHead(entry, 1, 0);
            push(entry.from);
            break;
        case Op::Append:
            pushHead(entry, 2 * entry.fields.size(), entry.fields.size());
            for (const auto &[name, value] : entry.fields) {
                push(name);
                push(value ? *value : kEmpty);
            }
            break;
        case Op::Delete:
        case Op::Truncate:
            pushHead(entry, 0, 0);
            break;
        }
    }
    return m_arguments;
}

ScriptBatch::Outcome ScriptBatch::outcome(const redisReply &reply) const
{
    Outcome result;
    if (reply.type != REDIS_REPLY_ARRAY || reply.elements == 0 ||
        reply.element[0]->type != REDIS_REPLY_INTEGER)
        throw PermanentError("the apply script answered something other than its reply");
    if (reply.element[0]->integer == -2) {
        result.outOfSequence = true;
        return result;
    }
    if (reply.element[0]->integer < 0) {
        result.alreadyReplayed = true;
        return result;
    }
    for (std::size_t i = 1; i + 1 < reply.elements; i += 2) {
        const redisReply &write = *reply.element[i];
        const redisReply &error = *reply.element[i + 1];
        if (write.type != REDIS_REPLY_INTEGER || write.integer < 0 ||
            std::size_t(write.integer) >= m_sent.size())
            throw PermanentError("the apply script reported a write it was not sent");
        result.failures.push_back(
            failureOf(m_entries[m_sent[std::size_t(write.integer)]],
                      error.str ? std::string(error.str, error.len) : std::string("refused")));
    }
    return result;
}

ScriptBatch::Failure ScriptBatch::failureOf(const Entry &entry, std::string error) const
{
    Failure failure;
    failure.key = entry.key;
    failure.error = std::move(error);
    for (int link = entry.origins; link >= 0; link = m_origins[std::size_t(link)].previous)
        failure.origins.insert(failure.origins.begin(), m_origins[std::size_t(link)].origin);
    return failure;
}

bool ScriptBatch::appendCommands(std::string &out, int ttlSeconds)
{
    m_commandEntries.clear();
    for (const Entry &entry : m_entries)
        if (!entry.dead && entry.op != Op::Hash && entry.op != Op::Replace &&
            entry.op != Op::Delete && entry.op != Op::Json)
            return false;
    out.reserve(out.size() + m_bytes + 64 * m_writes);
    auto count = [&](std::size_t arguments) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, arguments).ptr;
        out += '*';
        out.append(digits, end);
        out += "\r\n";
    };
    auto bulk = [&](std::string_view text) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, text.size()).ptr;
        out += '$';
        out.append(digits, end);
        out += "\r\n";
        out.append(text);
        out += "\r\n";
    };
    const std::vector<int> ttls = tableTtls(ttlSeconds);
    for (std::size_t index = 0; index < m_entries.size(); ++index) {
        const Entry &entry = m_entries[index];
        if (entry.dead)
            continue;
        const int ttl = ttls[std::size_t(entry.table)];
        // Each command starts with its count of arguments, its name and the key.
        auto command = [&](std::size_t arguments, std::string_view name) {
            count(arguments);
            bulk(name);
            bulk(entry.key);
            m_commandEntries.push_back(index);
        };
        if (entry.op == Op::Delete || entry.op == Op::Replace)
            command(2, "DEL");
        if (entry.op == Op::Json) {
            command(ttl > 0 ? 5 : 3, "SET");
            bulk(jsonOf(entry.fields));
            if (ttl > 0) {
                bulk("EX");
                bulk(std::to_string(ttl));
            }
            continue;
        }
        if (entry.op == Op::Delete)
            continue;
        std::size_t sets = 0, removes = 0;
        for (const auto &[name, value] : entry.fields)
            ++(value ? sets : removes);
        if (sets > 0) {
            command(2 + 2 * sets, "HSET");
            for (const auto &[name, value] : entry.fields)
                if (value) {
                    bulk(name);
                    bulk(*value);
                }
        }
        if (entry.op == Op::Hash && removes > 0) {
            command(2 + removes, "HDEL");
            for (const auto &[name, value] : entry.fields)
                if (!value)
                    bulk(name);
        }
        if (ttl > 0) {
            command(3, "EXPIRE");
            bulk(std::to_string(ttl));
        } else if (ttl == kPersist && entry.op == Op::Hash) {
            command(2, "PERSIST");
        }
    }
    return true;
}

std::vector<ScriptBatch::Failure> ScriptBatch::commandFailures(const redisReply &exec) const
{
    if (exec.type != REDIS_REPLY_ARRAY || exec.elements < m_commandEntries.size())
        throw PermanentError("EXEC answered something other than the commands' replies");
    std::vector<Failure> failures;
    std::size_t failed = m_entries.size(); // the entry of the last failure: reported once
    for (std::size_t i = 0; i < m_commandEntries.size(); ++i) {
        const redisReply &reply = *exec.element[i];
        if (reply.type != REDIS_REPLY_ERROR || m_commandEntries[i] == failed)
            continue;
        failed = m_commandEntries[i];
        failures.push_back(failureOf(m_entries[failed], std::string(reply.str, reply.len)));
    }
    return failures;
}

void ScriptBatch::setTableTtls(const std::vector<RedisSinkOptions::TableTtl> &ttls)
{
    m_tableTtls.clear();
    for (const auto &ttl : ttls)
        m_tableTtls.emplace(ttl.table, ttl.seconds > 0 ? ttl.seconds : kPersist);
}

std::vector<int> ScriptBatch::tableTtls(int ttlSeconds) const
{
    std::vector<int> ttls;
    ttls.reserve(m_tables.size());
    for (const auto &table : m_tables) {
        const auto own = m_tableTtls.find(table);
        ttls.push_back(own == m_tableTtls.end() ? ttlSeconds : own->second);
    }
    return ttls;
}

void ScriptBatch::clear()
{
    m_tables.clear();
    m_entries.clear();
    m_origins.clear();
    m_latest.clear();
    m_changes = 0;
    m_writes = 0;
    m_bytes = 0;
    m_origin = -1;
}

} // namespace syncline::redis
