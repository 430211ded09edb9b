#include "sink/redis/change_writer.h"

#include "config/key_template_syntax.h"
#include "model/table_definition.h"
#include "util/errors.h"
#include "util/json.h"

#include <algorithm>

namespace syncline::redis {

namespace {

using Mode = RedisSinkOptions::Mode;

std::vector<std::string> columnNames(const TableSchema &table)
{
    std::vector<std::string> names;
    for (const auto &column : table.columns)
        names.push_back(column.name);
    return names;
}

std::vector<std::string> columnNames(const TableDefinition &table)
{
    std::vector<std::string> names;
    for (const auto &column : table.columns)
        names.push_back(column.name);
    return names;
}

// {"id":"1","note":null}; values the source did not send (unchanged TOAST) are left out.
std::string rowJson(const std::vector<std::string> &columns, const Row &row)
{
    std::string json = "{";
    for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
        if (row[i].isUnchangedToast())
            continue;
        if (json.size() > 1)
            json += ',';
        appendJsonQuoted(json, columns[i]);
        json += ':';
        if (row[i].isNull())
            json += "null";
        else
            appendJsonQuoted(json, row[i].text);
    }
    return json + "}";
}

bool hasUnchanged(const Row &row)
{
    return std::any_of(row.begin(), row.end(), [](const Value &v) { return v.isUnchangedToast(); });
}

} // namespace

ChangeWriter::ChangeWriter(const RedisSinkOptions &options) : m_options(options) {}

void ChangeWriter::checkSchemas(const std::string &schema, const std::string &name)
{
    const std::pair<std::string, std::string> table{schema, name};
    if (std::find(m_names.begin(), m_names.end(), table) != m_names.end())
        return;
    m_names.push_back(table);
    if (m_options.mode == Mode::Stream)
        return; // each entry names its table
    if (std::string problem = schemaCollision(m_options.keyTemplate, m_names); !problem.empty()) {
        m_names.pop_back();
        throw PermanentError(problem);
    }
}

void ChangeWriter::addTable(const TableDefinition &table)
{
    checkSchemas(table.schema, table.name);
    m_tables.insert_or_assign(table.qualifiedName(),
                              Table{KeyTemplate(m_options.keyTemplate, table.schema, table.name,
                                                table.keyColumns, m_options.mode == Mode::Stream),
                                    table.keyColumns,
                                    nullptr,
                                    nullptr,
                                    {},
                                    {}});
}

ChangeWriter::Table &ChangeWriter::tableOf(const TableSchema &schema)
{
    const auto found = m_tables.find(schema.qualifiedName());
    if (found != m_tables.end())
        return found->second;
    // A table that arrived while streaming: its key is its replica identity.
    checkSchemas(schema.schema, schema.name);
    std::vector<std::string> keys;
    for (const int index : schema.keyColumnIndexes())
        keys.push_back(schema.columns[std::size_t(index)].name);
    Table table{KeyTemplate(m_options.keyTemplate, schema.schema, schema.name, keys,
                            m_options.mode == Mode::Stream),
                keys,
                nullptr,
                nullptr,
                {},
                {}};
    return m_tables.emplace(schema.qualifiedName(), std::move(table)).first->second;
}

std::string ChangeWriter::keyOf(const Table &table, const std::vector<std::string> &columns,
                                const Row &row)
{
    std::vector<const Value *> values;
    for (const auto &name : table.keyColumns) {
        const auto at = std::find(columns.begin(), columns.end(), name);
        static const Value missing;
        values.push_back(at != columns.end() && std::size_t(at - columns.begin()) < row.size()
                             ? &row[std::size_t(at - columns.begin())]
                             : &missing);
    }
    return table.key.render(values);
}

void ChangeWriter::write(const std::string &key, const std::string &qualified,
                         const std::vector<std::string> &columns, const Row &row, bool whole,
                         const std::string &position, ScriptBatch &batch) const
{
    if (m_options.mode == Mode::Invalidate) {
        batch.remove(key, qualified, position);
        return;
    }
    ScriptBatch::Fields fields;
    fields.reserve(columns.size());
    for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
        if (row[i].isUnchangedToast())
            continue; // the stored value stays
        fields.emplace_back(columns[i], row[i].isNull() ? std::nullopt
                                                        : std::optional<std::string>(row[i].text));
    }
    if (m_options.json)
        batch.writeJson(key, qualified, position, std::move(fields), whole && !hasUnchanged(row));
    else
        batch.writeHash(key, qualified, position, std::move(fields), whole && !hasUnchanged(row));
}

ScriptBatch::Fields ChangeWriter::entry(char op, const std::string &qualified,
                                        const std::vector<std::string> &columns, const Row *before,
                                        const Row *after, const std::string &position) const
{
    ScriptBatch::Fields fields{{"op", std::string(1, op)}, {"table", qualified}};
    if (before)
        fields.emplace_back("before", rowJson(columns, *before));
    if (after)
        fields.emplace_back("after", rowJson(columns, *after));
    fields.emplace_back("position", position);
    return fields;
}

void ChangeWriter::change(const ChangeEvent &event, const std::string &position, ScriptBatch &batch)
{
    if (event.op == Operation::Truncate) {
        for (const auto &table : event.truncatedTables)
            truncate(table->schema, table->name, position, batch);
        return;
    }
    const TableSchema &schema = *event.table;
    Table &table = tableOf(schema);
    if (table.described != &schema) {
        // A table's changes mostly share one schema: its names are built once for it.
        table.described = &schema;
        table.describedBy = event.table;
        table.columns = columnNames(schema);
        table.qualified = schema.qualifiedName();
    }
    const std::string &qualified = table.qualified;
    const auto &columns = table.columns;
    const Row *before = event.before ? &*event.before : nullptr;
    const Row *after = event.after ? &*event.after : nullptr;
    if (m_options.mode == Mode::Stream) {
        batch.appendEntry(table.key.render({}), qualified, position,
                          entry(char(event.op), qualified, columns, before, after, position));
        return;
    }
    if (!after) {
        if (before)
            batch.remove(keyOf(table, columns, *before), qualified, position);
        return;
    }
    const std::string key = keyOf(table, columns, *after);
    if (before && event.op == Operation::Update) {
        const std::string oldKey = keyOf(table, columns, *before);
        if (oldKey != key && m_options.mode == Mode::Invalidate)
            batch.remove(oldKey, qualified, position);
        else if (oldKey != key)
            batch.moveKey(oldKey, key, qualified, position);
    }
    // An update's new row is whole too, but for the values the source left out.
    write(key, qualified, columns, *after, true, position, batch);
}

void ChangeWriter::snapshotRow(const TableDefinition &definition, const Row &row,
                               const std::string &position, ScriptBatch &batch)
{
    const Table &table = m_tables.at(definition.qualifiedName());
    const auto columns = columnNames(definition);
    const std::string qualified = definition.qualifiedName();
    if (m_options.mode == Mode::Stream) {
        batch.appendEntry(table.key.render({}), qualified, position,
                          entry('r', qualified, columns, nullptr, &row, position));
        return;
    }
    write(keyOf(table, columns, row), qualified, columns, row, true, position, batch);
}

void ChangeWriter::truncate(const std::string &schema, const std::string &name,
                            const std::string &position, ScriptBatch &batch)
{
    TableSchema described;
    described.schema = schema;
    described.name = name;
    const std::string qualified = described.qualifiedName();
    const Table &table = tableOf(described);
    if (m_options.mode == Mode::Stream)
        batch.appendEntry(table.key.render({}), qualified, position,
                          entry('t', qualified, {}, nullptr, nullptr, position));
    else
        batch.truncate(table.key.scanPattern(), qualified, position);
}

} // namespace syncline::redis
