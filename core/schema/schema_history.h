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
