#include "sink/redis/apply_script.h"

#include "util/errors.h"

#include <cstdio>

namespace syncline::redis {

namespace {

// KEYS[1]: the sink's position. ARGV[1]: the batch's end position ("": leave it), ARGV[2]: the
// prefix of the sink's own keys, ARGV[3]: TTL in seconds (0: none), ARGV[4]: stream MAXLEN,
// ARGV[5]: the hash of a consumer group's partition offsets, ARGV[6]: how many offsets follow,
// each as field, expected next offset (-1: none stored), value; then per change: op, key, table,
// position, n, and n items. The offsets are compared first: where one is not as expected,
// nothing is written and the call fails with CONFLICT <field>.
const std::string kScript = R"lua(
local prefix, ttl, maxlen = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local offsets, staged = ARGV[5], tonumber(ARGV[6])
for k = 7, 6 + 3 * staged, 3 do
  local stored = redis.call('HGET', offsets, ARGV[k])
  local expected = tonumber(ARGV[k + 1])
  if (expected < 0 and stored) or (expected >= 0 and
      (not stored or tonumber(string.match(stored, '^-?%d+')) ~= expected)) then
    return redis.error_reply('CONFLICT ' .. ARGV[k])
  end
end
local floors = {} -- each table's truncate position, read once per call
local function newer(positions, field, position)
  local floor = floors[positions]
  if floor == nil then floor = redis.call('HGET', positions, '') floors[positions] = floor end
  if floor and floor >= position then return false end
  if field ~= '' then
    local seen = redis.call('HGET', positions, field)
    if seen and seen >= position then return false end
  end
  redis.call('HSET', positions, field, position)
  if field == '' then floors[positions] = position end
  return true
end
local applied = 0
local i = 7 + 3 * staged
while i <= #ARGV do
  local op, key, position, n = ARGV[i], ARGV[i + 1], ARGV[i + 3], tonumber(ARGV[i + 4])
  local positions = prefix .. 'pos:' .. ARGV[i + 2]
  local first = i + 5
  i = first + n
  local field = key
  if op == 'T' or op == 'X' then field = '' end
  if op == 'N' then field = ARGV[first] end
  if newer(positions, field, position) then
    applied = applied + 1
    if op == 'R' or op == 'H' then
      if op == 'R' then redis.call('DEL', key) end
      local sets, removes = {'HSET', key}, {'HDEL', key}
      for j = first, first + n - 1, 2 do
        local value = ARGV[j + 1]
        if string.sub(value, 1, 1) == '=' then
          sets[#sets + 1] = ARGV[j]
          sets[#sets + 1] = string.sub(value, 2)
        elseif op == 'H' then
          removes[#removes + 1] = ARGV[j]
        end
      end
      if #sets > 2 then redis.call(unpack(sets)) end
      if #removes > 2 then redis.call(unpack(removes)) end
      if ttl > 0 then redis.call('EXPIRE', key, ttl) end
    elseif op == 'J' or op == 'M' then
      local value = ARGV[first]
      local old = op == 'M' and redis.call('GET', key)
      if old then
        local merged = cjson.decode(old)
        for k, v in pairs(cjson.decode(value)) do merged[k] = v end
        value = cjson.encode(merged)
      end
      if ttl > 0 then redis.call('SET', key, value, 'EX', ttl) else redis.call('SET', key, value) end
    elseif op == 'D' then
      redis.call('DEL', key)
    elseif op == 'N' then
      if redis.call('EXISTS', field) == 1 then redis.call('RENAME', field, key) end
    elseif op == 'T' then
      local cursor = '0'
      repeat
        local page = redis.call('SCAN', cursor, 'MATCH', key, 'COUNT', 1000)
        cursor = page[1]
        for _, found in ipairs(page[2]) do
          if string.sub(found, 1, #prefix) ~= prefix then redis.call('DEL', found) end
        end
      until cursor == '0'
      redis.call('DEL', positions)
      redis.call('HSET', positions, '', position)
      floors[positions] = position
    elseif op == 'X' then
      local entry = {'XADD', key, 'MAXLEN', '~', maxlen, '*'}
      for j = first, first + n - 1 do entry[#entry + 1] = ARGV[j] end
      redis.call(unpack(entry))
    end
  end
end
for k = 7, 6 + 3 * staged, 3 do redis.call('HSET', offsets, ARGV[k], ARGV[k + 2]) end
if ARGV[1] ~= '' then
  local current = redis.call('GET', KEYS[1])
  if not current or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) end
end
return applied
)lua";

std::string hex(std::uint64_t value, int width)
{
    char text[24];
    std::snprintf(text, sizeof text, "%0*llx", width, static_cast<unsigned long long>(value));
    return text;
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

void ScriptBatch::checkSize(const std::string &table, const std::string &key,
                            const std::string &text, const char *what) const
{
    if (text.size() > m_maxBulkBytes)
        throw PermanentError("table " + table + ", key " + key.substr(0, 80) +
                             (key.size() > 80 ? "..." : "") + ": a " + what + " of " +
                             std::to_string(text.size()) + " bytes is over the " +
                             std::to_string(m_maxBulkBytes) + " bytes Redis takes");
}

void ScriptBatch::add(char op, const std::string &key, const std::string &table,
                      const std::string &position, std::vector<std::string> items)
{
    checkSize(table, key, key, "key");
    m_arguments.insert(m_arguments.end(),
                       {std::string(1, op), key, table, position, std::to_string(items.size())});
    for (auto &item : items) {
        m_bytes += item.size();
        m_arguments.push_back(std::move(item));
    }
    m_bytes += key.size() + position.size();
    ++m_changes;
}

void ScriptBatch::writeHash(const std::string &key, const std::string &table,
                            const std::string &position, const Fields &fields, bool replace)
{
    std::vector<std::string> items;
    for (const auto &[name, value] : fields) {
        checkSize(table, key, value.value_or(""), "value");
        items.push_back(name);
        items.push_back(value ? "=" + *value : "-");
    }
    add(replace ? 'R' : 'H', key, table, position, std::move(items));
}

void ScriptBatch::writeJson(const std::string &key, const std::string &table,
                            const std::string &position, const std::string &json, bool merge)
{
    checkSize(table, key, json, "value");
    add(merge ? 'M' : 'J', key, table, position, {json});
}

void ScriptBatch::remove(const std::string &key, const std::string &table,
                         const std::string &position)
{
    add('D', key, table, position, {});
}

void ScriptBatch::moveKey(const std::string &from, const std::string &to, const std::string &table,
                          const std::string &position)
{
    add('N', to, table, position, {from});
}

void ScriptBatch::truncate(const std::string &pattern, const std::string &table,
                           const std::string &position)
{
    add('T', pattern, table, position, {});
}

void ScriptBatch::appendEntry(const std::string &stream, const std::string &table,
                              const std::string &position, const Fields &fields)
{
    std::vector<std::string> items;
    for (const auto &[name, value] : fields) {
        checkSize(table, stream, value.value_or(""), "value");
        items.push_back(name);
        items.push_back(value.value_or(""));
    }
    add('X', stream, table, position, std::move(items));
}

std::vector<std::string>
ScriptBatch::evalArguments(const std::string &sha, const std::string &positionKey,
                           const std::string &end, const std::string &prefix, int ttlSeconds,
                           int streamMaxLength, const OffsetWrites &offsets) const
{
    std::vector<std::string> arguments{"EVALSHA",
                                       sha,
                                       "1",
                                       positionKey,
                                       end,
                                       prefix,
                                       std::to_string(ttlSeconds),
                                       std::to_string(streamMaxLength),
                                       offsets.hash,
                                       std::to_string(offsets.writes.size())};
    for (const auto &write : offsets.writes)
        arguments.insert(arguments.end(),
                         {write.field, std::to_string(write.expected), write.value});
    arguments.insert(arguments.end(), m_arguments.begin(), m_arguments.end());
    return arguments;
}

void ScriptBatch::clear()
{
    m_arguments.clear();
    m_changes = 0;
    m_bytes = 0;
}

} // namespace syncline::redis
