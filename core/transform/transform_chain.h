#pragma once

#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "transform/column_mask.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace syncline::transform {

// What the chain does to one shape of a table: for each column, the masks it goes through in
// the file's order (none: passed as it is).
struct TablePlan
{
    std::vector<std::vector<ColumnMask>> columns;
    std::vector<std::size_t> keyColumns; // the row key date_shift shifts by
    bool needsRowKey = false;
    // The table with the value rows that existed before a masked column was added hold
    // (Column::existingRowsValue) masked too; null when it needs no change.
    std::shared_ptr<const TableSchema> maskedSchema;
    bool touchesAny = false;

    // Masks a row of the table in place.
    void apply(Row &row) const;
};

// The pipeline's "transforms", applied after the source and before the transport.
class TransformChain
{
public:
    // `allowUnmasked`: column patterns of pii:-tagged columns that may stay unmasked.
    explicit TransformChain(std::vector<TransformConfig> steps,
                            std::vector<std::string> allowUnmasked = {});

    bool empty() const { return m_steps.empty(); }
    // What the schema history keeps of a DDL statement the source logged: the statement, unless
    // the pipeline masks anything, since its text may quote data (a column's DEFAULT, or other
    // statements sent in the same query).
    std::string keptStatement(const std::string &ddl) const;
    // The columns of `table` tagged pii: in their comment that no step masks and that
    // allow_unmasked does not name, as "schema.table.column (pii:email)".
    std::vector<std::string> unmaskedPii(const TableSchema &table) const;
    // Builds the plan of a table shape; throws PermanentError when a step cannot mask a column
    // it selects (see ColumnMask). Safe from any thread.
    std::shared_ptr<TablePlan> planFor(const TableSchema &table) const;

private:
    bool selects(const TransformConfig &step, const TableSchema &table, const Column &column) const;

    std::vector<TransformConfig> m_steps;
    std::vector<std::string> m_allowUnmasked;
};

// Throws PermanentError when `table` cannot go through the chain as it is: a step that cannot
// mask a column it selects (see ColumnMask), or a column tagged pii: that no step masks.
void checkMasks(const TransformChain &chain, const TableSchema &table);

// The tags of a column comment: its words that start with "pii:" ("Work address. pii:email").
std::vector<std::string> piiTags(const std::string &comment);

// Whether a "columns" pattern (column, table.column, schema.table.column; * globs) selects
// the column of schema.table.
bool selectsColumn(const std::string &pattern, const std::string &schema, const std::string &table,
                   const std::string &column);

// Masks streamed transactions on one thread (the source's), keeping each table shape's plan.
class ChunkMasker
{
public:
    explicit ChunkMasker(const TransformChain &chain) : m_chain(chain) {}

    // The chunk with every row image masked: a copy when someone else holds the chunk too, else
    // the chunk itself; the same chunk when nothing in it is masked.
    std::shared_ptr<const TransactionChunk> apply(std::shared_ptr<const TransactionChunk> chunk);

private:
    const TablePlan &planFor(const std::shared_ptr<const TableSchema> &table);

    const TransformChain &m_chain;
    // By table shape; a shape's schema is kept alive so that its address names it.
    std::map<const TableSchema *,
             std::pair<std::shared_ptr<const TableSchema>, std::shared_ptr<const TablePlan>>>
        m_plans;
};

} // namespace syncline::transform
