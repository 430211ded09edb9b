#pragma once

#include "model/change_event.h"

#include <cstdint>
#include <string>
#include <vector>

namespace syncline {

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

    // The type of every parameter of one execution, given the target's type OID of each
    // source column (0: let the server infer it). Typed parameters are what make keys of
    // composite, enum, range or domain types work: `k = $1` alone resolves $1 to an
    // anonymous record, which the server cannot parse.
    std::vector<std::uint32_t> parameterTypes(const std::vector<std::uint32_t> &columnTypes) const;
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
    static ApplyStatement update(const TableSchema &table, const std::vector<int> &applyKey,
                                 const std::vector<bool> &setColumns,
                                 const std::vector<bool> &matchColumns);
    static ApplyStatement remove(const TableSchema &table, const std::vector<int> &applyKey,
                                 const std::vector<bool> &matchColumns);
    // Deletes `rows` rows by key in one statement; the table must have a key.
    static ApplyStatement removeByKeys(const TableSchema &table, const std::vector<int> &applyKey,
                                       int rows);
    static std::string truncate(const ChangeEvent &event);

    // The shape of the statement that applies `event` alone. Throws pg::Error (permanent) for
    // an update that cannot find its row (no old row and no key).
    static ChangeShape shapeOf(const ChangeEvent &event, const std::vector<int> &applyKey);
    static ApplyStatement build(const TableSchema &table, const std::vector<int> &applyKey,
                                const ChangeShape &shape);
    // The text of one parameter, or nullptr for NULL; points into the event.
    static const char *parameterValue(const ChangeEvent &event, const ParameterSource &source);
};

} // namespace syncline
