#pragma once

#include "model/value.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncline {

// One column of a change event, before and after, for the console's diff view.
struct ColumnDiff
{
    std::string name;
    std::optional<Value> before; // none: the event has no before image, or it lacks the column
    std::optional<Value> after;
    // Both images are present and the column differs (an unchanged-TOAST after value counts
    // as unchanged).
    bool changed = false;
};

struct EnvelopeDiff
{
    char op = 'c';      // as the envelope says: c, u, d, r, t
    std::string schema; // source.schema, else source.db; may be empty
    std::string table;
    bool hasBefore = false;
    bool hasAfter = false;
    std::vector<ColumnDiff> columns; // the after image's order, then columns only before has
};

// The before and after images of a Debezium change event value, bare or wrapped with its
// schema (schemas.enable=true), from any Debezium connector: only "op" and the images are
// required. Empty for anything else (not JSON, a tombstone, another kind of message).
std::optional<EnvelopeDiff> diffEnvelope(std::string_view json);

} // namespace syncline
