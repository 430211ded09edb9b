#pragma once

#include "model/change_event.h"
#include "model/lsn.h"
#include "verify/key_range.h"
#include "verify/verify_result.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

struct pg_result;

namespace syncline::pg {
class Connection;
}

namespace syncline::verify {

class SinkCatchUp;

// SELECT every column of the table as text; and one row of its result.
std::string selectAllAsText(const TableSchema &table);
Row rowAsText(const pg_result *result, int row);
// Reads the table's rows as text in one snapshot of `source`, in which it writes a mark for the
// sink to pass (its position in `mark`), and gives each row to `take`.
void readWithMark(pg::Connection &source, const TableSchema &table, Lsn &mark,
                  const std::function<void(Row &row)> &take);

// One row as a side reads it for comparing whole tables in memory.
struct RowInMemory
{
    std::string version; // the source's row as it is (in memory only); empty on the target
    std::string json;    // the row as the sink writes it: what is compared and reported
};
using RowsInMemory = std::map<Key, RowInMemory>;

// How a table read whole on both sides is compared (TransformedTableVerifier, the Redis
// target): `readSource` reads the source's rows in one snapshot and writes a mark in it (its
// position in `mark`); once the sink has passed the mark for `sinkTable`, `readTarget` reads
// the target's. Rows are matched by key. A row that differs is compared again in later rounds
// and recorded in `result` only when two rounds in a row find it different while the source's
// row stayed the same (three for a row only the target has), else counted as unsettled.
// Sets result.sourceRows from the first round.
void compareInRounds(TableResult &result, const std::vector<std::string> &keyColumns,
                     const std::function<RowsInMemory(Lsn &mark)> &readSource,
                     const std::function<RowsInMemory()> &readTarget, SinkCatchUp &catchUp,
                     const std::string &sinkTable, int maxRounds, std::size_t keptDifferences);

} // namespace syncline::verify
