#pragma once

#include "verify/key_range.h"

#include <optional>
#include <string>
#include <vector>

namespace syncline::verify {

struct Difference
{
    enum class Kind
    {
        Missing,   // on the source, not on the target
        Extra,     // on the target, not on the source
        Different, // on both, with other values
    };
    std::string table;
    std::vector<std::string> keyColumns;
    Key key;
    Kind kind = Kind::Different;
    std::optional<std::string> sourceRow; // JSON object of the compared columns
    std::optional<std::string> targetRow;

    static const char *kindName(Kind kind);
    // {"id": 5} or {"a": "x", "b": 2}; values as text
    std::string keyJson() const;
    // {"table": ..., "key": {...}, "kind": ..., "source": {...}|null, "target": {...}|null}
    std::string toJson(bool withRows) const;
};

// One table of one sink, compared at a consistent point while the pipeline streams.
struct TableResult
{
    std::string sink;
    std::string table;
    long long sourceRows = 0; // rows compared: the source's, counted in the first pass
    long long missing = 0;
    long long extra = 0;
    long long different = 0;
    // Rows the source changed in every round of checking: neither equal nor different yet.
    long long unsettled = 0;
    double seconds = 0;
    std::string error; // the table could not be compared
    std::vector<Difference> differences;
    std::vector<std::string> notCompared; // columns only one side has

    long long differenceCount() const { return missing + extra + different; }
    // Counts a difference, its kind told by which rows it has, and keeps it while fewer than
    // `kept` are.
    void record(Difference difference, std::size_t kept);
    double rowsPerSecond() const { return seconds > 0 ? sourceRows / seconds : 0; }
};

} // namespace syncline::verify
