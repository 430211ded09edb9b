#pragma once

#include "model/change_event.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace syncline {

// How the target holds a column: its type, and the type to compare it as when a statement looks
// a row up. A domain compares as its base type: PostgreSQL has no `=` for a domain over an enum,
// array, range or composite (`k = $1` fails), while `k::base = $1` works and uses the key's index.
struct TargetColumnType
{
    std::uint32_t storeAs = 0; // type OID; 0: let the server infer it
    std::uint32_t compareAs = 0;
    std::string compareCast; // the base type's name for a domain, else empty
    // Type names without modifiers, schema-qualified, for casting text: the column's own type
    // and the type it compares as.
    std::string storeCast;
    std::string compareAsCast;
};

// Per source column, in the source's order (columns the target lacks get zeros).
struct TargetColumnTypes
{
    std::vector<TargetColumnType> columns;

    static TargetColumnTypes forSource(const TableSchema &table,
                                       const std::map<std::string, TargetColumnType> &byName);
    const TargetColumnType *at(int column) const
    {
        return std::size_t(column) < columns.size() ? &columns[std::size_t(column)] : nullptr;
    }
};

// Where a statement parameter's value comes from in a change event.
struct ParameterSource
{
    bool fromBefore = false; // else from the new row
    int column = 0;
    bool keyFallsBackToAfter = false; // key of an update: old key if sent, else the new row's
};

struct ApplyStatement
{
    std::string sql;
    std::vector<ParameterSource> parameters; // for each row the statement applies
    int rows = 1;                            // changes applied by one execution
    // A set statement: each parameter is a text[] holding one column's value for every row,
    // so one execution applies any number of rows.
    bool columnArrays = false;

    // The type of every parameter of one execution: old values (row lookups) as the column
    // compares, new ones as it stores. Typed parameters are what make keys of composite types
    // work: `k = $1` alone resolves $1 to an anonymous record, which the server cannot parse.
    std::vector<std::uint32_t> parameterTypes(const TargetColumnTypes &types) const;
};

// Which statement applies one change on its own: the same shape always gives the same SQL,
// so a shape names a prepared statement.
struct ChangeShape
{
    enum class Kind : char
    {
        Upsert = 'i',
        Update = 'u',
        Remove = 'd',
        Truncate = 't'
    } kind = Kind::Upsert;
    std::vector<bool> setColumns;   // Update: the columns the source sent
    std::vector<bool> matchColumns; // Update, Remove without a key: the old columns to match

    std::string cacheKey() const;
};

// The SQL that applies one change to a target table. `applyKey` holds the indexes of the
// target's key columns within the source relation; empty means the target has no key and rows
// are matched on every old column (replica identity full).
class StatementBuilder
{
public:
    // Insert, or an update that sends every column and keeps the key: an upsert when there is
    // a key, so the row ends up right whether or not the target already had it.
    static ApplyStatement upsert(const TableSchema &table, const std::vector<int> &applyKey,
                                 int rows = 1);
    // An update that changes the key or leaves TOASTed columns unchanged: only the columns the
    // source sent are set.
    // `types` (may be null) says which columns compare as another type.
    static ApplyStatement update(const TableSchema &table, const std::vector<int> &applyKey,
                                 const std::vector<bool> &setColumns,
                                 const std::vector<bool> &matchColumns,
                                 const TargetColumnTypes *types = nullptr);
    static ApplyStatement remove(const TableSchema &table, const std::vector<int> &applyKey,
                                 const std::vector<bool> &matchColumns,
                                 const TargetColumnTypes *types = nullptr);
    // Deletes `rows` rows by key in one statement; the table must have a key.
    static ApplyStatement removeByKeys(const TableSchema &table, const std::vector<int> &applyKey,
                                       int rows, const TargetColumnTypes *types = nullptr);
    static std::string truncate(const ChangeEvent &event);

    // Set statements (see ApplyStatement::columnArrays) for a keyed table: inserts of whole
    // rows (upserts with `replaceExisting`), and deletes by key. The values are cast from text
    // as the target's types read them.
    static ApplyStatement insertSet(const TableSchema &table, const std::vector<int> &applyKey,
                                    const TargetColumnTypes &types, bool replaceExisting);
    static ApplyStatement removeSet(const TableSchema &table, const std::vector<int> &applyKey,
                                    const TargetColumnTypes &types);

    // The shape of the statement that applies `event` alone. Throws pg::Error (permanent) for
    // an update that cannot find its row (no old row and no key).
    static ChangeShape shapeOf(const ChangeEvent &event, const std::vector<int> &applyKey);
    static ApplyStatement build(const TableSchema &table, const std::vector<int> &applyKey,
                                const ChangeShape &shape, const TargetColumnTypes *types = nullptr);
    // The text of one parameter, or nullptr for NULL; points into the event.
    static const char *parameterValue(const ChangeEvent &event, const ParameterSource &source);
    static const std::string *parameterText(const ChangeEvent &event,
                                            const ParameterSource &source);
};

} // namespace syncline
