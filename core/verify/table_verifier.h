#pragma once

#include "verify/table_queries.h"
#include "verify/verify_result.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace syncline::pg {
class Connection;
}

namespace syncline::verify {

class SinkCatchUp;

struct VerifyOptions
{
    long long segmentRows = 65536; // rows per range in the first pass
    int splitFactor = 16;          // a range that differs is cut into this many
    // Ranges this small have their rows' hashes compared: a first-pass bucket (about 256 rows)
    // at once, as reading its rows' hashes costs less than another round of checksums.
    long long leafRows = 1024;
    int maxRounds = 8;              // checks of a differing row before it counts as unsettled
    long long maxRowsPerSecond = 0; // source rows read per second; 0: no limit
    std::size_t keptDifferences = 1000000; // per table; beyond, only counted
};

// Compares one table of a sink with the source while the pipeline streams, without a false
// positive from a change in flight. First both sides checksum the same key ranges at once;
// a range whose checksums differ is cut into smaller ones, and the smallest have their rows'
// hashes compared. Those passes read the target only once the sink has passed a mark written
// in the same source snapshot, so what is left to suspect is a row the stream changed in
// between. Each suspect is then read again, source first, then the target past the source's
// new mark, until two rounds in a row find it different while the source's version of it
// (xmin and hash) stayed the same across both: the target was then read at a point where the
// source held that version, and it held something else. A row that keeps changing is reported
// as unsettled, never as a difference.
class TableVerifier
{
public:
    // Told the source rows the first pass has read so far.
    using Progress = std::function<void(long long rowsRead)>;

    TableVerifier(pg::Connection &source, pg::Connection &target, SinkCatchUp &catchUp,
                  VerifyOptions options)
        : m_source(source), m_target(target), m_catchUp(catchUp), m_options(options)
    {}

    void setProgress(Progress progress) { m_progress = std::move(progress); }
    // Checked between queries; a cancelled comparison throws VerifyError.
    void setCancel(const std::atomic<bool> *cancel) { m_cancel = cancel; }

    TableResult verify(const std::string &sink, const std::string &table);

private:
    struct Checksum
    {
        long long rows = 0;
        std::string sum;
        bool operator==(const Checksum &) const = default;
    };
    struct Suspect
    {
        std::optional<std::string> version;       // xmin and hash on the source; none: absent
        std::optional<std::string> targetVersion; // hash on the target; none: absent
        int rounds = 1; // reads in a row that found it different, with the versions unchanged
    };
    struct RowRead
    {
        std::string version; // source: xmin and hash; target: hash
        std::string text;
        std::string json;
    };

    std::vector<Key> splitPoints(pg::Connection &connection, const KeyRange &range, long long step);
    std::vector<Checksum> checksums(pg::Connection &connection, const std::vector<KeyRange> &ranges,
                                    bool countsAsRead);
    // key -> hash on the target; xmin and hash (the row's version) on the source
    std::map<Key, std::string> rowHashes(pg::Connection &connection,
                                         const std::vector<KeyRange> &ranges, bool withVersion);
    std::map<Key, RowRead> rows(pg::Connection &connection, const std::vector<Key> &keys,
                                bool withVersion);

    // Runs `read` on the source in one snapshot with a mark, waits for the sink to pass the
    // mark, then runs `read` on the target in one snapshot.
    template <typename Result, typename Read>
    std::pair<Result, Result> readBothAfterMark(const Read &read);

    void firstPass(std::vector<KeyRange> &mismatched,
                   std::vector<std::pair<Checksum, Checksum>> &counts);
    // Integer keys: both sides checksum buckets of about kBucketRows consecutive keys, many
    // buckets per query, in one scan of the table each, in one snapshot each.
    void firstPassByBuckets(std::vector<KeyRange> &mismatched,
                            std::vector<std::pair<Checksum, Checksum>> &counts);
    // The whole table in one query when `estimate` rows are few enough, else by chunks of
    // blocks (PostgreSQL 14 and later) or by `ranges` of keys.
    std::map<long long, Checksum> bucketChecksums(pg::Connection &connection,
                                                  const std::vector<KeyRange> &ranges,
                                                  long long origin, long long width,
                                                  long long estimate, bool countsAsRead);
    // The rows whose hashes differed in one consistent read, with their versions.
    using Suspects = std::map<Key, Suspect>;
    Suspects narrow(std::vector<KeyRange> ranges,
                    std::vector<std::pair<Checksum, Checksum>> counts);
    void confirm(const Suspects &suspects, TableResult &result);

    void throttle(long long rowsRead);
    void checkCancel() const;

    pg::Connection &m_source;
    pg::Connection &m_target;
    SinkCatchUp &m_catchUp;
    VerifyOptions m_options;
    Progress m_progress;
    const std::atomic<bool> *m_cancel = nullptr;

    std::optional<TableQueries> m_queries;
    long long m_rowsRead = 0;
    std::chrono::steady_clock::time_point m_started;
};

} // namespace syncline::verify
