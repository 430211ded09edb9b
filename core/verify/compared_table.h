#pragma once

#include <string>
#include <vector>

namespace syncline::pg {
class Connection;
}

namespace syncline::verify {

// What verify compares of one table: the columns both sides have, in the source's order, and
// the key rows are matched by. Values are compared as their text under the pinned session
// settings (pg::Connection::open), so equal values read the same on both sides whatever the
// servers' settings.
struct ComparedTable
{
    std::string schema;
    std::string name;
    std::vector<std::string> columns;    // compared: the source's columns the target also has
    std::vector<std::string> keyColumns; // the source's key (replica identity, else primary key)
    std::vector<std::string> keyTypes;   // the source's types of the key columns
    // Per compared column: whether both sides hash it natively (hash_record_extended, no text
    // conversion: about twice as fast); else it is hashed as text.
    std::vector<bool> hashedNatively;
    std::vector<std::string> onlyOnSource; // not compared: missing on the target
    std::vector<std::string> onlyOnTarget; // not compared: e.g. kept after a source DROP COLUMN

    std::string qualifiedName() const { return schema + '.' + name; }
    // A single-column key of an integer type: rows can be grouped by key arithmetic.
    bool hasIntegerKey() const;

    // Describes `qualifiedName` from both catalogs. Throws VerifyError when a side lacks the
    // table, or the table has no key to match rows by.
    static ComparedTable describe(pg::Connection &source, pg::Connection &target,
                                  const std::string &qualifiedName);
};

} // namespace syncline::verify
