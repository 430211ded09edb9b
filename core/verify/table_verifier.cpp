#include "verify/table_verifier.h"

#include "verify/in_snapshot.h"

#include "verify/sink_catch_up.h"
#include "verify/verify_error.h"

#include "pg/connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

namespace syncline::verify {

namespace {

constexpr std::size_t kKeysPerQuery = 500;
constexpr long long kBucketRows = 256;      // integer keys: rows per bucket, as estimated
constexpr long long kBucketsPerQuery = 256; // and buckets per query of the first pass
// Unthrottled, a query of the first pass reads this many rows or up to twice as many: a few
// seconds of hashing, which is how long a cancel or the progress waits for it.
constexpr long long kFirstPassQueryRows = 4 << 20;

__extension__ typedef __int128 Int128;

// The text of a whole number (a checksum: a numeric sum of 64-bit hashes) and back.
Int128 parseWhole(const std::string &text)
{
    Int128 value = 0;
    for (char c : text)
        if (c >= '0' && c <= '9')
            value = value * 10 + (c - '0');
    return !text.empty() && text[0] == '-' ? -value : value;
}

std::string wholeText(Int128 value)
{
    const bool negative = value < 0;
    std::string digits;
    do {
        const int digit = int(value % 10);
        digits.insert(digits.begin(), char('0' + (negative ? -digit : digit)));
        value /= 10;
    } while (value != 0);
    return negative ? '-' + digits : digits;
}

// Runs `read` on both connections at the same time; the first failure wins.
template <typename Read>
auto onBothAtOnce(pg::Connection &source, pg::Connection &target, const Read &read)
{
    auto onTarget = std::async(std::launch::async, [&] { return read(target, false); });
    try {
        auto onSource = read(source, true);
        return std::pair{std::move(onSource), onTarget.get()};
    } catch (...) {
        try {
            onTarget.get();
        } catch (...) {
        }
        throw;
    }
}

pg::Result run(pg::Connection &connection, const Query &query)
{
    return connection.execParams(query.sql, query.parameters);
}

Key keyAt(const PGresult *result, int row, int firstColumn, int keyColumns)
{
    Key key;
    for (int column = firstColumn; column < firstColumn + keyColumns; ++column)
        key.push_back(pg::resultValue(result, row, column));
    return key;
}

} // namespace

template <typename Result, typename Read>
std::pair<Result, Result> TableVerifier::readBothAfterMark(const Read &read)
{
    Lsn mark;
    Result onSource = inSnapshot(m_source, [&] {
        mark = SinkCatchUp::writeMark(m_source);
        return read(m_source);
    });
    m_catchUp.waitPassed(mark, m_queries->table().qualifiedName());
    Result onTarget = inSnapshot(m_target, [&] { return read(m_target); });
    return {std::move(onSource), std::move(onTarget)};
}

void TableVerifier::checkCancel() const
{
    if (m_cancel && m_cancel->load())
        throw VerifyError("cancelled");
}

void TableVerifier::throttle(long long rowsRead)
{
    m_rowsRead += rowsRead;
    if (m_options.maxRowsPerSecond <= 0)
        return;
    const auto due =
        m_started + std::chrono::microseconds(m_rowsRead * 1000000 / m_options.maxRowsPerSecond);
    while (std::chrono::steady_clock::now() < due) {
        checkCancel();
        std::this_thread::sleep_until(
            std::min(due, std::chrono::steady_clock::now() + std::chrono::milliseconds(100)));
    }
}

std::vector<Key> TableVerifier::splitPoints(pg::Connection &connection, const KeyRange &range,
                                            long long step)
{
    auto result = run(connection, m_queries->splitPoints(range, step));
    std::vector<Key> points;
    for (int row = 0; row < PQntuples(result.get()); ++row)
        points.push_back(keyAt(result.get(), row, 0, m_queries->keyColumnCount()));
    return points;
}

std::vector<TableVerifier::Checksum> TableVerifier::checksums(pg::Connection &connection,
                                                              const std::vector<KeyRange> &ranges,
                                                              bool countsAsRead)
{
    std::vector<Checksum> sums;
    for (const auto &range : ranges) {
        checkCancel();
        auto result = run(connection, m_queries->checksum(range));
        sums.push_back(
            {std::stoll(pg::resultValue(result.get(), 0, 0)), pg::resultValue(result.get(), 0, 1)});
        if (countsAsRead) {
            throttle(sums.back().rows);
            if (m_progress)
                m_progress(m_rowsRead);
        }
    }
    return sums;
}

std::map<Key, std::string> TableVerifier::rowHashes(pg::Connection &connection,
                                                    const std::vector<KeyRange> &ranges,
                                                    bool withVersion)
{
    std::map<Key, std::string> hashes;
    const int keyColumns = m_queries->keyColumnCount();
    const int first = withVersion ? 1 : 0;
    for (const auto &range : ranges) {
        checkCancel();
        auto result = run(connection, m_queries->rowHashes(range, withVersion));
        for (int row = 0; row < PQntuples(result.get()); ++row) {
            std::string hash = pg::resultValue(result.get(), row, first + keyColumns);
            hashes[keyAt(result.get(), row, first, keyColumns)] =
                withVersion ? pg::resultValue(result.get(), row, 0) + ' ' + hash : hash;
        }
    }
    return hashes;
}

std::map<Key, TableVerifier::RowRead>
TableVerifier::rows(pg::Connection &connection, const std::vector<Key> &keys, bool withVersion)
{
    std::map<Key, RowRead> read;
    const int keyColumns = m_queries->keyColumnCount();
    const int first = withVersion ? 1 : 0;
    for (std::size_t start = 0; start < keys.size(); start += kKeysPerQuery) {
        checkCancel();
        const std::vector<Key> batch(keys.begin() + start,
                                     keys.begin() + std::min(keys.size(), start + kKeysPerQuery));
        auto result = run(connection, m_queries->rows(batch, withVersion));
        for (int row = 0; row < PQntuples(result.get()); ++row) {
            RowRead rowRead;
            rowRead.text = pg::resultValue(result.get(), row, first + keyColumns);
            rowRead.json = pg::resultValue(result.get(), row, first + keyColumns + 1);
            rowRead.version = withVersion
                                  ? pg::resultValue(result.get(), row, 0) + ' ' + rowRead.text
                                  : rowRead.text;
            read[keyAt(result.get(), row, first, keyColumns)] = std::move(rowRead);
        }
    }
    return read;
}

// Both sides checksum the same ranges at the same time. Nothing waits for the sink here: a
// range that differs only because a change was in flight is looked at again, consistently, by
// narrow().
void TableVerifier::firstPass(std::vector<KeyRange> &mismatched,
                              std::vector<std::pair<Checksum, Checksum>> &counts)
{
    if (m_queries->table().hasIntegerKey())
        return firstPassByBuckets(mismatched, counts);
    const auto ranges = KeyRange::between(
        splitPoints(m_source, KeyRange::all(), m_options.segmentRows), KeyRange::all());
    const auto [onSource, onTarget] =
        onBothAtOnce(m_source, m_target, [&](pg::Connection &connection, bool isSource) {
            return checksums(connection, ranges, isSource);
        });
    for (std::size_t i = 0; i < ranges.size(); ++i)
        if (!(onSource[i] == onTarget[i])) {
            mismatched.push_back(ranges[i]);
            counts.push_back({onSource[i], onTarget[i]});
        }
}

std::map<long long, TableVerifier::Checksum>
TableVerifier::bucketChecksums(pg::Connection &connection, const std::vector<KeyRange> &ranges,
                               long long origin, long long width, long long estimate,
                               bool countsAsRead)
{
    // The whole table in one query when it is small enough: a sequential scan, which reads
    // through a small ring of buffers and costs about a fifth less than reading the same rows
    // by key ranges (an index scan each) or by block ranges (a TID range scan each).
    const long long queryRows =
        m_options.maxRowsPerSecond > 0 ? kBucketRows * kBucketsPerQuery : kFirstPassQueryRows;
    std::vector<Query> queries;
    if (estimate > 0 && estimate < 2 * queryRows) {
        queries.push_back(m_queries->bucketChecksums(KeyRange::all(), origin, width));
    } else if (connection.serverVersion() >= 140000) {
        // By blocks, as the rows lie (no estimate before the first ANALYZE: 64 MiB a query).
        const long long blocks =
            std::stoll(pg::resultValue(run(connection, m_queries->blockCount()).get(), 0, 0));
        const long long chunks =
            std::max<long long>(1, estimate > 0 ? estimate / queryRows : blocks / 8192);
        const long long step = std::max<long long>(1, (blocks + chunks - 1) / chunks);
        for (long long first = 0; first < blocks || first == 0; first += step)
            queries.push_back(m_queries->bucketChecksumsInBlocks(
                first, first + step < blocks ? std::optional(first + step) : std::nullopt, origin,
                width));
    } else {
        for (const auto &range : ranges)
            queries.push_back(m_queries->bucketChecksums(range, origin, width));
    }
    // A bucket's rows can lie in several chunks of blocks: add up its counts and sums.
    std::map<long long, std::pair<long long, Int128>> sums;
    for (const auto &query : queries) {
        checkCancel();
        auto result = run(connection, query);
        long long rows = 0;
        for (int row = 0; row < PQntuples(result.get()); ++row) {
            auto &sum = sums[std::stoll(pg::resultValue(result.get(), row, 0))];
            const long long count = std::stoll(pg::resultValue(result.get(), row, 1));
            sum.first += count;
            sum.second += parseWhole(pg::resultValue(result.get(), row, 2));
            rows += count;
        }
        if (countsAsRead) {
            throttle(rows);
            if (m_progress)
                m_progress(m_rowsRead);
        }
    }
    std::map<long long, Checksum> buckets;
    for (const auto &[bucket, sum] : sums)
        buckets.emplace_hint(buckets.end(), bucket, Checksum{sum.first, wholeText(sum.second)});
    return buckets;
}

void TableVerifier::firstPassByBuckets(std::vector<KeyRange> &mismatched,
                                       std::vector<std::pair<Checksum, Checksum>> &counts)
{
    struct Bounds
    {
        std::optional<long long> low, high;
        long long estimate = 0;
    };
    const auto [sourceBounds, targetBounds] =
        onBothAtOnce(m_source, m_target, [&](pg::Connection &connection, bool) {
            auto result = run(connection, m_queries->keyBounds());
            Bounds bounds;
            if (!pg::resultIsNull(result.get(), 0, 0)) {
                bounds.low = std::stoll(pg::resultValue(result.get(), 0, 0));
                bounds.high = std::stoll(pg::resultValue(result.get(), 0, 1));
            }
            bounds.estimate = std::stoll(pg::resultValue(result.get(), 0, 2));
            return bounds;
        });
    if (!sourceBounds.low && !targetBounds.low)
        return; // both empty (rows written since are the stream's to bring)
    const long long low = std::min(sourceBounds.low.value_or(*targetBounds.low),
                                   targetBounds.low.value_or(*sourceBounds.low));
    const long long high = std::max(sourceBounds.high.value_or(*targetBounds.high),
                                    targetBounds.high.value_or(*sourceBounds.high));
    const long double span = (long double)high - low + 1;
    // The planner's estimate (-1 before the first ANALYZE: then assume the keys are dense).
    const long double rows = sourceBounds.estimate > 0 ? sourceBounds.estimate : span;
    const long long width = std::max<long long>(1, (long long)(span * kBucketRows / rows));
    const long long perQuery = width * kBucketsPerQuery;
    std::vector<KeyRange> ranges;
    for (long long start = low; start <= high; start += perQuery) {
        const bool first = start == low;
        const bool last = (long double)start + perQuery > high;
        ranges.push_back(
            {first ? std::nullopt : std::optional<Key>(Key{std::to_string(start - 1)}),
             last ? std::nullopt : std::optional<Key>(Key{std::to_string(start + perQuery - 1)})});
        if (last)
            break;
    }
    const auto [onSource, onTarget] =
        onBothAtOnce(m_source, m_target, [&](pg::Connection &connection, bool isSource) {
            return inSnapshot(connection, [&] {
                // The planner expects a group per key, not the few buckets a query has, so it
                // would sort every row (on disk past work_mem) to group them.
                connection.exec("SET LOCAL enable_sort = off");
                // A query of the whole table groups some 30,000 buckets in memory.
                connection.exec("SET LOCAL work_mem = '64MB'");
                return bucketChecksums(connection, ranges, low, width,
                                       (isSource ? sourceBounds : targetBounds).estimate, isSource);
            });
        });
    std::set<long long> buckets;
    for (const auto &[bucket, sum] : onSource)
        buckets.insert(bucket);
    for (const auto &[bucket, sum] : onTarget)
        buckets.insert(bucket);
    for (long long bucket : buckets) {
        const auto source = onSource.find(bucket);
        const auto target = onTarget.find(bucket);
        const Checksum sourceSum = source == onSource.end() ? Checksum{} : source->second;
        const Checksum targetSum = target == onTarget.end() ? Checksum{} : target->second;
        if (sourceSum == targetSum)
            continue;
        // Bucket -1 holds keys below `low` (written since the bounds were read).
        KeyRange range;
        if (bucket >= 0)
            range.after = Key{std::to_string(low + bucket * width - 1)};
        range.upTo = Key{std::to_string(bucket < 0 ? low - 1 : low + (bucket + 1) * width - 1)};
        mismatched.push_back(std::move(range));
        counts.push_back({sourceSum, targetSum});
    }
}

TableVerifier::Suspects TableVerifier::narrow(std::vector<KeyRange> ranges,
                                              std::vector<std::pair<Checksum, Checksum>> counts)
{
    Suspects suspects;
    while (!ranges.empty()) {
        std::vector<KeyRange> leaves;
        std::vector<KeyRange> pieces;
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            const long long sourceRows = counts[i].first.rows;
            const long long targetRows = counts[i].second.rows;
            const long long larger = std::max(sourceRows, targetRows);
            if (larger <= m_options.leafRows) {
                leaves.push_back(ranges[i]);
                continue;
            }
            // Cut where the side with more rows has them: the other may have none there.
            const long long step = (larger + m_options.splitFactor - 1) / m_options.splitFactor;
            auto points =
                splitPoints(sourceRows >= targetRows ? m_source : m_target, ranges[i], step);
            if (points.empty()) { // the rows moved meanwhile: compare them one by one
                leaves.push_back(ranges[i]);
                continue;
            }
            for (auto &piece : KeyRange::between(points, ranges[i]))
                pieces.push_back(std::move(piece));
        }
        if (!leaves.empty()) {
            auto [onSource, onTarget] =
                readBothAfterMark<std::map<Key, std::string>>([&](pg::Connection &connection) {
                    return rowHashes(connection, leaves, &connection == &m_source);
                });
            for (const auto &[key, version] : onSource) {
                const auto there = onTarget.find(key);
                const std::string hash = version.substr(version.find(' ') + 1);
                if (there == onTarget.end())
                    suspects[key] = {version, std::nullopt};
                else if (there->second != hash)
                    suspects[key] = {version, there->second};
            }
            for (const auto &[key, hash] : onTarget)
                if (!onSource.count(key))
                    suspects[key] = {std::nullopt, hash};
        }
        ranges.clear();
        counts.clear();
        if (!pieces.empty()) {
            auto [onSource, onTarget] = readBothAfterMark<std::vector<Checksum>>(
                [&](pg::Connection &connection) { return checksums(connection, pieces, false); });
            for (std::size_t i = 0; i < pieces.size(); ++i)
                if (!(onSource[i] == onTarget[i])) {
                    ranges.push_back(pieces[i]);
                    counts.push_back({onSource[i], onTarget[i]});
                }
        }
    }
    return suspects;
}

// The read that found the suspects counts as the first round.
void TableVerifier::confirm(const Suspects &found, TableResult &result)
{
    std::map<Key, Suspect> suspects = found;
    for (int round = 0; round < m_options.maxRounds && !suspects.empty(); ++round) {
        std::vector<Key> pending;
        for (const auto &[key, suspect] : suspects)
            pending.push_back(key);
        auto [onSource, onTarget] =
            readBothAfterMark<std::map<Key, RowRead>>([&](pg::Connection &connection) {
                return rows(connection, pending, &connection == &m_source);
            });
        for (const auto &key : pending) {
            const auto source = onSource.find(key);
            const auto target = onTarget.find(key);
            const bool onBoth = source != onSource.end() && target != onTarget.end();
            const bool equal = onBoth ? source->second.text == target->second.text
                                      : source == onSource.end() && target == onTarget.end();
            auto &suspect = suspects[key];
            std::optional<std::string> version, targetVersion;
            if (source != onSource.end())
                version = source->second.version;
            if (target != onTarget.end())
                targetVersion = target->second.version;
            if (equal) {
                suspects.erase(key);
                continue;
            }
            // A row the source has keeps its xmin until it changes, so two reads with the same
            // version bracket the target's read. A row it lacks has no version: it may have
            // been inserted and deleted in between, so the target's row must have stayed the
            // same too, over three reads.
            const bool unchanged =
                suspect.version == version && (version || suspect.targetVersion == targetVersion);
            suspect = {version, targetVersion, unchanged ? suspect.rounds + 1 : 1};
            if (suspect.rounds < (version ? 2 : 3))
                continue;
            Difference difference;
            difference.table = result.table;
            difference.keyColumns = m_queries->table().keyColumns;
            difference.key = key;
            if (source != onSource.end())
                difference.sourceRow = source->second.json;
            if (target != onTarget.end())
                difference.targetRow = target->second.json;
            result.record(std::move(difference), m_options.keptDifferences);
            suspects.erase(key);
        }
    }
    result.unsettled = (long long)suspects.size();
}

TableResult TableVerifier::verify(const std::string &sink, const std::string &table)
{
    TableResult result;
    result.sink = sink;
    result.table = table;
    m_started = std::chrono::steady_clock::now();
    m_rowsRead = 0;
    m_queries.emplace(ComparedTable::describe(m_source, m_target, table));
    for (const auto &column : m_queries->table().onlyOnSource)
        result.notCompared.push_back(column + " (source only)");
    for (const auto &column : m_queries->table().onlyOnTarget)
        result.notCompared.push_back(column + " (target only)");

    std::vector<KeyRange> mismatched;
    std::vector<std::pair<Checksum, Checksum>> counts;
    firstPass(mismatched, counts);
    result.sourceRows = m_rowsRead;
    confirm(narrow(std::move(mismatched), std::move(counts)), result);
    std::sort(result.differences.begin(), result.differences.end(),
              [](const Difference &a, const Difference &b) { return a.key < b.key; });
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    return result;
}

} // namespace syncline::verify
