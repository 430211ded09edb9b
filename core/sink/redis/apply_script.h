#pragma once

#include "config/pipeline_config.h"
#include "util/errors.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

struct redisReply;

namespace syncline::redis {

// The Lua script that applies one batch (EVALSHA): each change is applied only when its
// position is newer than the one stored for its key (or its table, for truncates and streams)
// in the hash <prefix>pos:<table>, each with redis.pcall, so that a change Redis refuses
// (WRONGTYPE) is skipped, its key's position left as it was, and reported; the sink's position
// (and a consumer group's partition offsets, see OffsetWrites) is written in the same call when
// nothing was refused. The positions of a table are read with one HMGET and written with one
// HSET per call. The offsets are compared before anything is written: where one is not as
// expected, the call writes nothing and fails with CONFLICT <field>.
//
// A commit whose writes are all newer than every position Redis holds (the sink's own, and
// <prefix>newest, the newest one recorded for a key or table) and older than the end it
// records takes the fast path: no per-key position is read, nor written unless a write is
// refused, since the sink's position then covers them all, and a commit skips every change at
// or before the sink's position. Most commits of a running pipeline are such.
const std::string &applyScript();

// Where a change stands in the source's history, as the script compares positions: fixed-width
// text that sorts as the positions do. A snapshot row sorts before every change committed at
// or after the snapshot's consistent point.
std::string changePosition(std::uint64_t commitLsn, std::uint64_t eventIndex);
std::string snapshotPosition(std::uint64_t consistentPoint, std::uint64_t row);
std::string sinkPosition(std::uint64_t endLsn);

// A consumer group's partition offsets, written by a script call only where each still holds
// its expected next offset (a compare-and-set): field <topic>/<partition> of `hash`.
struct OffsetWrites
{
    struct Write
    {
        std::string field;
        std::int64_t expected = -1; // -1: the field must not exist yet
        std::string value;          // starts with the next offset
    };
    std::string hash;
    std::vector<Write> writes;
};

// The changes of one script call, as its arguments. Within a call each key's changes are
// merged into one write of its last state (as the source's changes to a row leave it): a
// delete then an insert becomes one replace, an insert then updates one write of the merged
// fields, anything then a delete one DEL. Key moves and truncates are applied in order: the
// merging starts again after them. A change no newer than its key's last one in the call (one
// a restarted source produced again, read from Kafka) is dropped, as the script would skip it.
class ScriptBatch
{
public:
    // A row's fields: nullopt removes the field (a hash) or is null (JSON).
    using Fields = std::vector<std::pair<std::string, std::optional<std::string>>>;

    // A key or value longer than the server reads (proto-max-bulk-len, 512 MiB by default) is
    // refused with TooLarge naming its table and key, and nothing of its change is added.
    explicit ScriptBatch(std::size_t maxBulkBytes = std::size_t(512) << 20)
        : m_maxBulkBytes(maxBulkBytes)
    {}
    class TooLarge : public PermanentError
    {
    public:
        using PermanentError::PermanentError;
    };
    // Connection::maxBulkBytes(): the server's limit, for the changes added after.
    void setMaxBulkBytes(std::size_t bytes) { m_maxBulkBytes = bytes; }

    // The TTL of these tables' keys instead of Call::ttlSeconds and appendCommands()'
    // ttlSeconds. A table set to never (0) has none, and what an earlier setting gave a key
    // goes when it is written: PERSIST after a hash's writes (a JSON string's SET drops it
    // anyway), so only tables named never pay for it. Kept by clear().
    void setTableTtls(const std::vector<RedisSinkOptions::TableTtl> &ttls);

    // What the writes that follow stand for (the sink's number for a source change), reported
    // back by failures(); -1: nothing to report (snapshot rows).
    void setOrigin(int origin) { m_origin = origin; }

    // A row as a hash. `whole`: every column is in `fields` (inserts, snapshot rows); else the
    // columns left out (unchanged TOAST) keep their stored values.
    void writeHash(const std::string &key, const std::string &table, const std::string &position,
                   Fields fields, bool whole);
    // A row as a JSON object; `whole` as for writeHash (else the stored row's other fields stay).
    void writeJson(const std::string &key, const std::string &table, const std::string &position,
                   Fields fields, bool whole);
    void remove(const std::string &key, const std::string &table, const std::string &position);
    // The row's key changed: its stored value moves along (RENAME), so that values the source
    // did not resend (unchanged TOAST) stay; the write that follows updates it.
    void moveKey(const std::string &from, const std::string &to, const std::string &table,
                 const std::string &position);
    // Deletes every key that matches the SCAN pattern and resets the table's positions.
    void truncate(const std::string &pattern, const std::string &table,
                  const std::string &position);
    // XADD to `stream`, once per position.
    void appendEntry(const std::string &stream, const std::string &table,
                     const std::string &position, Fields fields);

    // Source changes taken (merged ones count each), and the writes they became.
    std::size_t changes() const { return m_changes; }
    std::size_t writes() const { return m_writes; }
    std::size_t bytes() const { return m_bytes; }

    // What a script call does besides the writes.
    struct Call
    {
        std::string positionKey; // the sink's position: <prefix>position
        std::string end;         // the position the call records; "" leaves it as it is
        std::string prefix;      // starts the sink's own keys
        int ttlSeconds = 0;      // the keys' TTL (0: none) but for setTableTtls()' tables
        int streamMaxLength = 0;
        // A commit of source changes (not a snapshot's rows): changes at or before the sink's
        // position are skipped, and the fast path may be taken.
        bool commit = false;
        // The sink's position the call follows: when Redis holds another, the call writes
        // nothing and outcome() says so (a call sent before the previous one's reply was read
        // must not record its end past a change that one had refused). "": any.
        std::string after;
        // A replay: apply whatever the stored positions say, record none, and only once per
        // `replay` (a dead letter's event id), noted in the hash `replayKey`.
        std::string replayKey;
        std::string replay;
        // The consumer group's partition offsets, compared before any write and written with
        // the sink's position.
        OffsetWrites offsets;
    };
    // EVALSHA's arguments as pointers and lengths into this batch and `call` (valid until
    // either changes or evalArguments() is called again).
    struct Arguments
    {
        std::vector<const char *> pointers;
        std::vector<std::size_t> lengths;
    };
    const Arguments &evalArguments(const std::string &sha, const Call &call);

    // The first and last position of the writes, when none is older than the one before (a
    // key move and the write after it share theirs); nullptr else, or when there are none.
    std::pair<const std::string *, const std::string *> positionBounds() const;

    // The script's reply to these arguments: each refused write's origins (oldest first),
    // key and Redis's error. Throws PermanentError when the reply is not the script's.
    struct Failure
    {
        std::vector<int> origins;
        std::string key;
        std::string error;
    };
    struct Outcome
    {
        bool alreadyReplayed = false;
        bool outOfSequence = false; // Redis holds another position than Call::after
        std::vector<Failure> failures;
    };
    Outcome outcome(const redisReply &reply) const;

    // The writes as plain commands in Redis's protocol (HSET, HDEL, DEL, EXPIRE, SET), appended
    // to `out` for a MULTI/EXEC; false (and nothing appended) when one needs the script: a key
    // move, a truncate, a merge into a stored JSON object, a stream entry. `ttlSeconds` as
    // Call's.
    bool appendCommands(std::string &out, int ttlSeconds);
    // EXEC's reply to them (its first elements): the writes Redis refused, as outcome() says.
    std::vector<Failure> commandFailures(const redisReply &exec) const;
    // How many commands appendCommands() appended.
    std::size_t commandCount() const { return m_commandEntries.size(); }

    void clear();

private:
    enum class Op : char
    {
        Hash = 'H',    // HSET the values, HDEL the removed fields
        Replace = 'R', // DEL, then HSET
        Json = 'J',
        JsonMerge = 'M',
        Delete = 'D',
        Move = 'N',
        Truncate = 'T',
        Append = 'X',
    };
    struct Entry
    {
        Op op;
        bool dead = false; // merged into a later entry
        int table = 0;
        int origins = -1; // the newest of its origins in m_origins
        std::string key;
        std::string position;
        std::string from; // Move
        Fields fields;
    };
    struct OriginLink
    {
        int origin;
        int previous;
    };

    void checkSize(const std::string &table, const std::string &key, std::size_t size,
                   const char *what) const;
    Failure failureOf(const Entry &entry, std::string error) const;
    int tableIndex(const std::string &table);
    // Each table's TTL, in m_tables' order: its own, else `ttlSeconds`.
    std::vector<int> tableTtls(int ttlSeconds) const;
    // Appends the entry, merged with the key's earlier one of this call when there is one.
    void add(Entry entry, bool whole);
    static void overlay(Fields &onto, const Fields &fields);

    std::size_t m_maxBulkBytes;
    int m_origin = -1;
    std::vector<std::string> m_tables;
    static constexpr int kPersist = -1; // a table's TTL: never, and PERSIST its hashes
    std::unordered_map<std::string, int> m_tableTtls;
    std::vector<Entry> m_entries;
    std::vector<OriginLink> m_origins;
    std::unordered_map<std::string, std::size_t> m_latest; // key -> its entry, since a barrier
    std::size_t m_changes = 0;
    std::size_t m_writes = 0;
    std::size_t m_bytes = 0;
    // evalArguments(): what it points into besides the entries
    Arguments m_arguments;
    std::deque<std::string> m_texts;
    std::vector<std::size_t> m_sent;           // the entry of each write sent, in order
    std::vector<std::size_t> m_commandEntries; // appendCommands(): the entry of each command
};

} // namespace syncline::redis
