#pragma once

#include "model/change_event.h"

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
};

} // namespace syncline
