#pragma once

#include "model/change_event.h"

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace syncline {

// The changes a batch makes to tables whose rows are independent of each other (see
// TargetCatalog::rowsAreIndependent), reduced to each row's last state: for every key, the
// whole row to upsert, a delete, or an update of only some columns (the source left TOASTed
// values out and the batch has no whole copy of the row). Applying these in any order, one
// statement per table and kind, ends where applying every change in order ends.
class NetChanges
{
public:
    struct Row
    {
        enum class Kind : char
        {
            Upsert,
            Delete,
            Update // some columns of a row the batch did not otherwise touch
        } kind = Kind::Upsert;
        const ChangeEvent *event = nullptr; // the values: its new row, or its old key
        // Whether the target had the row before the batch, as far as the batch shows: a delete
        // of a row the batch inserted finds nothing, and that is no sign of drift.
        bool existedBefore = false;
        // Whether the batch's first change of the row inserted it: then the target has no such
        // row, unless it drifted from the source, and a plain INSERT (no conflict check) adds it.
        bool inserted = false;
    };
    struct Table
    {
        std::shared_ptr<const TableSchema> schema;
        std::vector<int> key; // target key columns, as indexes into the source's columns
        std::vector<Row> rows;
        std::unordered_map<std::string, std::size_t> rowByKey;
        // The latest change taken: its transaction is the batch's last one for this table.
        std::shared_ptr<const TransactionChunk> latestChunk;
        int latestIndex = -1;
    };

    // Takes event `index` of the chunk, of a keyed table with independent rows. Returns false,
    // taking nothing, when it must be applied in order after what was taken is applied: a
    // truncate, a key move that leaves TOASTed values out for a row the batch has no whole copy
    // of, or a table whose shape changed since its first change here.
    bool take(const std::shared_ptr<const TransactionChunk> &chunk, int index,
              const std::vector<int> &key);

    // A row's key as one text: its old key (`old`: what an update or delete finds the row by),
    // else its new one.
    static std::string keyText(const ChangeEvent &event, const std::vector<int> &key, bool old);

    bool empty() const { return m_tables.empty(); }
    std::size_t rowCount() const { return m_rowCount; }
    // What the chunks taken from hold in memory.
    std::size_t bytes() const { return m_bytes; }

    // The tables in the order the batch first changed them; the rows point into chunks that
    // stay alive until clear().
    const std::vector<Table> &tables() const { return m_tables; }
    void clear();

private:
    Table *knownTable(const TableSchema &schema);
    Table &tableFor(const std::shared_ptr<const TableSchema> &schema, const std::vector<int> &key);
    Row *find(Table &table, const std::string &key);
    void set(Table &table, const std::string &key, Row row);
    // `event`'s new row with the columns it left out filled in from `base`.
    const ChangeEvent *merged(const ChangeEvent &base, const ChangeEvent &event);

    std::vector<Table> m_tables;
    std::vector<std::shared_ptr<const TransactionChunk>> m_chunks;
    std::deque<ChangeEvent> m_mergedEvents; // stable addresses
    std::size_t m_rowCount = 0;
    std::size_t m_bytes = 0;
};

} // namespace syncline
