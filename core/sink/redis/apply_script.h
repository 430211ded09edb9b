#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace syncline::redis {

// The Lua script that applies one batch atomically (EVALSHA): each change is applied only when
// its position is newer than the one stored for its key (or its table, for truncates and
// streams) in the hash <prefix>pos:<table>, and the sink's position is written in the same call.
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

// The changes of one script call, as its arguments.
class ScriptBatch
{
public:
    using Fields = std::vector<std::pair<std::string, std::optional<std::string>>>;

    // Redis takes keys and values up to 512 MiB (proto-max-bulk-len); a larger one is refused
    // with PermanentError naming its table and key, before anything is sent.
    explicit ScriptBatch(std::size_t maxBulkBytes = std::size_t(512) << 20)
        : m_maxBulkBytes(maxBulkBytes)
    {}

    // A row as a hash: nullopt values remove their field. `replace` drops the key's other
    // fields first (inserts, snapshot rows).
    void writeHash(const std::string &key, const std::string &table, const std::string &position,
                   const Fields &fields, bool replace);
    // A row as a JSON string; `merge` keeps the stored row's fields that `json` leaves out
    // (values the source did not send: unchanged TOAST).
    void writeJson(const std::string &key, const std::string &table, const std::string &position,
                   const std::string &json, bool merge);
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
                     const std::string &position, const Fields &fields);

    std::size_t changes() const { return m_changes; }
    std::size_t bytes() const { return m_bytes; }
    // EVALSHA's arguments; `prefix` starts the sink's own keys; `end` "" leaves the sink's
    // position as it is.
    std::vector<std::string> evalArguments(const std::string &sha, const std::string &positionKey,
                                           const std::string &end, const std::string &prefix,
                                           int ttlSeconds, int streamMaxLength,
                                           const OffsetWrites &offsets = {}) const;
    void clear();

private:
    void checkSize(const std::string &table, const std::string &key, const std::string &text,
                   const char *what) const;
    void add(char op, const std::string &key, const std::string &table, const std::string &position,
             std::vector<std::string> items);

    std::size_t m_maxBulkBytes;
    std::vector<std::string> m_arguments;
    std::size_t m_changes = 0;
    std::size_t m_bytes = 0;
};

} // namespace syncline::redis
