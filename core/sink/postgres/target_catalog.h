#pragma once

#include "model/table_definition.h"
#include "model/table_schema.h"
#include "pg/connection.h"
#include "schema/schema_evolution.h"
#include "sink/postgres/statement_builder.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace syncline {

// What a sink needs to know about, and create in, its target database.
class TargetCatalog
{
public:
    explicit TargetCatalog(pg::Connection &connection) : m_conn(connection) {}

    // Column names in order, or nullopt when the table does not exist.
    std::optional<std::vector<std::string>> columnNames(const std::string &schema,
                                                        const std::string &name);
    // Names and types, in order (isKey unset); nullopt when the table does not exist.
    std::optional<std::vector<Column>> columns(const std::string &schema, const std::string &name);
    // columns() with isKey from keyColumns(); nullptr when the table does not exist.
    std::shared_ptr<TableSchema> tableSchema(const std::string &schema, const std::string &name);
    // How each column stores and compares (see TargetColumnType), by name; empty when the
    // table does not exist.
    std::map<std::string, TargetColumnType> columnTypes(const std::string &schema,
                                                        const std::string &name);
    // Whether every one of the types has binary send and receive functions (an array's
    // element too) whose data means the same on another server, so COPY can carry them in its
    // binary format.
    bool hasBinaryIo(const std::vector<std::uint32_t> &typeOids);
    // Each column's type name, NOT NULL and default, and whether it is in keyColumns(), for
    // planning schema changes; empty when the table does not exist.
    std::vector<TargetColumn> describeColumns(const std::string &schema, const std::string &name);
    // The primary key, else the first unique index without expressions or NULLable columns;
    // empty when the table has neither.
    std::vector<std::string> keyColumns(const std::string &schema, const std::string &name);
    // Whether the order in which rows of the table change cannot matter to the end state: no
    // foreign key to or from it, no exclusion constraint, at most one unique index, and no
    // rules or enabled triggers of its own. Such a table takes a batch's changes set-wise.
    bool rowsAreIndependent(const std::string &schema, const std::string &name);

    // Creates the table with its key, and first the user-defined types it needs; throws
    // pg::Error (permanent) naming the types that only an extension can provide.
    void createTable(const TableDefinition &table);

private:
    void createUserTypes(const TableDefinition &table);

    pg::Connection &m_conn;
};

} // namespace syncline
