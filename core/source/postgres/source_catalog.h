#pragma once

#include "model/lsn.h"
#include "model/table_definition.h"
#include "pg/connection.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

struct SlotInfo
{
    bool active = false;
    Lsn confirmedFlush;
    Lsn restartLsn;
    std::string plugin;
};

// Questions about the source database asked over an ordinary (non-replication) connection.
class SourceCatalog
{
public:
    explicit SourceCatalog(pg::Connection &connection) : m_conn(connection) {}

    // Throws pg::Error (permanent) when logical decoding is impossible, naming the setting.
    void checkServerSupportsLogicalReplication();

    // One problem per table that cannot be captured (missing, no key without identity full),
    // each with the SQL that fixes it. Empty when every table is fine.
    std::vector<std::string> findCaptureProblems(const std::vector<std::string> &tables);

    TableDefinition describeTable(const std::string &qualifiedName);
    // describeTable(), or nullopt when the source has no such table.
    std::optional<TableDefinition> findTable(const std::string &qualifiedName);

    // Adds what a pgoutput Relation message leaves out to each of its columns, from the
    // current catalog: type name, NOT NULL, default, attnum, and the value that rows older
    // than the column hold. A column the catalog no longer has under that name and type (a
    // later DDL got there first) keeps only its type name.
    void describeRelationColumns(TableSchema &table);

    // Creates the publication for the tables, or adds the ones it lacks.
    // The row filter of each table whose filter PostgreSQL evaluates (pushed down).
    using RowFilters = std::map<std::string, std::string>;
    // Creates the publication, or adds the tables it lacks. With `rowFilters` (PostgreSQL 15 or
    // later), Syncline manages the tables' row filters: they are set to these, and others
    // dropped; without, a publication that filters rows is refused.
    void ensurePublication(const std::string &publication, const std::vector<std::string> &tables,
                           const RowFilters *rowFilters = nullptr);

    std::optional<SlotInfo> slot(const std::string &slotName);
    void dropSlot(const std::string &slotName);
    Lsn currentWalLsn();

    // A publication made by someone else may leave changes out: throws pg::Error (permanent)
    // when it limits what it publishes or filters rows or columns. Fine when it does not exist.
    void checkPublicationIsComplete(const std::string &publication, bool rowFiltersManaged = false);
    void setRowFilters(const std::string &publication, const std::vector<std::string> &published,
                       const std::vector<std::string> &tables, const RowFilters &rowFilters);

private:
    pg::Connection &m_conn;
};

// "public.orders" -> {"public", "orders"}
std::pair<std::string, std::string> splitQualifiedName(const std::string &qualifiedName);

} // namespace syncline
