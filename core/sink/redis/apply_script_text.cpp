// The apply script's Lua text (apply_script.h says what it does).

#include "sink/redis/apply_script.h"

namespace syncline::redis {

namespace {

const std::string kScript = R"lua(
-- KEYS[1]: the sink's position; KEYS[2] (replays only): the replayed events. ARGV[1]: the batch's
-- end position ('' for none; a replay: its note), ARGV[2]: the prefix of the sink's own keys,
-- ARGV[3]: each table's TTL in seconds (0: none; -1: none, and a hash written loses the TTL it
-- had), space-separated in the order of the table names, ARGV[4]: stream MAXLEN, ARGV[5]: the
-- replayed event ('' when not a replay), ARGV[6]: 'c' for a commit of source changes ('' for a
-- snapshot), ARGV[7]: the sink's position the call follows ('' for any; when the stored one
-- differs, nothing is written and the reply is {-2}), ARGV[8] and ARGV[9]: the first and last
-- position of the writes when none is older than the one before ('' else), ARGV[10]: the number of
-- tables, then their names; then the hash of a consumer group's partition offsets ('' for none)
-- and how many offsets follow, each as field, expected next offset (-1: none stored yet), value;
-- then per write: its head (the op's letter, then the table's number, n and `sets`, each as two
-- bytes, high first), key, position, and n items (H, R, X: `sets` field and value pairs, then
-- fields to remove; J, M: the JSON; N: the key moved from). The offsets are compared before
-- anything is written: where one is not as expected, nothing is written and the call fails with
-- CONFLICT <field>; they are written with the sink's position.
local prefix, maxlen, replay = ARGV[2], ARGV[4], ARGV[5]
if replay ~= '' and redis.call('HEXISTS', KEYS[2], replay) == 1 then return {-1} end
local stored = redis.call('GET', KEYS[1])
if ARGV[7] ~= '' and stored ~= ARGV[7] then return {-2} end
local commit, firstPosition, lastPosition = ARGV[6] == 'c', ARGV[8], ARGV[9]
local ntables = tonumber(ARGV[10])
local offsets, staged = ARGV[11 + ntables], tonumber(ARGV[12 + ntables])
local offsetsFirst = 13 + ntables
local first, last = offsetsFirst + 3 * staged, #ARGV
for k = offsetsFirst, first - 1, 3 do
  local kept = redis.call('HGET', offsets, ARGV[k])
  local expected = tonumber(ARGV[k + 1])
  if (expected < 0 and kept) or (expected >= 0 and
      (not kept or tonumber(string.match(kept, '^-?%d+')) ~= expected)) then
    return redis.error_reply('CONFLICT ' .. ARGV[k])
  end
end
-- <prefix>newest: the newest position recorded for any key or table (none before the first
-- call). Every write of a fast call is newer than it and than the sink's position, so none is
-- stale: the stored positions are not read, and not written either when the call succeeds, as
-- it records its end, which is past all of its writes: a change resent later is at or before
-- the sink's position, which a commit skips whatever its key holds. Writes refused: the sink's
-- position stays, and the writes applied record their positions as a slow call's do, so that
-- the retry, a slow call, skips them. <prefix>unverified: the end of a MULTI/EXEC of plain
-- writes whose replies the sink has not checked (the sink's position is the one before it): the
-- keys it wrote have no position recorded, so no call is fast until one records that end.
local newestKey, unverifiedKey = prefix .. 'newest', prefix .. 'unverified'
local newest = redis.call('GET', newestKey)
local unverified = redis.call('GET', unverifiedKey)
local fast = commit and replay == '' and staged == 0 and newest and not unverified and
  firstPosition ~= '' and
  firstPosition > newest and (not stored or firstPosition > stored) and ARGV[1] ~= '' and
  lastPosition < ARGV[1]
local floor = commit and replay == '' and stored
local H, R, J, M, D, N, T, X = 72, 82, 74, 77, 68, 78, 84, 88
local tables = {}
for t = 1, ntables do
  tables[t] = {positions = prefix .. 'pos:' .. ARGV[10 + t], seen = {}, dirty = {}, count = 0,
               fields = {''}}
end
local n = 0
for ttl in string.gmatch(ARGV[3], '-?%d+') do n = n + 1 tables[n].ttl = tonumber(ttl) end
if not fast then
  -- The stored positions of the keys written, one HMGET per table.
  local i = first
  while i <= last do
    local op, t1, t2, n1, n2 = string.byte(ARGV[i], 1, 5)
    if op ~= T and op ~= X then
      local fields = tables[t1 * 256 + t2].fields
      if op == N then fields[#fields + 1] = ARGV[i + 3] else fields[#fields + 1] = ARGV[i + 1] end
    end
    i = i + 3 + n1 * 256 + n2
  end
  for _, t in ipairs(tables) do
    local fields = t.fields
    for s = 1, #fields, 4000 do
      local e = math.min(s + 3999, #fields)
      local kept = redis.call('HMGET', t.positions, unpack(fields, s, e))
      for k = s, e do
        if kept[k - s + 1] then t.seen[fields[k]] = kept[k - s + 1] end
      end
    end
  end
end
local err
local function ok(reply)
  if type(reply) == 'table' and reply.err then err = reply.err return false end
  return true
end
local function newer(t, field, position)
  if replay ~= '' then return true end
  if floor and floor >= position then return false end
  local seen = t.seen['']
  if seen and seen >= position then return false end
  seen = t.seen[field]
  return not (seen and seen >= position)
end
-- Applies one write (its items ARGV[s..e]); false when Redis refused it (err says why).
local function apply(op, key, t, s, e, sets)
  local good, ttl = true, t.ttl
  if op == H or op == R then
    local setEnd = s + 2 * sets - 1
    if op == R then good = ok(redis.pcall('DEL', key)) end
    if good and sets > 0 then good = ok(redis.pcall('HSET', key, unpack(ARGV, s, setEnd))) end
    if good and op == H and e > setEnd then
      good = ok(redis.pcall('HDEL', key, unpack(ARGV, setEnd + 1, e)))
    end
    if good and ttl > 0 then good = ok(redis.pcall('EXPIRE', key, ttl))
    elseif good and ttl < 0 and op == H then good = ok(redis.pcall('PERSIST', key)) end
  elseif op == D then
    good = ok(redis.pcall('DEL', key))
  elseif op == J or op == M then
    local value = ARGV[s]
    if op == M then
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
  elseif op == N then
    local exists = redis.pcall('EXISTS', ARGV[s])
    good = ok(exists)
    if good and exists == 1 then good = ok(redis.pcall('RENAME', ARGV[s], key)) end
  elseif op == T then
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
      t.seen, t.dirty, t.count = {}, {}, 0
    end
  elseif op == X then
    good = ok(redis.pcall('XADD', key, 'MAXLEN', '~', maxlen, '*', unpack(ARGV, s, e)))
  end
  return good
end
local function record(t, field, position)
  t.seen[field] = position
  local dirty, count = t.dirty, t.count
  dirty[count + 1] = field
  dirty[count + 2] = position
  t.count = count + 2
end
local reply = {0}
local applied, write = 0, 0
local i = first
while i <= last do
  local op, t1, t2, n1, n2, s1, s2 = string.byte(ARGV[i], 1, 7)
  local key, position, t = ARGV[i + 1], ARGV[i + 2], tables[t1 * 256 + t2]
  local s = i + 3
  local e = s + n1 * 256 + n2 - 1
  i = e + 1
  if fast then
    if apply(op, key, t, s, e, s1 * 256 + s2) then
      applied = applied + 1
    else
      reply[#reply + 1] = write
      reply[#reply + 1] = err
    end
  else
    local field = key
    if op == T or op == X then field = '' elseif op == N then field = ARGV[s] end
    if newer(t, field, position) then
      if apply(op, key, t, s, e, s1 * 256 + s2) then
        applied = applied + 1
        if replay == '' then record(t, field, position) end
      else
        reply[#reply + 1] = write
        reply[#reply + 1] = err
      end
    end
  end
  write = write + 1
end
reply[1] = applied
if fast and #reply > 1 then
  -- Refused: the positions of the writes applied, as a slow call would have recorded them.
  local refused = {}
  for k = 2, #reply, 2 do refused[reply[k]] = true end
  write, i = 0, first
  while i <= last do
    local op, t1, t2, n1, n2 = string.byte(ARGV[i], 1, 5)
    local t = tables[t1 * 256 + t2]
    if not refused[write] then
      local field = ARGV[i + 1]
      if op == T or op == X then field = '' elseif op == N then field = ARGV[i + 3] end
      if op == T then t.dirty, t.count = {}, 0 end
      record(t, field, ARGV[i + 2])
    end
    i = i + 3 + n1 * 256 + n2
    write = write + 1
  end
end
if replay == '' and (not fast or #reply > 1) then
  local top = newest
  if not top then
    top = ''
    if stored then
      -- Positions recorded before <prefix>newest was (an older Syncline): their newest, once.
      local pattern = string.gsub(prefix, '[%*%?%[%]\\]', '\\%0') .. 'pos:*'
      local cursor = '0'
      repeat
        local page = redis.call('SCAN', cursor, 'MATCH', pattern, 'COUNT', 1000)
        cursor = page[1]
        for _, found in ipairs(page[2]) do
          for _, kept in ipairs(redis.call('HVALS', found)) do
            if kept > top then top = kept end
          end
        end
      until cursor == '0'
    end
  end
  for _, t in ipairs(tables) do
    local dirty = t.dirty
    for s = 1, t.count, 4000 do
      redis.call('HSET', t.positions, unpack(dirty, s, math.min(s + 3999, t.count)))
    end
    for s = 2, t.count, 2 do
      if dirty[s] > top then top = dirty[s] end
    end
  end
  if top ~= newest then redis.call('SET', newestKey, top) end
end
if #reply == 1 then
  if replay ~= '' then
    redis.call('HSET', KEYS[2], replay, ARGV[1])
  else
    for k = offsetsFirst, first - 1, 3 do redis.call('HSET', offsets, ARGV[k], ARGV[k + 2]) end
    if ARGV[1] ~= '' then
      local current = redis.call('GET', KEYS[1])
      if not current or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) end
      if unverified and unverified <= ARGV[1] then redis.call('DEL', unverifiedKey) end
    end
  end
end
return reply
)lua";

} // namespace

const std::string &applyScript()
{
    return kScript;
}

} // namespace syncline::redis
