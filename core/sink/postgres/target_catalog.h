#pragma once

#include "model/table_schema.h"
#include "pg/connection.h"
#include "source/postgres/table_definition.h"

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
    // The primary key, else the first unique index without expressions or NULLable columns;
    // empty when the table has neither.
    std::vector<std::string> keyColumns(const std::string &schema, const std::string &name);

    void createTable(const TableDefinition &table);

private:
    pg::Connection &m_conn;
};

} // namespace syncline
