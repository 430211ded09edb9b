#include "sink/postgres/statement_builder.h"

#include "pg/conninfo.h"

#include <algorithm>

namespace syncline {
namespace {

std::string tableName(const TableSchema &table)
{
    return pg::quoteQualifiedName(table.schema, table.name);
}

std::string column(const TableSchema &table, int index)
{
    return pg::quoteIdentifier(table.columns[std::size_t(index)].name);
}

std::string placeholder(ApplyStatement &statement, ParameterSource source)
{
    statement.parameters.push_back(source);
    return '$' + std::to_string(statement.parameters.size());
}

// The WHERE clause that finds the row an update or delete is about.
std::string rowMatch(ApplyStatement &statement, const TableSchema &table,
                     const std::vector<int> &applyKey, const std::vector<bool> &matchColumns)
{
    std::string where;
    auto add = [&](const std::string &condition) {
        where += (where.empty() ? "" : " AND ") + condition;
    };
    if (!applyKey.empty()) {
        for (int index : applyKey)
            add(column(table, index) + " = " + placeholder(statement, {true, index, true}));
        return where;
    }
    // No key on the target: match one row equal to the whole old row. ctid picks exactly one
    // of several identical rows, as the source changed exactly one.
    for (int index = 0; index < int(table.columns.size()); ++index)
        if (matchColumns[std::size_t(index)])
            add(column(table, index) + " IS NOT DISTINCT FROM " +
                placeholder(statement, {true, index, false}));
    return "ctid = (SELECT ctid FROM " + tableName(table) + " WHERE " + where + " LIMIT 1)";
}

} // namespace

// "($1, $2), ($3, $4)": `rows` groups of `width` consecutive placeholders.
static std::string placeholderRows(int rows, int width)
{
    std::string text;
    for (int row = 0; row < rows; ++row) {
        text += row ? ", (" : "(";
        for (int i = 0; i < width; ++i)
            text += (i ? ", $" : "$") + std::to_string(row * width + i + 1);
        text += ')';
    }
    return text;
}

ApplyStatement StatementBuilder::upsert(const TableSchema &table, const std::vector<int> &applyKey,
                                        int rows)
{
    ApplyStatement statement;
    statement.rows = rows;
    std::string columns;
    for (int index = 0; index < int(table.columns.size()); ++index) {
        columns += (index ? ", " : "") + column(table, index);
        statement.parameters.push_back({false, index, false});
    }
    statement.sql = "INSERT INTO " + tableName(table) + " (" + columns + ") VALUES " +
                    placeholderRows(rows, int(table.columns.size()));
    if (applyKey.empty())
        return statement;

    std::string conflict;
    for (int index : applyKey)
        conflict += (conflict.empty() ? "" : ", ") + column(table, index);
    std::string assignments;
    for (int index = 0; index < int(table.columns.size()); ++index) {
        if (std::find(applyKey.begin(), applyKey.end(), index) != applyKey.end())
            continue;
        assignments += (assignments.empty() ? "" : ", ") + column(table, index) + " = EXCLUDED." +
                       column(table, index);
    }
    statement.sql += " ON CONFLICT (" + conflict + ") DO " +
                     (assignments.empty() ? "NOTHING" : "UPDATE SET " + assignments);
    return statement;
}

ApplyStatement StatementBuilder::removeByKeys(const TableSchema &table,
                                              const std::vector<int> &applyKey, int rows)
{
    ApplyStatement statement;
    statement.rows = rows;
    std::string key;
    for (int index : applyKey) {
        key += (key.empty() ? "" : ", ") + column(table, index);
        statement.parameters.push_back({true, index, true});
    }
    statement.sql = "DELETE FROM " + tableName(table) + " WHERE (" + key + ") IN (" +
                    placeholderRows(rows, int(applyKey.size())) + ")";
    return statement;
}

ApplyStatement StatementBuilder::update(const TableSchema &table, const std::vector<int> &applyKey,
                                        const std::vector<bool> &setColumns,
                                        const std::vector<bool> &matchColumns)
{
    ApplyStatement statement;
    std::string assignments;
    for (int index = 0; index < int(table.columns.size()); ++index)
        if (setColumns[std::size_t(index)])
            assignments += (assignments.empty() ? "" : ", ") + column(table, index) + " = " +
                           placeholder(statement, {false, index, false});
    const std::string where = rowMatch(statement, table, applyKey, matchColumns);
    statement.sql = "UPDATE " + tableName(table) + " SET " + assignments + " WHERE " + where;
    return statement;
}

ApplyStatement StatementBuilder::remove(const TableSchema &table, const std::vector<int> &applyKey,
                                        const std::vector<bool> &matchColumns)
{
    ApplyStatement statement;
    const std::string where = rowMatch(statement, table, applyKey, matchColumns);
    statement.sql = "DELETE FROM " + tableName(table) + " WHERE " + where;
    return statement;
}

std::string StatementBuilder::truncate(const ChangeEvent &event)
{
    std::string tables;
    for (const auto &table : event.truncatedTables)
        tables += (tables.empty() ? "" : ", ") + tableName(*table);
    std::string sql = "TRUNCATE " + tables;
    if (event.truncateRestartIdentity)
        sql += " RESTART IDENTITY";
    // CASCADE is not forwarded: it could empty target tables the pipeline does not own
    // (PostgreSQL's own apply worker ignores it too).
    return sql;
}

} // namespace syncline
