#include "sink/postgres/statement_builder.h"

#include "model/type_oids.h"
#include "pg/conninfo.h"
#include "pg/error.h"

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

// The column as a lookup compares it: cast to its base type when it is a domain.
std::string compared(const TableSchema &table, int index, const TargetColumnTypes *types)
{
    const TargetColumnType *type = types ? types->at(index) : nullptr;
    return type && !type->compareCast.empty() ? column(table, index) + "::" + type->compareCast
                                              : column(table, index);
}

// A text value read as the column's type (or the type it compares as).
std::string castFromText(const std::string &expression, const TargetColumnType *type,
                         bool asCompared)
{
    const std::string *name =
        type ? (asCompared ? &type->compareAsCast : &type->storeCast) : nullptr;
    return name && !name->empty() ? expression + "::" + *name : expression;
}

// " ON CONFLICT (key) DO UPDATE SET <every other column>", or DO NOTHING when there is none.
std::string onConflictUpdate(const TableSchema &table, const std::vector<int> &applyKey)
{
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
    return " ON CONFLICT (" + conflict + ") DO " +
           (assignments.empty() ? "NOTHING" : "UPDATE SET " + assignments);
}

std::string placeholder(ApplyStatement &statement, ParameterSource source)
{
    statement.parameters.push_back(source);
    return '$' + std::to_string(statement.parameters.size());
}

// The WHERE clause that finds the row an update or delete is about.
std::string rowMatch(ApplyStatement &statement, const TableSchema &table,
                     const std::vector<int> &applyKey, const std::vector<bool> &matchColumns,
                     const TargetColumnTypes *types)
{
    std::string where;
    auto add = [&](const std::string &condition) {
        where += (where.empty() ? "" : " AND ") + condition;
    };
    if (!applyKey.empty()) {
        for (int index : applyKey)
            add(compared(table, index, types) + " = " +
                placeholder(statement, {true, index, true}));
        return where;
    }
    // No key on the target: match one row equal to the whole old row. ctid picks exactly one
    // of several identical rows, as the source changed exactly one.
    for (int index = 0; index < int(table.columns.size()); ++index)
        if (matchColumns[std::size_t(index)])
            add(compared(table, index, types) + " IS NOT DISTINCT FROM " +
                placeholder(statement, {true, index, false}));
    return "ctid = (SELECT ctid FROM " + tableName(table) + " WHERE " + where + " LIMIT 1)";
}

} // namespace

TargetColumnTypes
TargetColumnTypes::forSource(const TableSchema &table,
                             const std::map<std::string, TargetColumnType> &byName)
{
    TargetColumnTypes types;
    for (const auto &column : table.columns) {
        const auto found = byName.find(column.name);
        types.columns.push_back(found == byName.end() ? TargetColumnType{} : found->second);
    }
    return types;
}

std::vector<std::uint32_t> ApplyStatement::parameterTypes(const TargetColumnTypes &types) const
{
    if (columnArrays)
        return std::vector<std::uint32_t>(parameters.size(), type_oids::kTextArray);
    std::vector<std::uint32_t> oids;
    oids.reserve(parameters.size() * std::size_t(rows));
    for (int row = 0; row < rows; ++row)
        for (const auto &parameter : parameters) {
            const TargetColumnType *type = types.at(parameter.column);
            oids.push_back(!type ? 0 : parameter.fromBefore ? type->compareAs : type->storeAs);
        }
    return oids;
}

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
    if (!applyKey.empty())
        statement.sql += onConflictUpdate(table, applyKey);
    return statement;
}

namespace {

// "(SELECT unnest($1::text[]) AS c0, ...) AS u": the arrays' rows, one per index. Set-returning
// functions in a target list stream their rows; in FROM (a function scan) PostgreSQL first
// stores them all, and spills to temporary files past work_mem, which cost a batch of wide rows
// half its time.
std::string arrayRows(const std::vector<std::pair<std::string, std::string>> &arraysAndNames)
{
    std::string list;
    for (const auto &[array, name] : arraysAndNames)
        list += (list.empty() ? "" : ", ") + ("unnest(" + array + "::text[]) AS ") + name;
    return "(SELECT " + list + ") AS u";
}

} // namespace

ApplyStatement StatementBuilder::insertSet(const TableSchema &table,
                                           const std::vector<int> &applyKey,
                                           const TargetColumnTypes &types, bool replaceExisting)
{
    ApplyStatement statement;
    statement.columnArrays = true;
    std::string columns, values;
    std::vector<std::pair<std::string, std::string>> arrays;
    for (int index = 0; index < int(table.columns.size()); ++index) {
        const std::string separator = index ? ", " : "";
        const std::string name = 'c' + std::to_string(index);
        columns += separator + column(table, index);
        values += separator + castFromText("u." + name, types.at(index), false);
        arrays.emplace_back(placeholder(statement, {false, index, false}), name);
    }
    statement.sql = "INSERT INTO " + tableName(table) + " (" + columns + ") SELECT " + values +
                    " FROM " + arrayRows(arrays) +
                    (replaceExisting ? onConflictUpdate(table, applyKey) : std::string());
    return statement;
}

ApplyStatement StatementBuilder::removeSet(const TableSchema &table,
                                           const std::vector<int> &applyKey,
                                           const TargetColumnTypes &types)
{
    ApplyStatement statement;
    statement.columnArrays = true;
    std::string where;
    std::vector<std::pair<std::string, std::string>> arrays;
    for (std::size_t i = 0; i < applyKey.size(); ++i) {
        const std::string name = 'k' + std::to_string(i);
        arrays.emplace_back(placeholder(statement, {true, applyKey[i], true}), name);
        where += (i ? " AND t." : "t.") + compared(table, applyKey[i], &types) + " = " +
                 castFromText("u." + name, types.at(applyKey[i]), true);
    }
    statement.sql =
        "DELETE FROM " + tableName(table) + " AS t USING " + arrayRows(arrays) + " WHERE " + where;
    return statement;
}

ApplyStatement StatementBuilder::removeByKeys(const TableSchema &table,
                                              const std::vector<int> &applyKey, int rows,
                                              const TargetColumnTypes *types)
{
    ApplyStatement statement;
    statement.rows = rows;
    std::string key;
    for (int index : applyKey) {
        key += (key.empty() ? "" : ", ") + compared(table, index, types);
        statement.parameters.push_back({true, index, true});
    }
    statement.sql = "DELETE FROM " + tableName(table) + " WHERE (" + key + ") IN (" +
                    placeholderRows(rows, int(applyKey.size())) + ")";
    return statement;
}

ApplyStatement StatementBuilder::update(const TableSchema &table, const std::vector<int> &applyKey,
                                        const std::vector<bool> &setColumns,
                                        const std::vector<bool> &matchColumns,
                                        const TargetColumnTypes *types)
{
    ApplyStatement statement;
    std::string assignments;
    for (int index = 0; index < int(table.columns.size()); ++index)
        if (setColumns[std::size_t(index)])
            assignments += (assignments.empty() ? "" : ", ") + column(table, index) + " = " +
                           placeholder(statement, {false, index, false});
    const std::string where = rowMatch(statement, table, applyKey, matchColumns, types);
    statement.sql = "UPDATE " + tableName(table) + " SET " + assignments + " WHERE " + where;
    return statement;
}

ApplyStatement StatementBuilder::remove(const TableSchema &table, const std::vector<int> &applyKey,
                                        const std::vector<bool> &matchColumns,
                                        const TargetColumnTypes *types)
{
    ApplyStatement statement;
    const std::string where = rowMatch(statement, table, applyKey, matchColumns, types);
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

namespace syncline {

namespace {

std::vector<bool> presentColumns(const Row &row)
{
    std::vector<bool> mask(row.size());
    for (std::size_t i = 0; i < row.size(); ++i)
        mask[i] = !row[i].isUnchangedToast();
    return mask;
}

bool allPresent(const std::vector<bool> &mask)
{
    return std::all_of(mask.begin(), mask.end(), [](bool present) { return present; });
}

std::string maskText(const std::vector<bool> &mask)
{
    std::string text;
    for (bool bit : mask)
        text += bit ? '1' : '0';
    return text;
}

} // namespace

std::string ChangeShape::cacheKey() const
{
    return std::string(1, char(kind)) + maskText(setColumns) + ':' + maskText(matchColumns);
}

ChangeShape StatementBuilder::shapeOf(const ChangeEvent &event, const std::vector<int> &applyKey)
{
    const bool keyed = !applyKey.empty();
    ChangeShape shape;
    switch (event.op) {
    case Operation::Truncate:
        shape.kind = ChangeShape::Kind::Truncate;
        return shape;
    case Operation::Delete:
        shape.kind = ChangeShape::Kind::Remove;
        if (!keyed)
            shape.matchColumns = presentColumns(*event.before);
        return shape;
    case Operation::Update: {
        auto set = presentColumns(*event.after);
        if (keyed && !event.before && allPresent(set))
            return shape; // the whole row, same key: an upsert
        if (!keyed && !event.before)
            throw pg::Error("update on " + event.table->qualifiedName() +
                                " carries no old row and the target has no key",
                            "55000", pg::Severity::Permanent);
        shape.kind = ChangeShape::Kind::Update;
        shape.setColumns = std::move(set);
        if (!keyed)
            shape.matchColumns = presentColumns(*event.before);
        return shape;
    }
    case Operation::Insert:
    case Operation::Read:
        return shape;
    }
    return shape;
}

ApplyStatement StatementBuilder::build(const TableSchema &table, const std::vector<int> &applyKey,
                                       const ChangeShape &shape, const TargetColumnTypes *types)
{
    switch (shape.kind) {
    case ChangeShape::Kind::Upsert:
        return upsert(table, applyKey);
    case ChangeShape::Kind::Update:
        return update(table, applyKey, shape.setColumns, shape.matchColumns, types);
    case ChangeShape::Kind::Remove:
        return remove(table, applyKey, shape.matchColumns, types);
    case ChangeShape::Kind::Truncate:
        break;
    }
    throw std::logic_error("a truncate has no prepared statement");
}

const char *StatementBuilder::parameterValue(const ChangeEvent &event,
                                             const ParameterSource &source)
{
    const std::string *text = parameterText(event, source);
    return text ? text->c_str() : nullptr;
}

const std::string *StatementBuilder::parameterText(const ChangeEvent &event,
                                                   const ParameterSource &source)
{
    const Row *row = event.after ? &*event.after : &*event.before;
    if (source.fromBefore && event.before) {
        const Value &old = (*event.before)[std::size_t(source.column)];
        if (!source.keyFallsBackToAfter || old.kind == Value::Kind::Text || !event.after)
            row = &*event.before;
    }
    const Value &value = (*row)[std::size_t(source.column)];
    return value.kind == Value::Kind::Text ? &value.text : nullptr;
}

} // namespace syncline
