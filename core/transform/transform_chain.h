#pragma once

#include "config/pipeline_config.h"
#include "model/change_event.h"
#include "model/table_definition.h"
#include "transform/column_mask.h"
#include "transform/row_filter.h"
#include "util/errors.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline::transform {

// A step the chain cannot apply to a table (or a filter that does not parse): `step` is its
// index in the file's transforms, so that messages can point at it.
class TransformError : public PermanentError
{
public:
    TransformError(std::size_t step, const std::string &message, std::size_t offset = 0)
        : PermanentError(message), step(step), offset(offset)
    {}
    std::size_t step;
    std::size_t offset; // filter syntax: where in the where text
};

// What the chain does to one shape of a table, its steps in the file's order: masks and
// filters on the source's columns, then the columns kept (select) under their new names, in the
// table's new name (route).
struct TablePlan
{
    struct Operation
    {
        std::size_t column = 0;                 // a mask: the source column it masks
        std::optional<ColumnMask> mask;         // else a filter:
        std::optional<RowFilter::Bound> filter; // over the source's columns
    };
    std::vector<Operation> operations;
    std::vector<std::size_t> outputColumns; // the source column of each column that leaves
    std::vector<std::size_t> keyColumns;    // the row key date_shift shifts by
    bool needsRowKey = false;
    bool filters = false;  // a filter step applies
    bool reshapes = false; // columns left out or renamed, or the table renamed
    bool touchesAny = false;
    // The table as it leaves the chain: its new name and columns, with the value rows that
    // existed before a masked column was added hold (Column::existingRowsValue) masked too.
    std::shared_ptr<const TableSchema> output;

    // Runs a row of the source's shape through the steps: false when a filter drops it; else
    // the row leaves in the output's shape. Filters are skipped with `filtered` false (an old
    // image: which row to change, never whether).
    bool apply(Row &row, bool filtered = true) const;
    // Whether the output of `row` is known: an unchanged TOAST value a filter reads is not.
    bool canFilter(const Row &row) const;
};

// The pipeline's "transforms", applied after the source and before the transport.
class TransformChain
{
public:
    // `allowUnmasked`: column patterns of pii:-tagged columns that may stay unmasked. Throws
    // TransformError when a filter's text does not parse.
    explicit TransformChain(std::vector<TransformConfig> steps,
                            std::vector<std::string> allowUnmasked = {});

    bool empty() const { return m_steps.empty(); }
    // Whether a filter step may drop or add events.
    bool filters() const
    {
        return std::any_of(m_steps.begin(), m_steps.end(),
                           [](const auto &step) { return step.type == "filter"; });
    }
    const std::vector<TransformConfig> &steps() const { return m_steps; }
    // What the schema history keeps of a DDL statement the source logged: the statement, unless
    // the pipeline masks anything, since its text may quote data (a column's DEFAULT, or other
    // statements sent in the same query).
    std::string keptStatement(const std::string &ddl) const;
    // The columns of `table` tagged pii: in their comment that no step masks or leaves out and
    // that allow_unmasked does not name, as "schema.table.column (pii:email)".
    // `plan`: the table's, when the caller has it.
    std::vector<std::string> unmaskedPii(const TableSchema &table,
                                         const TablePlan *plan = nullptr) const;
    // Builds the plan of a table shape; throws TransformError when a step cannot apply to it
    // (see ColumnMask; a key column left out; a filter over a column the table lacks). Safe
    // from any thread.
    std::shared_ptr<TablePlan> planFor(const TableSchema &table) const;
    // The table as the targets get it (see TablePlan::output).
    TableDefinition outputDefinition(const TableDefinition &table) const;
    // The source's tables as the targets get them; throws TransformError when two reach the
    // same target table.
    std::vector<TableDefinition>
    outputDefinitions(const std::vector<TableDefinition> &tables) const;

    // The PostgreSQL row filter equivalent to the chain's filters of `table`, for its
    // publication; nullopt, with the reason in `why`, when there is none (no filter, a filter
    // after a mask or over columns outside the replica identity, a comparison the server would
    // make differently).
    std::optional<std::string> publicationRowFilter(const TableSchema &table,
                                                    std::string *why = nullptr) const;

private:
    // Whether the step applies to a table of that (current) name.
    bool appliesTo(const TransformConfig &step, const std::string &schema,
                   const std::string &table) const;
    bool masks(const TransformConfig &step, const std::string &schema, const std::string &table,
               const std::string &name, const Column &column) const;

    std::vector<TransformConfig> m_steps;
    std::vector<std::optional<RowFilter>> m_filters; // by step
    std::vector<std::string> m_allowUnmasked;
};

// Throws PermanentError when `table` cannot go through the chain as it is: a step that cannot
// apply to it (see planFor), or a column tagged pii: that no step masks. Returns its plan.
std::shared_ptr<TablePlan> checkMasks(const TransformChain &chain, const TableSchema &table);

// The tags of a column comment: its words that start with "pii:" ("Work address. pii:email").
std::vector<std::string> piiTags(const std::string &comment);

// Whether a "columns" pattern (column, table.column or schema.table.column; * globs) selects
// the column of schema.table.
bool selectsColumn(const std::string &pattern, const std::string &schema, const std::string &table,
                   const std::string &column);

} // namespace syncline::transform
