#pragma once

#include <string>
#include <vector>

namespace syncline {

namespace pg {
class Connection;
}

// A table of the source database as the console's table picker shows it: whether changes to it
// can be captured as they are, and the SQL that makes them capturable when not.
struct SourceTable
{
    std::string schema;
    std::string name;
    bool hasPrimaryKey = false;
    char replicaIdentity = 'd'; // pg_class.relreplident: d(efault), f(ull), i(ndex), n(othing)

    std::string qualifiedName() const { return schema + "." + name; }
    // Updates and deletes carry the row's identity: a primary key (or chosen index) or full rows.
    bool capturable() const;
    // "ALTER TABLE "s"."t" REPLICA IDENTITY FULL;" when not capturable, else empty.
    std::string fixSql() const;
};

// Whether a pipeline's table entry ("public.orders", or a pattern such as "sales.order_*",
// where * matches any characters) names the table "schema.table".
bool matchesTableEntry(const std::string &entry, const std::string &qualifiedName);
bool isTablePattern(const std::string &entry);

// The concrete tables of a pipeline's entries: names as they are, patterns replaced by the
// matching tables of `existing` (sorted; none when nothing matches yet). No table twice.
std::vector<std::string> expandTableEntries(const std::vector<std::string> &entries,
                                            const std::vector<SourceTable> &existing);

// Every ordinary table outside the system schemas, by schema and name. Throws pg::Error.
std::vector<SourceTable> listSourceTables(pg::Connection &connection);

// The server's wal_level and, unless it is logical, the statements that fix it (a restart is
// needed after them). Throws pg::Error.
struct WalLevelCheck
{
    std::string walLevel;
    bool ok() const { return walLevel == "logical"; }
    std::string fixSql() const; // empty when ok
};
WalLevelCheck checkWalLevel(pg::Connection &connection);

} // namespace syncline
