#pragma once

#include "model/change_event.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace syncline {

// One chunk of an incremental snapshot between its watermarks (Netflix's DBLog algorithm, as
// in Debezium's incremental snapshots). The chunk's rows were read after the low watermark
// was written to the log and before the high one; every change the stream delivers between
// the two watermarks is newer than, or as new as, what the read saw, so a row it touches is
// dropped from the chunk. What remains at the high watermark is emitted as `r` events.
// Except for an update that left a TOASTed value out (unchanged): it does not carry the whole
// row, and on a target that never had the row it changes nothing. The chunk's row, with the
// update's values, is kept instead, so the target gets the whole row at the high watermark.
class SnapshotWindow
{
public:
    // `rows` are the chunk's rows in key order, in `table`'s columns. `absent` are rows (key
    // columns set, the others null) the read looked for and did not find: a repair deletes
    // them from the targets unless a change in the window touched them.
    SnapshotWindow(std::shared_ptr<const TableSchema> table, std::vector<Row> rows,
                   std::vector<Row> absent = {});

    const TableSchema &table() const { return *m_table; }
    std::size_t rowCount() const { return m_rows.size(); }
    // The key of the chunk's last row as read (where the next chunk starts), even when the
    // stream dropped it; empty for an empty chunk.
    const Row &lastKey() const { return m_lastKey; }

    // Whether the change touches this chunk's table.
    bool concerns(const ChangeEvent &event) const;
    // A change the stream delivered inside the window.
    void observe(const ChangeEvent &event);
    // The rows no change overtook, in key order, as snapshot reads; then the absent keys no
    // change touched, as deletes.
    std::vector<ChangeEvent> close();

private:
    std::string keyOf(const Row &row) const;
    // A row of the stream's relation, in this chunk's columns (matched by name); columns the
    // stream's row lacks are unchanged TOAST.
    Row inChunkColumns(const ChangeEvent &event, const Row &row) const;
    // Applies an update that left some values out to the chunk's row of its old key; false when
    // the chunk has no such row.
    bool mergePartialUpdate(const ChangeEvent &event);

    std::shared_ptr<const TableSchema> m_table;
    std::vector<int> m_key;
    std::map<std::string, Row> m_rows; // by key text; order does not matter between rows
    std::vector<std::string> m_order;  // keys in read order
    std::map<std::string, Row> m_absent;
    Row m_lastKey;
};

} // namespace syncline
