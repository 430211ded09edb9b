#pragma once

#include "model/lsn.h"
#include "model/table_schema.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace syncline {

class SqliteDatabase;

// One version of a table's shape, as pgoutput described it.
struct SchemaVersion
{
    std::string table; // schema.table
    int version = 0;   // 1, 2, ... per table
    std::string lsn;   // the first change seen with this shape
    std::string recordedAt;
    TableSchema schema;
};

// What one sink did about one change of a table's shape (see SchemaPlan).
struct SchemaActionRecord
{
    std::string table;
    std::string sink;
    std::string lsn;  // of the source transaction whose change needed the new shape
    std::string at;   // ISO 8601 UTC
    std::string kind; // add_column, drop_column, rename, widen, incompatible, drop_not_null
    std::string column;
    std::string detail;     // "integer → bigint", ...
    std::string outcome;    // applied, kept, quarantined
    std::string statements; // the DDL, one statement a line (what to run by hand when held)
};

// A DDL statement DDL capture logged on the source (see source/postgres/ddl_capture.h).
struct DdlRecord
{
    std::string object; // public.users
    std::string lsn;    // of its transaction
    std::string at;
    std::string commandTag;
    std::string ddl;
};

// The statements DDL capture logged that made versions[index] of a table: those of transactions
// after the previous version's first change, up to its own (the first version takes all up to
// its own); one a line, empty when none were logged.
std::string ddlOfVersion(const std::vector<SchemaVersion> &versions, std::size_t index,
                         const std::vector<DdlRecord> &ddl);

// Every version of every captured table, kept in the pipeline's state directory
// (schema-history.sqlite), so the console can show how a table changed and when. A new version
// is stored only when the columns, their types or the key differ from the last one.
class SchemaHistory
{
public:
    static std::filesystem::path fileIn(const std::filesystem::path &stateDir);

    explicit SchemaHistory(const std::filesystem::path &file);
    ~SchemaHistory();

    // True when this was a new version (names, types, key or replica identity changed).
    bool record(const TableSchema &schema, Lsn lsn);
    // Sets renamedFrom and previousSqlType from the table's latest version: a column keeps its
    // attnum when renamed. When `schema` has the latest version's shape, it gets the latest
    // version's links (the server resends relations after every restart).
    void linkToPrevious(TableSchema &schema);
    std::vector<std::string> tables();
    std::vector<SchemaVersion> versions(const std::string &table); // oldest first

    // Once per sink, change and source transaction (a sink that applies it again after a
    // crash records nothing new).
    void recordAction(const SchemaActionRecord &action);
    std::vector<SchemaActionRecord> actions(const std::string &table); // oldest first

    void recordDdl(const DdlRecord &statement);            // once per object, transaction and text
    std::vector<DdlRecord> ddl(const std::string &object); // oldest first

private:
    std::unique_ptr<SqliteDatabase> m_db;
};

// A column's change between two versions.
struct ColumnChange
{
    enum class Kind
    {
        Added,
        Removed,
        TypeChanged,
        KeyChanged,
        Unchanged
    } kind = Kind::Unchanged;
    std::string name;
    std::string before; // type, with "(key)" where it is part of the key; empty when added
    std::string after;  // empty when removed
};
// Columns matched by name, in the newer version's order, removed columns after.
std::vector<ColumnChange> diffSchemas(const TableSchema &older, const TableSchema &newer);

} // namespace syncline
