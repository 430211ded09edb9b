#include "sink/redis/apply_script.h"

#include "util/errors.h"
#include "util/json.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstdio>

namespace syncline::redis {

namespace {

const std::string kScript = R"lua(
-- KEYS[1]: the sink's position; KEYS[2] (replays only): the replayed events. ARGV[1]: the
-- batch's end position ('' for none; a replay: its note), ARGV[2]: the prefix of the sink's
-- own keys, ARGV[3]: each table's TTL in seconds (0: none), space-separated in the order of
-- the table names, ARGV[4]: stream MAXLEN, ARGV[5]: the replayed
-- event ('' when not a replay), ARGV[6]: the number of tables, then their names; then the
-- hash of a consumer group's partition offsets ('' for none) and how many offsets follow, each
-- as field, expected next offset (-1: none stored yet), value; then per write: op, key, table
-- (its number), position, n, sets, and n items (H, R, X: `sets` field and value pairs, then
-- fields to remove; J, M: the JSON; N: the key moved from). The offsets are compared before
-- anything is written: where one is not as expected, nothing is written and the call fails
-- with CONFLICT <field>; they are written with the sink's position.
local prefix, maxlen, replay = ARGV[2], ARGV[4], ARGV[5]
if replay ~= '' and redis.call('HEXISTS', KEYS[2], replay) == 1 then return {-1} end
local ntables = tonumber(ARGV[6])
local offsets, staged = ARGV[7 + ntables], tonumber(ARGV[8 + ntables])
local offsetsFirst = 9 + ntables
local first, last = offsetsFirst + 3 * staged, #ARGV
for k = offsetsFirst, first - 1, 3 do
  local stored = redis.call('HGET', offsets, ARGV[k])
  local expected = tonumber(ARGV[k + 1])
  if (expected < 0 and stored) or (expected >= 0 and
      (not stored or tonumber(string.match(stored, '^-?%d+')) ~= expected)) then
    return redis.error_reply('CONFLICT ' .. ARGV[k])
  end
end
local tables = {}
for t = 1, ntables do
  tables[t] = {positions = prefix .. 'pos:' .. ARGV[6 + t], seen = {}, dirty = {}, fields = {''}}
end
local n = 0
for ttl in string.gmatch(ARGV[3], '%d+') do n = n + 1 tables[n].ttl = tonumber(ttl) end
-- The stored positions of the keys written, one HMGET per table.
local i = first
while i <= last do
  local op = ARGV[i]
  if op ~= 'T' and op ~= 'X' then
    local fields = tables[tonumber(ARGV[i + 2])].fields
    if op == 'N' then fields[#fields + 1] = ARGV[i + 6] else fields[#fields + 1] = ARGV[i + 1] end
  end
  i = i + 6 + tonumber(ARGV[i + 4])
end
for _, t in ipairs(tables) do
  local fields = t.fields
  for s = 1, #fields, 4000 do
    local e = math.min(s + 3999, #fields)
    local stored = redis.call('HMGET', t.positions, unpack(fields, s, e))
    for k = s, e do
      if stored[k - s + 1] then t.seen[fields[k]] = stored[k - s + 1] end
    end
  end
  t.fields = nil
end
local err
local function ok(reply)
  if type(reply) == 'table' and reply.err then err = reply.err return false end
  return true
end
local function newer(t, field, position)
  if replay ~= '' then return true end
  local floor = t.seen['']
  if floor and floor >= position then return false end
  local seen = t.seen[field]
  return not (seen and seen >= position)
end
local reply = {0}
local write = 0
i = first
while i <= last do
  local op, key, t, position = ARGV[i], ARGV[i + 1], tables[tonumber(ARGV[i + 2])], ARGV[i + 3]
  local ttl = t.ttl
  local s = i + 6
  local e = s + tonumber(ARGV[i + 4]) - 1
  local sets = tonumber(ARGV[i + 5])
  i = e + 1
  local field = key
  if op == 'T' or op == 'X' then field = '' elseif op == 'N' then field = ARGV[s] end
  if newer(t, field, position) then
    local good = true
    if op == 'H' or op == 'R' then
      local setEnd = s + 2 * sets - 1
      if op == 'R' then good = ok(redis.pcall('DEL', key)) end
      if good and sets > 0 then good = ok(redis.pcall('HSET', key, unpack(ARGV, s, setEnd))) end
      if good and op == 'H' and e > setEnd then
        good = ok(redis.pcall('HDEL', key, unpack(ARGV, setEnd + 1, e)))
      end
      if good and ttl > 0 then good = ok(redis.pcall('EXPIRE', key, ttl)) end
    elseif op == 'J' or op == 'M' then
      local value = ARGV[s]
      if op == 'M' then
        local old = redis.pcall('GET', key)
        good = ok(old)
        if good and old then
          local decoded, merged = pcall(cjson.decode, old)
          if decoded and type(merged) == 'table' then
            for k, v in pairs(cjson.decode(value)) do merged[k] = v end
            value = cjson.encode(merged)
          else
            good, err = false, 'the stored value is not a JSON object'
          end
        end
      end
      if good then
        if ttl > 0 then good = ok(redis.pcall('SET', key, value, 'EX', ttl))
        else good = ok(redis.pcall('SET', key, value)) end
      end
    elseif op == 'D' then
      good = ok(redis.pcall('DEL', key))
    elseif op == 'N' then
      local exists = redis.pcall('EXISTS', field)
      good = ok(exists)
      if good and exists == 1 then good = ok(redis.pcall('RENAME', field, key)) end
    elseif op == 'T' then
      local cursor = '0'
      repeat
        local page = redis.call('SCAN', cursor, 'MATCH', key, 'COUNT', 1000)
        cursor = page[1]
        for _, found in ipairs(page[2]) do
          if string.sub(found, 1, #prefix) ~= prefix then redis.call('DEL', found) end
        end
      until cursor == '0'
      if replay == '' then
        redis.call('DEL', t.positions)
        t.seen, t.dirty = {}, {}
      end
    elseif op == 'X' then
      good = ok(redis.pcall('XADD', key, 'MAXLEN', '~', maxlen, '*', unpack(ARGV, s, e)))
    end
    if not good then
      reply[#reply + 1] = write
      reply[#reply + 1] = err
    else
      reply[1] = reply[1] + 1
      if replay == '' then
        t.seen[field] = position
        local dirty = t.dirty
        dirty[#dirty + 1] = field
        dirty[#dirty + 1] = position
      end
    end
  end
  write = write + 1
end
for _, t in ipairs(tables) do
  local dirty = t.dirty
  for s = 1, #dirty, 4000 do
    redis.call('HSET', t.positions, unpack(dirty, s, math.min(s + 3999, #dirty)))
  end
end
if #reply == 1 then
  if replay ~= '' then
    redis.call('HSET', KEYS[2], replay, ARGV[1])
  else
    for k = offsetsFirst, first - 1, 3 do redis.call('HSET', offsets, ARGV[k], ARGV[k + 2]) end
    if ARGV[1] ~= '' then
      local current = redis.call('GET', KEYS[1])
      if not current or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) end
    end
  end
end
return reply
)lua";

std::string hex(std::uint64_t value, int width)
{
    char text[24];
    std::snprintf(text, sizeof text, "%0*llx", width, static_cast<unsigned long long>(value));
    return text;
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

const std::string &applyScript()
{
    return kScript;
}

std::string changePosition(std::uint64_t commitLsn, std::uint64_t eventIndex)
{
    return hex(commitLsn, 16) + ".1." + hex(eventIndex, 12);
}

std::string snapshotPosition(std::uint64_t consistentPoint, std::uint64_t row)
{
    return hex(consistentPoint, 16) + ".0." + hex(row, 12);
}

std::string sinkPosition(std::uint64_t endLsn)
{
    return hex(endLsn, 16);
}

void ScriptBatch::checkSize(const std::string &table, const std::string &key, std::size_t size,
                            const char *what) const
{
    if (size > m_maxBulkBytes)
        throw PermanentError("table " + table + ", key " + key.substr(0, 80) +
                             (key.size() > 80 ? "..." : "") + ": a " + what + " of " +
                             std::to_string(size) + " bytes is over the " +
                             std::to_string(m_maxBulkBytes) + " bytes Redis takes");
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
                            const std::string &position, const Fields &fields, bool whole)
{
    for (const auto &[name, value] : fields)
        if (value)
            checkSize(table, key, value->size(), "value");
    add({Op::Hash, false, tableIndex(table), -1, key, position, {}, fields}, whole);
}

void ScriptBatch::writeJson(const std::string &key, const std::string &table,
                            const std::string &position, const Fields &fields, bool whole)
{
    std::size_t size = 2;
    for (const auto &[name, value] : fields)
        size += name.size() + (value ? value->size() : 4) + 6;
    checkSize(table, key, size, "value");
    add({whole ? Op::Json : Op::JsonMerge, false, tableIndex(table), -1, key, position, {}, fields},
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
                              const std::string &position, const Fields &fields)
{
    for (const auto &[name, value] : fields)
        if (value)
            checkSize(table, stream, value->size(), "value");
    add({Op::Append, false, tableIndex(table), -1, stream, position, {}, fields}, true);
}

const ScriptBatch::Arguments &
ScriptBatch::evalArguments(const std::string &sha, const std::string &positionKey,
                           const std::string &end, const std::string &prefix, int ttlSeconds,
                           int streamMaxLength, const std::string &replayKey,
                           const std::string &replay, const OffsetWrites &offsets)
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
    static const std::string kOps[] = {"H", "R", "J", "M", "D", "N", "T", "X"};
    auto opText = [&](Op op) -> const std::string & {
        for (const auto &text : kOps)
            if (text[0] == char(op))
                return text;
        return kEmpty;
    };
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

    static const std::string kEvalSha = "EVALSHA";
    // The few header arguments are copied: callers may pass temporaries.
    push(kEvalSha);
    pushText(sha);
    pushNumber(replay.empty() ? 1 : 2);
    pushText(positionKey);
    if (!replay.empty())
        pushText(replayKey);
    pushText(end);
    pushText(prefix);
    pushText(ttlArgument(ttlSeconds));
    pushText(std::to_string(streamMaxLength));
    pushText(replay);
    pushNumber(m_tables.size());
    for (const auto &table : m_tables)
        push(table);
    pushText(offsets.hash);
    pushNumber(offsets.writes.size());
    for (const auto &write : offsets.writes) { // copied too: callers build them for the call
        pushText(write.field);
        pushText(std::to_string(write.expected));
        pushText(write.value);
    }
    for (std::size_t index = 0; index < m_entries.size(); ++index) {
        const Entry &entry = m_entries[index];
        if (entry.dead)
            continue;
        m_sent.push_back(index);
        push(opText(entry.op));
        push(entry.key);
        pushNumber(std::size_t(entry.table) + 1);
        push(entry.position);
        switch (entry.op) {
        case Op::Hash:
        case Op::Replace: {
            std::size_t sets = 0, removes = 0;
            for (const auto &[name, value] : entry.fields)
                ++(value ? sets : removes);
            if (entry.op == Op::Replace)
                removes = 0; // DEL removed them
            pushNumber(2 * sets + removes);
            pushNumber(sets);
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
            pushNumber(1);
            pushNumber(0);
            pushText(jsonOf(entry.fields));
            break;
        case Op::Move:
            pushNumber(1);
            pushNumber(0);
            push(entry.from);
            break;
        case Op::Append:
            pushNumber(2 * entry.fields.size());
            pushNumber(entry.fields.size());
            for (const auto &[name, value] : entry.fields) {
                push(name);
                push(value ? *value : kEmpty);
            }
            break;
        case Op::Delete:
        case Op::Truncate:
            pushNumber(0);
            pushNumber(0);
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
        const Entry &entry = m_entries[m_sent[std::size_t(write.integer)]];
        Failure failure;
        failure.key = entry.key;
        failure.error = error.str ? std::string(error.str, error.len) : "refused";
        for (int link = entry.origins; link >= 0; link = m_origins[std::size_t(link)].previous)
            failure.origins.insert(failure.origins.begin(), m_origins[std::size_t(link)].origin);
        result.failures.push_back(std::move(failure));
    }
    return result;
}

void ScriptBatch::setTableTtls(const std::vector<RedisSinkOptions::TableTtl> &ttls)
{
    m_tableTtls.clear();
    for (const auto &ttl : ttls)
        m_tableTtls.emplace(ttl.table, ttl.seconds);
}

std::string ScriptBatch::ttlArgument(int ttlSeconds) const
{
    std::string text;
    for (const auto &table : m_tables) {
        const auto own = m_tableTtls.find(table);
        text += (text.empty() ? "" : " ") +
                std::to_string(own == m_tableTtls.end() ? ttlSeconds : own->second);
    }
    return text;
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
