#pragma once

#include "verify/compared_table.h"
#include "verify/key_range.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::verify {

// A statement and its text parameters.
struct Query
{
    std::string sql;
    std::vector<std::string> parameters;
};

// The SQL verify runs on either side for one table. Every query reads the same columns in the
// same order, so the two sides give the same answer for equal rows. A row's hash is
// hash_record_extended() over its columns, seeded with its key (64 bits; a column without a
// native hash both sides share is hashed as its text); a range's checksum is the row count and
// the sum of the hashes, which does not depend on the order rows are read in. Suspect rows are
// then compared by text.
class TableQueries
{
public:
    explicit TableQueries(ComparedTable table) : m_table(std::move(table)) {}
    const ComparedTable &table() const { return m_table; }

    // -> count, checksum (numeric, as text)
    Query checksum(const KeyRange &range) const;
    // Integer keys: -> bucket (floor((key - origin) / width)), count, checksum; one per bucket
    // with rows in the range.
    Query bucketChecksums(const KeyRange &range, long long origin, long long width) const;
    // The same over the rows stored in blocks [first, end) (no end: to the last), read by a TID
    // range scan (PostgreSQL 14 or later). A bucket may have rows in several block ranges.
    Query bucketChecksumsInBlocks(long long first, std::optional<long long> end, long long origin,
                                  long long width) const;
    // -> the table's size in blocks
    Query blockCount() const;
    // Integer keys: -> min key, max key (null when empty), the planner's row estimate
    Query keyBounds() const;
    // -> the key of every `step`-th row of the range, in key order
    Query splitPoints(const KeyRange &range, long long step) const;
    // -> key columns..., hash; in key order (and xmin first when `withVersion`)
    Query rowHashes(const KeyRange &range, bool withVersion) const;
    // -> key columns..., row text, row as JSON, hash (and xmin first when `withVersion`)
    Query rows(const std::vector<Key> &keys, bool withVersion) const;
    // -> key columns... of every row, in key order (for tests and small tables)
    int keyColumnCount() const { return int(m_table.keyColumns.size()); }

private:
    std::string rowText() const;
    std::string rowHash() const;
    // SELECT bucket, count, checksum FROM table (no WHERE, no GROUP BY)
    std::string bucketSelect(long long origin, long long width) const;
    std::string hashedColumn(const std::string &column) const; // "c", or "c"::text
    std::string keyList() const;                               // "k1", "k2"
    std::string keyTextList() const;                           // "k1"::text, "k2"::text
    std::string keyTuple() const;                              // ("k1", "k2")
    // ($n::t1, $n+1::t2), appending the values to parameters
    std::string keyLiteral(const Key &key, std::vector<std::string> &parameters) const;
    std::string rangeCondition(const KeyRange &range, std::vector<std::string> &parameters) const;
    std::string from() const;

    ComparedTable m_table;
};

} // namespace syncline::verify
